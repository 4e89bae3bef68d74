package tracking

import "context"

// DayFacts are the inputs scoring reads about a user's dates.
type DayFacts struct {
	OnTime  map[string]int    // date -> on-time minutes (live, non-import entries)
	LateOn  map[string]string // date -> local date when its first backfilled entry was logged
	TimeOff map[string]bool
}

func newFacts() *DayFacts {
	return &DayFacts{OnTime: map[string]int{}, LateOn: map[string]string{}, TimeOff: map[string]bool{}}
}

// Facts loads one user's day facts for dates from..to, through the
// transaction in ctx when there is one.
func (s *Service) Facts(ctx context.Context, userID, from, to string) (*DayFacts, error) {
	all, err := s.FactsFor(ctx, []string{userID}, from, to)
	if err != nil {
		return nil, err
	}
	return all[userID], nil
}

// FactsFor loads the day facts of several users for dates from..to in
// three queries, however many users. Every user gets an entry. Deleted
// entries count for LateOn: the first backfilled entry of a date stays the
// first even when it is later removed.
func (s *Service) FactsFor(ctx context.Context, userIDs []string, from, to string) (map[string]*DayFacts, error) {
	out := make(map[string]*DayFacts, len(userIDs))
	for _, id := range userIDs {
		out[id] = newFacts()
	}
	db := s.db.Reader(ctx)
	var sums []struct {
		UserID  string
		Date    string
		Minutes int
	}
	if err := db.Model(&Entry{}).Select("user_id, date, SUM(minutes) AS minutes").
		Where("user_id IN ? AND date BETWEEN ? AND ? AND on_time = ? AND source <> ?", userIDs, from, to, true, SourceImport).
		Group("user_id, date").Scan(&sums).Error; err != nil {
		return nil, err
	}
	for _, r := range sums {
		out[r.UserID].OnTime[r.Date] = r.Minutes
	}
	var late []struct {
		UserID  string
		Date    string
		DatedOn string
	}
	if err := db.Unscoped().Model(&Entry{}).Select("user_id, date, dated_on").
		Where("user_id IN ? AND date BETWEEN ? AND ? AND on_time = ? AND source <> ?", userIDs, from, to, false, SourceImport).
		Order("user_id, date, dated_at, id").Scan(&late).Error; err != nil {
		return nil, err
	}
	for _, r := range late {
		if f := out[r.UserID]; f.LateOn[r.Date] == "" {
			f.LateOn[r.Date] = r.DatedOn
		}
	}
	var off []struct {
		UserID string
		Date   string
	}
	if err := db.Model(&TimeOffDay{}).Select("user_id, date").Where("user_id IN ? AND date BETWEEN ? AND ?", userIDs, from, to).
		Scan(&off).Error; err != nil {
		return nil, err
	}
	for _, r := range off {
		out[r.UserID].TimeOff[r.Date] = true
	}
	return out, nil
}

// UserDay names one user's local date.
type UserDay struct{ UserID, Date string }

// LoggedAndOff tells, for each of the given user-days, whether anything was
// logged on it and whether it is time off, in one query however many days.
func (s *Service) LoggedAndOff(ctx context.Context, days []UserDay) (logged, off map[UserDay]bool, err error) {
	logged, off = map[UserDay]bool{}, map[UserDay]bool{}
	if len(days) == 0 {
		return logged, off, nil
	}
	open, err := s.OpenDays(ctx, days)
	if err != nil {
		return nil, nil, err
	}
	for d, o := range open {
		logged[d], off[d] = o.Minutes > 0, o.TimeOff
	}
	return logged, off, nil
}
