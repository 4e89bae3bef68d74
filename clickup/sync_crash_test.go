package clickup_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestSyncCrashBetweenTaskAndLink: a sync that stops between creating a
// task's twin and linking it leaves neither, so the next sync makes exactly
// one twin per ClickUp task (a closed one archived), not a second.
func TestSyncCrashBetweenTaskAndLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		const token = "pk_1_CRASHTEST"
		fake := clickuptest.New(t, token)
		fake.AddList("901", "Backlog")
		const t0 = 1767225600000
		fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design", DateUpdated: t0})
		fake.Put(clickuptest.Task{ID: "86a3", ListID: "901", Name: "Ship", DateUpdated: t0, Status: "complete", StatusType: "closed"})
		db := dbtest.Open(t, dialect)
		svc := process(t, db, clockwork.NewFakeClockAt(time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)), fake)
		if _, err := svc.Connect(ctx, clickup.Connection{Token: token, ListIDs: []string{"901"},
			WebhookURL: "https://time.example.com/api/v1/integrations/clickup/webhook"}); err != nil {
			t.Fatal(err)
		}

		crash := errors.New("crash")
		clickup.SetAfterTwin(svc, func() error { return crash })
		if err := svc.Sync(ctx); !errors.Is(err, crash) {
			t.Fatalf("sync with a crash after the first twin: %v", err)
		}
		if n := twins(t, db, "", false); n != 0 {
			t.Fatalf("%d twin tasks after the crash, want 0 (the twin without its link rolls back)", n)
		}
		clickup.SetAfterTwin(svc, nil)
		for range 2 {
			if err := svc.Sync(ctx); err != nil {
				t.Fatalf("sync: %v", err)
			}
		}
		if a, b := twins(t, db, "86a1", false), twins(t, db, "86a3", false); a != 1 || b != 1 {
			t.Errorf("twins of 86a1: %d, of 86a3: %d; want one each", a, b)
		}
		if twins(t, db, "86a3", true) != 1 {
			t.Errorf("the closed task's twin is not archived")
		}
		if n := count(t, db, "clickup_tasks", ""); n != 2 {
			t.Errorf("%d links, want 2", n)
		}
	})
}

// twins counts the tasks with the external reference (any when ref is ""),
// only the archived ones when archived is set.
func twins(t *testing.T, db *database.DB, ref string, archived bool) int64 {
	t.Helper()
	q := db.R.Table("tasks").Where("external_ref <> ''")
	if ref != "" {
		q = q.Where("external_ref = ?", ref)
	}
	if archived {
		q = q.Where("archived = ?", true)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
