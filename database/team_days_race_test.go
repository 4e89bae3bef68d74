package database_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestTeamDaysConcurrentPeriodAndEntry: on PostgreSQL (READ COMMITTED) an
// entry written for a person while, in another transaction, a period that
// holds its date is added, was counted by neither trigger (each ran before
// the other's row was committed), and the team's report from team_days
// lacked the entry for good. The person's lock (migration
// 20261213_team_days_guards) makes the second writer wait for the first
// one's commit, in either order. SQLite has one writer at a time.
func TestTeamDaysConcurrentPeriodAndEntry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		if dialect != database.Postgres {
			t.Skip("SQLite serialises writers")
		}
		entry := func(tx *gorm.DB) error {
			return tx.Exec(hostileEntrySQL, "e1", "ana", "2026-03-03", 60, true, true, "2026-03-03").Error
		}
		period := func(tx *gorm.DB) error {
			return tx.Exec(hostilePeriodSQL, "p1", "core", "ana", "2026-03-01", nil, nil).Error
		}
		for _, c := range []struct {
			name          string
			first, second func(*gorm.DB) error
		}{{"entry first", entry, period}, {"period first", period, entry}} {
			h := newTeamDaysHarness(t, dialect)
			ctx := context.Background()
			firstTx := h.db.W.WithContext(ctx).Begin()
			if err := c.first(firstTx); err != nil {
				t.Fatal(err)
			}
			// The second writer waits for the first one's commit.
			done := make(chan error, 1)
			go func() {
				secondTx := h.db.W.WithContext(ctx).Begin()
				if err := c.second(secondTx); err != nil {
					secondTx.Rollback()
					done <- err
					return
				}
				done <- secondTx.Commit().Error
			}()
			select {
			case err := <-done:
				firstTx.Rollback()
				t.Fatalf("%s: the second writer did not wait for the first: %v", c.name, err)
			case <-time.After(300 * time.Millisecond):
			}
			if err := firstTx.Commit().Error; err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			h.check(c.name + ": an entry and a period holding it written concurrently")
		}
	})
}
