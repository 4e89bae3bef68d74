package tracking

import "context"

// dayTotal is one user's logged minutes on one date. Triggers on entries
// keep it (database migration 06), so it always equals the sum of the
// date's live entries.
type dayTotal struct {
	UserID        string
	Date          string
	Minutes       int
	OnTimeMinutes int
}

func (dayTotal) TableName() string { return "day_totals" }

// OpenDay is what the pending points of a still-open date need.
type OpenDay struct {
	Minutes       int // all live entries
	OnTimeMinutes int // live, on-time, non-import entries
	TimeOff       bool
}

// OpenDayFacts reads a user's date totals and whether it is time off.
func (s *Service) OpenDayFacts(ctx context.Context, userID, date string) (*OpenDay, error) {
	key := UserDay{UserID: userID, Date: date}
	days, err := s.OpenDays(ctx, []UserDay{key})
	if err != nil {
		return nil, err
	}
	d := days[key]
	return &d, nil
}

// DayMinutes is the user's logged total for a date.
func (s *Service) DayMinutes(ctx context.Context, userID, date string) (int, error) {
	var total []int
	err := s.db.Reader(ctx).Model(&dayTotal{}).Where("user_id = ? AND date = ?", userID, date).
		Limit(1).Pluck("minutes", &total).Error
	if err != nil || len(total) == 0 {
		return 0, err
	}
	return total[0], nil
}

// SplitDays lists the distinct users and dates of some user-days, for an
// IN query whose rows the caller then matches against the exact pairs.
func SplitDays(days []UserDay) (ids, dates []string) {
	seenID, seenDate := map[string]bool{}, map[string]bool{}
	for _, d := range days {
		if !seenID[d.UserID] {
			seenID[d.UserID] = true
			ids = append(ids, d.UserID)
		}
		if !seenDate[d.Date] {
			seenDate[d.Date] = true
			dates = append(dates, d.Date)
		}
	}
	return ids, dates
}

// MinutesByDate is a user's logged minutes per date from from to to (both
// included); a date with nothing logged is absent.
func (s *Service) MinutesByDate(ctx context.Context, userID, from, to string) (map[string]int, error) {
	var rows []dayTotal
	err := s.db.Reader(ctx).Where("user_id = ? AND date >= ? AND date <= ? AND minutes > 0", userID, from, to).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Date] = r.Minutes
	}
	return out, nil
}
