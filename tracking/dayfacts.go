package tracking

import (
	"context"

	"gorm.io/gorm"
)

// DayFacts are the inputs scoring reads about a user's dates.
type DayFacts struct {
	OnTime  map[string]int    // date -> on-time minutes (live, non-import entries)
	LateOn  map[string]string // date -> local date when its first backfilled entry was logged
	TimeOff map[string]bool
}

// Facts loads a user's day facts for dates from..to through db, which may
// be a transaction. Deleted entries count for LateOn: the first backfilled
// entry of a date stays the first even when it is later removed.
func (s *Service) Facts(ctx context.Context, db *gorm.DB, userID, from, to string) (*DayFacts, error) {
	f := &DayFacts{OnTime: map[string]int{}, LateOn: map[string]string{}, TimeOff: map[string]bool{}}
	db = db.WithContext(ctx)
	var sums []struct {
		Date    string
		Minutes int
	}
	if err := db.Model(&Entry{}).Select("date, SUM(minutes) AS minutes").
		Where("user_id = ? AND date BETWEEN ? AND ? AND on_time = ? AND source <> ?", userID, from, to, true, SourceImport).
		Group("date").Scan(&sums).Error; err != nil {
		return nil, err
	}
	for _, r := range sums {
		f.OnTime[r.Date] = r.Minutes
	}
	var late []struct {
		Date    string
		DatedOn string
	}
	if err := db.Unscoped().Model(&Entry{}).Select("date, dated_on").
		Where("user_id = ? AND date BETWEEN ? AND ? AND on_time = ? AND source <> ?", userID, from, to, false, SourceImport).
		Order("date, dated_at, id").Scan(&late).Error; err != nil {
		return nil, err
	}
	for _, r := range late {
		if _, seen := f.LateOn[r.Date]; !seen {
			f.LateOn[r.Date] = r.DatedOn
		}
	}
	var off []string
	if err := db.Model(&TimeOffDay{}).Where("user_id = ? AND date BETWEEN ? AND ?", userID, from, to).
		Pluck("date", &off).Error; err != nil {
		return nil, err
	}
	for _, d := range off {
		f.TimeOff[d] = true
	}
	return f, nil
}

// HasEntries tells whether the user logged anything on a date.
func (s *Service) HasEntries(ctx context.Context, userID, date string) (bool, error) {
	var n int64
	err := s.db.R.WithContext(ctx).Model(&Entry{}).Where("user_id = ? AND date = ?", userID, date).Limit(1).Count(&n).Error
	return n > 0, err
}

// IsTimeOff tells whether a date is time off for the user.
func (s *Service) IsTimeOff(ctx context.Context, userID, date string) (bool, error) {
	var n int64
	err := s.db.R.WithContext(ctx).Model(&TimeOffDay{}).Where("user_id = ? AND date = ?", userID, date).Count(&n).Error
	return n > 0, err
}
