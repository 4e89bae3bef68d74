package clickup_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
)

// process is one run of the server's ClickUp integration on db: what a
// replica builds when it starts.
func process(t *testing.T, db *database.DB, clock clockwork.Clock, fake *clickuptest.Server) *clickup.Service {
	t.Helper()
	tr := tracking.New(db, clock, tracking.Config{})
	s, err := clickup.New(db, tr, tr, clickup.NewClient(fake.URL()), []byte("test-secret-test-secret-test-secret!"), clock,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestQueuedEventsSurviveARestart: webhook events queued by a process that
// stops before applying them are applied by the next process on the same
// database, each once.
func TestQueuedEventsSurviveARestart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		const token = "pk_1_RESTART"
		fake := clickuptest.New(t, token)
		fake.AddList("901", "Backlog")
		fake.Put(clickuptest.Task{ID: "86c1", ListID: "901", Name: "Before the restart", DateUpdated: 1767225600000})
		fake.Put(clickuptest.Task{ID: "86c2", ListID: "901", Name: "Also before", DateUpdated: 1767225600000})
		db := dbtest.Open(t, dialect)
		clock := clockwork.NewFakeClockAt(time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC))

		first := process(t, db, clock, fake)
		if _, err := first.Connect(ctx, clickup.Connection{Token: token, ListIDs: []string{"901"},
			WebhookURL: "https://time.example.com/api/v1/integrations/clickup/webhook"}); err != nil {
			t.Fatal(err)
		}
		// ClickUp delivers three events (one twice); the process queues
		// them and stops before applying any (its Run never ran).
		for _, ev := range []clickup.WebhookEvent{{Event: "taskCreated", TaskID: "86c1"}, {Event: "taskCreated", TaskID: "86c1"},
			{Event: "taskCreated", TaskID: "86c2"}, {Event: "taskCommentPosted", TaskID: "86c2"}} {
			if err := first.Enqueue(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(t, db, "clickup_webhook_events", ""); n != 2 {
			t.Fatalf("%d events queued, want 2 (a duplicate and an event not applied are dropped)", n)
		}
		if n := count(t, db, "tasks", "external_ref <> ''"); n != 0 {
			t.Fatalf("%d twins before any event was applied", n)
		}

		second := process(t, db, clock, fake)
		if err := second.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "tasks", "external_ref IN ('86c1', '86c2')"); n != 2 {
			t.Errorf("%d twins after the restart, want 2", n)
		}
		if n := count(t, db, "clickup_webhook_events", ""); n != 0 {
			t.Errorf("%d events still queued", n)
		}
	})
}

// TestQueuedEventRetriedAfterAFailure: an event whose application fails
// (ClickUp answers 500) stays queued with its error and is applied when
// its retry is due.
func TestQueuedEventRetriedAfterAFailure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		const token = "pk_1_RETRY"
		fake := clickuptest.New(t, token)
		fake.AddList("901", "Backlog")
		fake.Put(clickuptest.Task{ID: "86d1", ListID: "901", Name: "Retried", DateUpdated: 1767225600000})
		db := dbtest.Open(t, dialect)
		clock := clockwork.NewFakeClockAt(time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC))
		s := process(t, db, clock, fake)
		if _, err := s.Connect(ctx, clickup.Connection{Token: token, ListIDs: []string{"901"},
			WebhookURL: "https://time.example.com/api/v1/integrations/clickup/webhook"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Enqueue(ctx, clickup.WebhookEvent{Event: "taskUpdated", TaskID: "86d1"}); err != nil {
			t.Fatal(err)
		}
		fake.Fail(1, 500)
		if err := s.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "clickup_webhook_events", "attempts = 1 AND last_error <> ''"); n != 1 {
			t.Fatalf("the failed event is not queued with its error")
		}
		if err := s.Drain(ctx); err != nil { // not due yet
			t.Fatal(err)
		}
		if n := count(t, db, "tasks", "external_ref = '86d1'"); n != 0 {
			t.Fatalf("applied before its retry was due")
		}
		clock.Advance(time.Minute)
		if err := s.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "tasks", "external_ref = '86d1'"); n != 1 || count(t, db, "clickup_webhook_events", "") != 0 {
			t.Errorf("after the retry: %d twins, %d queued", n, count(t, db, "clickup_webhook_events", ""))
		}
	})
}

func count(t *testing.T, db *database.DB, table, where string) int64 {
	t.Helper()
	q := db.R.Table(table)
	if where != "" {
		q = q.Where(where)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
