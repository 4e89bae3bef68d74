package database_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/database/dbtest"
)

// TestReportTotalsFromExistingEntries: upgrading a database that already
// has entries builds both rollups from its live ones, each kind and
// billable flag apart, and the triggers take over from there: a new entry
// adds, an edit that moves an entry takes it from one total to another, a
// note-only edit changes nothing, one of the minutes changes them in place,
// a soft delete empties a total.
func TestReportTotalsFromExistingEntries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := openAt(t, dialect, "20261211_notification_date")
		insert := func(id, user, task, date string, minutes int, billable bool, source string, onTime, deleted bool) {
			t.Helper()
			del := "NULL"
			if deleted {
				del = "'2026-03-03 10:00:00'"
			}
			err := db.W.Exec(`INSERT INTO entries (id, user_id, task_id, project_id, date, minutes, note, billable, source,
				on_time, dated_at, dated_on, created_at, updated_at, deleted_at)
				VALUES (?, ?, ?, 'p', ?, ?, '', ?, ?, ?, '2026-03-02 10:00:00', ?, '2026-03-02 10:00:00', '2026-03-02 10:00:00', `+del+`)`,
				id, user, task, date, minutes, billable, source, onTime, date).Error
			if err != nil {
				t.Fatal(err)
			}
		}
		insert("e1", "ana", "t1", "2026-03-02", 60, true, "web", true, false)
		insert("e2", "ana", "t1", "2026-03-02", 30, true, "web", true, false)
		insert("e3", "ana", "t1", "2026-03-02", 30, true, "web", false, false)    // late
		insert("e4", "ana", "t2", "2026-03-31", 45, false, "import", true, false) // imported
		insert("e5", "ana", "t1", "2026-03-02", 90, true, "web", true, true)      // deleted
		insert("e6", "bo", "t1", "2026-03-02", 15, true, "api", true, false)
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		type day struct {
			Date, TaskID, Kind string
			Billable           bool
			Minutes, Entries   int
		}
		type month struct {
			Month, UserID, Kind string
			Billable            bool
			Minutes, Entries    int
		}
		check := func(when string, wantDays []day, wantMonths []month) {
			t.Helper()
			var days []day
			var months []month
			if err := db.R.Raw(`SELECT date, task_id, kind, billable, minutes, entries FROM report_days
				ORDER BY date, task_id, kind, billable`).Scan(&days).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.R.Raw(`SELECT month, user_id, kind, billable, minutes, entries FROM report_months
				ORDER BY month, user_id, kind, billable`).Scan(&months).Error; err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantDays, days); diff != "" {
				t.Errorf("%s: report_days (-want +got):\n%s", when, diff)
			}
			if diff := cmp.Diff(wantMonths, months); diff != "" {
				t.Errorf("%s: report_months (-want +got):\n%s", when, diff)
			}
		}
		check("after the upgrade", []day{
			{"2026-03-02", "t1", "late", true, 30, 1},
			{"2026-03-02", "t1", "on_time", true, 105, 3},
			{"2026-03-31", "t2", "imported", false, 45, 1},
		}, []month{
			{"2026-03", "ana", "imported", false, 45, 1},
			{"2026-03", "ana", "late", true, 30, 1},
			{"2026-03", "ana", "on_time", true, 90, 2},
			{"2026-03", "bo", "on_time", true, 15, 1},
		})
		insert("e7", "bo", "t2", "2026-04-01", 20, false, "web", true, false)
		for _, stmt := range []string{
			"UPDATE entries SET date = '2026-03-31', on_time = false WHERE id = 'e7'", // to the import's day, late
			"UPDATE entries SET note = 'only this' WHERE id = 'e1'",
			"UPDATE entries SET deleted_at = '2026-03-04 10:00:00' WHERE id = 'e3'",
			"UPDATE entries SET deleted_at = NULL, billable = false WHERE id = 'e5'", // restored, not billable
			"UPDATE entries SET minutes = 50 WHERE id = 'e4'",                        // in place
			"UPDATE entries SET minutes = 99 WHERE id = 'e3'",                        // deleted: counts nowhere
		} {
			if err := db.W.Exec(stmt).Error; err != nil {
				t.Fatal(err)
			}
		}
		check("after the writes", []day{
			{"2026-03-02", "t1", "late", true, 0, 0},
			{"2026-03-02", "t1", "on_time", false, 90, 1},
			{"2026-03-02", "t1", "on_time", true, 105, 3},
			{"2026-03-31", "t2", "imported", false, 50, 1},
			{"2026-03-31", "t2", "late", false, 20, 1},
			{"2026-04-01", "t2", "on_time", false, 0, 0},
		}, []month{
			{"2026-03", "ana", "imported", false, 50, 1},
			{"2026-03", "ana", "late", true, 0, 0},
			{"2026-03", "ana", "on_time", false, 90, 1},
			{"2026-03", "ana", "on_time", true, 90, 2},
			{"2026-03", "bo", "late", false, 20, 1},
			{"2026-03", "bo", "on_time", true, 15, 1},
			{"2026-04", "bo", "on_time", false, 0, 0},
		})
	})
}
