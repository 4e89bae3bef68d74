package database_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/database/dbtest"
)

// TestDayTotalsFromExistingEntries: upgrading a database that already has
// entries builds day_totals from them — live ones only, on-time minutes
// without imports and late ones — and the triggers take over from there.
func TestDayTotalsFromExistingEntries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := openAt(t, dialect, "20261126_05_clickup_time_push")
		insert := func(id, user, date string, minutes int, source string, onTime, deleted bool) {
			t.Helper()
			del := "NULL"
			if deleted {
				del = "'2026-03-03 10:00:00'"
			}
			err := db.W.Exec(`INSERT INTO entries (id, user_id, task_id, project_id, date, minutes, note, billable, source,
				on_time, dated_at, dated_on, created_at, updated_at, deleted_at)
				VALUES (?, ?, 't', 'p', ?, ?, '', ?, ?, ?, '2026-03-02 10:00:00', ?, '2026-03-02 10:00:00', '2026-03-02 10:00:00', `+del+`)`,
				id, user, date, minutes, false, source, onTime, date).Error
			if err != nil {
				t.Fatal(err)
			}
		}
		insert("e1", "ana", "2026-03-02", 60, "web", true, false)
		insert("e2", "ana", "2026-03-02", 30, "web", false, false)   // late
		insert("e3", "ana", "2026-03-02", 45, "import", true, false) // imported
		insert("e4", "ana", "2026-03-02", 90, "web", true, true)     // deleted
		insert("e5", "bo", "2026-03-03", 15, "api", true, false)
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		insert("e6", "bo", "2026-03-03", 20, "web", true, false) // after: the trigger's
		type total struct {
			UserID, Date           string
			Minutes, OnTimeMinutes int
		}
		var got []total
		if err := db.R.Raw("SELECT user_id, date, minutes, on_time_minutes FROM day_totals ORDER BY user_id").Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		want := []total{{"ana", "2026-03-02", 135, 60}, {"bo", "2026-03-03", 35, 35}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("day_totals (-want +got):\n%s", diff)
		}
	})
}
