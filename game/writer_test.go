package game_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/game"
)

// The entry writer under failure: a panic in a batch, a stalled database,
// and a crash between a batch's commit and its answers.

// TestWriterSurvivesAPanic: a panic inside a batch fails that batch's
// requests (500, nothing written) and the writer goes on: later writes are
// committed, and the refused keyed write can be sent again.
func TestWriterSurvivesAPanic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		env.AllowServerErrors() // the injected panic's 500 is the point
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		today := env.Clock.Now().UTC().Format("2006-01-02")
		body := map[string]any{"task_id": task, "date": today, "minutes": 30}
		var panics atomic.Int32
		game.SetWriteHooks(env.Engine, func(context.Context) {
			if panics.Add(1) == 1 {
				panic("injected")
			}
		}, nil)
		env.Must(http.StatusInternalServerError, "POST", "/api/v1/entries", ana.Token, body, "Idempotency-Key", "k1")
		done := make(chan *apitest.Response, 1)
		go func() { done <- env.Do("POST", "/api/v1/entries", ana.Token, body) }()
		select {
		case r := <-done:
			if r.Status != http.StatusCreated {
				t.Fatalf("the write after the panic: %d %s", r.Status, r.Body)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the write after the panic is still waiting: the writer stopped")
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", ana.Token, body, "Idempotency-Key", "k1")
		if n := liveEntries(t, env); n != 2 {
			t.Errorf("%d entries, want 2 (the panicked batch wrote nothing)", n)
		}
	})
}

// TestWriterStalledBatchTimesOut: while the database holds the write path
// (another transaction keeps SQLite's writer, or the user's row on
// PostgreSQL), a batch gives up at its deadline: its requests get 503 with
// Retry-After and nothing is written; once the database frees up, writes
// go through again.
func TestWriterStalledBatchTimesOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		today := env.Clock.Now().UTC().Format("2006-01-02")
		body := map[string]any{"task_id": task, "date": today, "minutes": 30}
		const timeout = 500 * time.Millisecond
		game.SetWriteTimeout(env.Engine, timeout)

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
		if n := liveEntries(t, env); n != 1 {
			t.Errorf("%d entries, want 1 (the stalled writes saved nothing)", n)
		}
	})
}

// TestKeyedRetryAfterACrash: the server commits a batch and dies before it
// answers (a panic between the commit and the answers stands for the
// crash: the client gets a 500, or nothing). The key and its answer were
// stored in the batch's transaction, so the client's retry with the same
// key gets the first answer: one entry, no duplicate, no 409, and for a
// backfilled entry one late award.
func TestKeyedRetryAfterACrash(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday}) // Monday 2 March, noon UTC
		env.AllowServerErrors()
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		// Two days on: Tuesday 3 March is a finalized workday Ana logged
		// nothing on, so a backfill earns a late award at once.
		env.Clock.Advance(48 * time.Hour)
		env.Relogin(ana)
		if err := env.Engine.CloseOut(context.Background()); err != nil {
			t.Fatal(err)
		}
		var crash atomic.Bool
		game.SetWriteHooks(env.Engine, nil, func() {
			if crash.CompareAndSwap(true, false) {
				panic("the server died after the commit")
			}
		})
		for _, c := range []struct {
			key  string
			body map[string]any
		}{
			{"today", map[string]any{"task_id": task, "date": "2026-03-04", "minutes": 30}},
			{"late", map[string]any{"task_id": task, "date": "2026-03-03", "minutes": 45}},
		} {
			crash.Store(true)
			env.Must(http.StatusInternalServerError, "POST", "/api/v1/entries", ana.Token, c.body, "Idempotency-Key", c.key)
			first := env.Must(http.StatusCreated, "POST", "/api/v1/entries", ana.Token, c.body, "Idempotency-Key", c.key)
			again := env.Must(http.StatusCreated, "POST", "/api/v1/entries", ana.Token, c.body, "Idempotency-Key", c.key)
			if string(first.Body) != string(again.Body) {
				t.Errorf("%s: two retries answered\n%s\n%s", c.key, first.Body, again.Body)
			}
			var e entryResp
			first.JSON(t, &e)
			if e.Date != c.body["date"] || e.Day.Minutes != c.body["minutes"] {
				t.Errorf("%s: the retry answered %+v", c.key, e)
			}
		}
		if n := liveEntries(t, env); n != 2 {
			t.Errorf("%d entries, want 2: a retried key made a second entry", n)
		}
		late := query(t, env, "SELECT date, rule, points FROM points_events WHERE user_id = ? AND rule = 'late'", ana.ID)
		if len(late) != 1 || late[0] != "2026-03-03 late 8" {
			t.Errorf("late awards %v, want one of 8 points for 2026-03-03", late)
		}
		if stored, sum := totalPoints(t, env, ana.ID); stored != sum {
			t.Errorf("total_points %d, ledger %d", stored, sum)
		}
	})
}

func liveEntries(t *testing.T, env *apitest.Env) int64 {
	t.Helper()
	var n int64
	if err := env.DB.R.Table("entries").Where("deleted_at IS NULL").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
