package tracking_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
)

// TestGroupCommitSurvivesAPanic: a panic inside a batch fails that batch's
// requests (500, nothing written) and hands the lead on: later writes are
// committed, and the refused keyed write can be sent again.
func TestGroupCommitSurvivesAPanic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		env.AllowServerErrors() // the injected panic's 500 is the point
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		today := env.Clock.Now().UTC().Format("2006-01-02")
		body := map[string]any{"task_id": task, "date": today, "minutes": 30}
		var panics atomic.Int32
		tracking.SetWriteHook(env.Tracking, func(context.Context, *gorm.DB) {
			if panics.Add(1) == 1 {
				panic("injected")
			}
		})
		env.Must(http.StatusInternalServerError, "POST", "/api/v1/entries", ana.Token, body, "Idempotency-Key", "k1")
		done := make(chan *apitest.Response, 1)
		go func() { done <- env.Do("POST", "/api/v1/entries", ana.Token, body) }()
		select {
		case r := <-done:
			if r.Status != http.StatusCreated {
				t.Fatalf("the write after the panic: %d %s", r.Status, r.Body)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the write after the panic is still waiting: the lead was never handed on")
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", ana.Token, body, "Idempotency-Key", "k1")
		if n := entryCount(t, env); n != 2 {
			t.Errorf("%d entries, want 2 (the panicked batch wrote nothing)", n)
		}
	})
}

// TestGroupCommitStalledBatchTimesOut: while the database holds the write
// path (another transaction keeps SQLite's writer, or the user's row on
// PostgreSQL), a batch gives up at its deadline: its requests get 503 with
// Retry-After and nothing is written; once the database frees up, writes
// go through again.
func TestGroupCommitStalledBatchTimesOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		today := env.Clock.Now().UTC().Format("2006-01-02")
		body := map[string]any{"task_id": task, "date": today, "minutes": 30}
		const timeout = 500 * time.Millisecond
		tracking.SetWriteTimeout(env.Tracking, timeout)

		hold := env.DB.W.Begin()
		if hold.Error != nil {
			t.Fatal(hold.Error)
		}
		if dialect == database.Postgres {
			if err := hold.Exec("SELECT id FROM users WHERE id = ? FOR UPDATE", ana.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		var wg sync.WaitGroup
		statuses := make([]*apitest.Response, 3)
		for i := range statuses {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				statuses[i] = env.Do("POST", "/api/v1/entries", ana.Token, body)
			}(i)
		}
		wg.Wait()
		took := time.Since(start)
		hold.Rollback()
		for _, r := range statuses {
			if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
				t.Errorf("a write during the stall: %d (Retry-After %q) %s, want 503 with Retry-After", r.Status, r.Header.Get("Retry-After"), r.Body)
			}
		}
		// Three requests make at most three batches in a row.
		if took > 3*timeout+2*time.Second {
			t.Errorf("the stalled writes answered after %v; the batch deadline is %v", took, timeout)
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", ana.Token, body)
		if n := entryCount(t, env); n != 1 {
			t.Errorf("%d entries, want 1 (the stalled writes saved nothing)", n)
		}
	})
}

func entryCount(t *testing.T, env *apitest.Env) int64 {
	t.Helper()
	var n int64
	if err := env.DB.R.Table("entries").Where("deleted_at IS NULL").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
