package database_test

import (
	"context"
	"testing"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestTeamDaysConcurrentPeriodAndEntry: on PostgreSQL (READ COMMITTED) an
// entry written for a person while, in another transaction, a period that
// holds its date is added, is counted by neither trigger: the entry's
// trigger does not see the uncommitted period, the period's trigger does
// not see the uncommitted entry, and nothing conflicts. Both commit and
// the team's report from team_days lacks the entry for good. (An admin
// adding someone to a team while their timer stops, or while an import
// runs, is enough.) SQLite has one writer at a time, so it cannot happen
// there.
func TestTeamDaysConcurrentPeriodAndEntry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		if dialect != database.Postgres {
			t.Skip("SQLite serialises writers")
		}
		h := newTeamDaysHarness(t, dialect)
		ctx := context.Background()

		// The entry first, the period second, neither committed.
		entryTx := h.db.W.WithContext(ctx).Begin()
		periodTx := h.db.W.WithContext(ctx).Begin()
		if err := entryTx.Exec(hostileEntrySQL, "e1", "ana", "2026-03-03", 60, true, true, "2026-03-03").Error; err != nil {
			t.Fatal(err)
		}
		if err := periodTx.Exec(hostilePeriodSQL, "p1", "core", "ana", "2026-03-01", nil, nil).Error; err != nil {
			t.Fatal(err)
		}
		if err := entryTx.Commit().Error; err != nil {
			t.Fatal(err)
		}
		if err := periodTx.Commit().Error; err != nil {
			t.Fatal(err)
		}
		h.check("after an entry and a period holding it were written concurrently")

	})
}
