package game_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/internal/testnow"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// The entry writer under failure: a panic in a batch, a stalled database,
// and a crash between a batch's commit and its answers. The API answers
// these errors 500 and 503 with Retry-After (api's TestBusyIsRetryLater).

// engine is game's engine on a test database, with one member and a task.
type engine struct {
	db    *database.DB
	clock *clockwork.FakeClock
	tr    *tracking.Service
	e     *game.Engine
	user  *auth.User
	task  string
}

// newEngine builds it at start; sender, when not nil, gets its notifications.
func newEngine(t *testing.T, dialect string, start time.Time, sender game.Sender) *engine {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t, dialect)
	clock := clockwork.NewFakeClockAt(start)
	tr := tracking.New(db, clock, tracking.Config{Accounts: auth.Config{BcryptCost: bcrypt.MinCost}})
	e := game.New(db, tr, clock, 2*time.Hour, sender)
	t.Cleanup(e.Close)
	u, err := tr.CreateUser(ctx, auth.NewUser{Email: "ana@example.com", Password: "password1", Name: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tr.CreateProject(ctx, "Work", nil)
	if err != nil {
		t.Fatal(err)
	}
	task, err := tr.CreateTask(ctx, p.ID, "Work", nil)
	if err != nil {
		t.Fatal(err)
	}
	return &engine{db: db, clock: clock, tr: tr, e: e, user: u, task: task.ID}
}

// log records minutes on date, under key when it is not "", with its
// answer rendered as the API stores it.
func (en *engine) log(date string, minutes int, key string) (*game.Created, error) {
	var idem *tracking.Idempotency
	if key != "" {
		idem = &tracking.Idempotency{Key: key, RequestHash: date + "/" + key}
	}
	return en.e.RecordEntry(context.Background(), en.user, tracking.NewEntry{TaskID: en.task, Date: date, Minutes: minutes}, idem,
		func(e *tracking.Entry, d *game.Day) ([]byte, error) {
			return json.Marshal(map[string]any{"id": e.ID, "day": d})
		})
}

func (en *engine) today() string { return en.clock.Now().UTC().Format("2006-01-02") }

func (en *engine) liveEntries(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := en.db.R.Table("entries").Where("deleted_at IS NULL").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWriterSurvivesAPanic: a panic inside a batch fails that batch's
// writes (nothing written) and the writer goes on: later writes are
// committed, and the refused keyed write can be sent again.
func TestWriterSurvivesAPanic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		en := newEngine(t, dialect, testnow.Start(t), nil)
		var panics atomic.Int32
		game.SetWriteHooks(en.e, func(context.Context) {
			if panics.Add(1) == 1 {
				panic("injected")
			}
		}, nil)
		if _, err := en.log(en.today(), 30, "k1"); err == nil {
			t.Fatal("the panicked batch's write succeeded")
		}
		done := make(chan error, 1)
		go func() { _, err := en.log(en.today(), 30, ""); done <- err }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the write after the panic: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the write after the panic is still waiting: the writer stopped")
		}
		if c, err := en.log(en.today(), 30, "k1"); err != nil || c.Replayed {
			t.Fatalf("the refused key sent again: %+v %v, want a new entry", c, err)
		}
		if n := en.liveEntries(t); n != 2 {
			t.Errorf("%d entries, want 2 (the panicked batch wrote nothing)", n)
		}
	})
}

// TestWriterStalledBatchTimesOut: while the database holds the write path
// (another transaction keeps SQLite's writer, or the user's row on
// PostgreSQL), a batch gives up at its deadline: its writes fail with
// ErrBusy and nothing is written; once the database frees up, writes go
// through again.
func TestWriterStalledBatchTimesOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		en := newEngine(t, dialect, testnow.Start(t), nil)
		const timeout = 500 * time.Millisecond
		game.SetWriteTimeout(en.e, timeout)

		hold := en.db.W.Begin()
		if hold.Error != nil {
			t.Fatal(hold.Error)
		}
		if dialect == database.Postgres {
			if err := hold.Exec("SELECT id FROM users WHERE id = ? FOR UPDATE", en.user.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() { _, errs[i] = en.log(en.today(), 30, "") })
		}
		wg.Wait()
		took := time.Since(start)
		hold.Rollback()
		for _, err := range errs {
			if !errors.Is(err, store.ErrBusy) {
				t.Errorf("a write during the stall: %v, want ErrBusy", err)
			}
		}
		// Three writes make at most three batches in a row.
		if took > 3*timeout+2*time.Second {
			t.Errorf("the stalled writes answered after %v; the batch deadline is %v", took, timeout)
		}
		if _, err := en.log(en.today(), 30, ""); err != nil {
			t.Fatalf("a write after the stall: %v", err)
		}
		if n := en.liveEntries(t); n != 1 {
			t.Errorf("%d entries, want 1 (the stalled writes saved nothing)", n)
		}
	})
}

// TestKeyedRetryAfterACrash: the server commits a batch and dies before it
// answers (a panic between the commit and the answers stands for the
// crash: the client gets an error, or nothing). The key and its answer were
// stored in the batch's transaction, so the client's retry with the same
// key gets the first answer: one entry, no duplicate, no conflict, and for
// a backfilled entry one late award.
func TestKeyedRetryAfterACrash(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		en := newEngine(t, dialect, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), nil) // a Monday
		// Two days on: Tuesday 3 March is a finalized workday Ana logged
		// nothing on, so a backfill earns a late award at once.
		en.clock.Advance(48 * time.Hour)
		if err := en.e.CloseOut(context.Background()); err != nil {
			t.Fatal(err)
		}
		var crash atomic.Bool
		game.SetWriteHooks(en.e, nil, func() {
			if crash.CompareAndSwap(true, false) {
				panic("the server died after the commit")
			}
		})
		for _, c := range []struct {
			key, date string
			minutes   int
		}{{"today", "2026-03-04", 30}, {"late", "2026-03-03", 45}} {
			crash.Store(true)
			if _, err := en.log(c.date, c.minutes, c.key); err == nil {
				t.Fatalf("%s: the crashed batch answered", c.key)
			}
			first, err := en.log(c.date, c.minutes, c.key)
			if err != nil {
				t.Fatalf("%s: the retry: %v", c.key, err)
			}
			again, err := en.log(c.date, c.minutes, c.key)
			if err != nil {
				t.Fatal(err)
			}
			if !first.Replayed || string(first.Body) != string(again.Body) {
				t.Errorf("%s: two retries answered\n%s\n%s", c.key, first.Body, again.Body)
			}
			var answer struct{ Day game.Day }
			if err := json.Unmarshal(first.Body, &answer); err != nil || answer.Day.Date != c.date || answer.Day.Minutes != c.minutes {
				t.Errorf("%s: the retry answered %s (%v)", c.key, first.Body, err)
			}
		}
		if n := en.liveEntries(t); n != 2 {
			t.Errorf("%d entries, want 2: a retried key made a second entry", n)
		}
		var late []struct {
			Date   string
			Points int
		}
		if err := en.db.R.Raw("SELECT date, points FROM points_events WHERE user_id = ? AND rule = 'late'", en.user.ID).Scan(&late).Error; err != nil {
			t.Fatal(err)
		}
		if len(late) != 1 || late[0].Date != "2026-03-03" || late[0].Points != 8 {
			t.Errorf("late awards %+v, want one of 8 points for 2026-03-03", late)
		}
		var stored, sum int
		if err := en.db.R.Raw("SELECT COALESCE(MAX(total_points), 0) FROM game_states WHERE user_id = ?", en.user.ID).Scan(&stored).Error; err != nil {
			t.Fatal(err)
		}
		if err := en.db.R.Raw("SELECT COALESCE(SUM(points), 0) FROM points_events WHERE user_id = ?", en.user.ID).Scan(&sum).Error; err != nil {
			t.Fatal(err)
		}
		if stored != sum || sum == 0 {
			t.Errorf("total_points %d, ledger %d", stored, sum)
		}
	})
}
