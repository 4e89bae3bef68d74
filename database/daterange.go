package database

import (
	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
)

// InDates narrows q to rows whose date column lies between from and to
// (YYYY-MM-DD, inclusive; an empty end is open), as the API's from/to
// parameters ask; an end that is not a date is refused as invalid input.
func InDates(q *gorm.DB, from, to string) (*gorm.DB, error) {
	if from != "" {
		if err := valid.Date("from", from); err != nil {
			return nil, err
		}
		q = q.Where("date >= ?", from)
	}
	if to != "" {
		if err := valid.Date("to", to); err != nil {
			return nil, err
		}
		q = q.Where("date <= ?", to)
	}
	return q, nil
}
