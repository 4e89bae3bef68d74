package database_test

import (
	"errors"
	"testing"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/internal/valid"
)

// TestInDates: either end may be left open, both are inclusive, and an end
// that is not a date is a validation error, on both databases.
func TestInDates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		db := dbtest.Open(t, dialect)
		if err := db.W.Exec("CREATE TABLE days (date TEXT NOT NULL)").Error; err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{"2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03"} {
			if err := db.W.Exec("INSERT INTO days (date) VALUES (?)", d).Error; err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			from, to string
			want     int64
		}{{"", "", 4}, {"2026-03-01", "", 3}, {"", "2026-03-01", 2}, {"2026-03-01", "2026-03-02", 2}, {"2026-03-03", "2026-03-01", 0}} {
			q, err := database.InDates(db.R.Table("days"), c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			var n int64
			if err := q.Count(&n).Error; err != nil || n != c.want {
				t.Errorf("%q..%q: %d rows (%v), want %d", c.from, c.to, n, err, c.want)
			}
		}
		for _, bad := range [][2]string{{"2026-02-30", ""}, {"", "yesterday"}} {
			var verr *valid.Error
			if _, err := database.InDates(db.R.Table("days"), bad[0], bad[1]); !errors.As(err, &verr) {
				t.Errorf("%q..%q: %v, want a validation error", bad[0], bad[1], err)
			}
		}
	})
}
