package database_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/database/dbtest"
)

// TestTeamDaysFromExistingEntries: upgrading builds team_days from the live
// entries and the periods (an entry in two overlapping periods of a team
// counts once, one outside every period not at all), and then entries and
// periods keep it: a period that ends takes out the entries after it, one
// removed inside another changes nothing, a new one brings its entries in.
func TestTeamDaysFromExistingEntries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := openAt(t, dialect, "20261211_notification_date")
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := db.W.Exec(sql, args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		entry := func(id, user, task, date string, minutes int, source string, onTime bool) {
			t.Helper()
			exec(`INSERT INTO entries (id, user_id, task_id, project_id, date, minutes, note, billable, source,
				on_time, dated_at, dated_on, created_at, updated_at)
				VALUES (?, ?, ?, 'p', ?, ?, '', ?, ?, ?, '2026-03-02 10:00:00', ?, '2026-03-02 10:00:00', '2026-03-02 10:00:00')`,
				id, user, task, date, minutes, true, source, onTime, date)
		}
		period := func(id, team, user, from string, to any) {
			t.Helper()
			var leftAt any
			if to != nil {
				leftAt = "2026-04-01 10:00:00"
			}
			exec(`INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on)
				VALUES (?, ?, ?, '2026-03-01 10:00:00', ?, ?, ?)`, id, team, user, from, leftAt, to)
		}
		period("p1", "core", "ana", "2026-03-01", nil)
		period("p2", "core", "ana", "2026-03-02", "2026-03-02") // inside p1
		period("p3", "side", "bo", "2026-03-03", "2026-03-03")
		entry("e1", "ana", "t1", "2026-03-02", 60, "web", true)
		entry("e2", "ana", "t1", "2026-03-02", 30, "web", false)
		entry("e3", "ana", "t2", "2026-03-31", 45, "import", false)
		entry("e4", "bo", "t1", "2026-03-02", 15, "api", true) // before bo's period
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		type total struct {
			TeamID, Date, TaskID, Kind string
			Minutes, Entries           int
		}
		check := func(when string, want []total) {
			t.Helper()
			var got []total
			if err := db.R.Raw(`SELECT team_id, date, task_id, kind, minutes, entries FROM team_days
				ORDER BY team_id, date, task_id, kind`).Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: team_days (-want +got):\n%s", when, diff)
			}
		}
		check("after the upgrade", []total{
			{"core", "2026-03-02", "t1", "late", 30, 1},
			{"core", "2026-03-02", "t1", "on_time", 60, 1},
			{"core", "2026-03-31", "t2", "imported", 45, 1},
		})
		entry("e5", "ana", "t1", "2026-03-02", 10, "web", true) // in both of ana's periods: once
		exec("UPDATE entries SET minutes = 20 WHERE id = 'e2'")
		exec("UPDATE team_memberships SET left_on = '2026-03-30', left_at = '2026-03-31 10:00:00' WHERE id = 'p1'")
		exec("DELETE FROM team_memberships WHERE id = 'p2'")
		period("p4", "side", "bo", "2026-03-01", "2026-03-31")
		check("after the writes", []total{
			{"core", "2026-03-02", "t1", "late", 20, 1},
			{"core", "2026-03-02", "t1", "on_time", 70, 2},
			{"core", "2026-03-31", "t2", "imported", 0, 0},
			{"side", "2026-03-02", "t1", "on_time", 15, 1},
		})
	})
}
