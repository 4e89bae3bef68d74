package database_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// note is a job of the writer tests: a row of a table of their own.
type note struct {
	id   int
	fail bool // breaks a rule: its own error, the batch goes on
	err  error
}

func (n *note) Err() error { return n.err }

var errRefused = errors.New("refused")

func notesDB(t *testing.T, dialect string) *database.DB {
	t.Helper()
	db := dbtest.Open(t, dialect)
	if err := db.W.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY)").Error; err != nil {
		t.Fatal(err)
	}
	return db
}

// writeNotes is a batch function: each note is a row, in the transaction
// the writer carries in ctx.
func writeNotes(db *database.DB, batches *atomic.Int32) func(ctx context.Context, notes []*note) error {
	return func(ctx context.Context, notes []*note) error {
		batches.Add(1)
		for _, n := range notes {
			n.err = nil
			if n.fail {
				n.err = errRefused
				continue
			}
			if err := db.Engine(ctx).Exec("INSERT INTO notes (id) VALUES (?)", n.id).Error; err != nil {
				return err
			}
		}
		return nil
	}
}

func count(t *testing.T, db *database.DB) int64 {
	t.Helper()
	var n int64
	if err := db.R.Raw("SELECT COUNT(*) FROM notes").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWriterBatchesAndAnswersEach: concurrent writes share transactions,
// each gets its own outcome, and a write that breaks a rule fails alone.
func TestWriterBatchesAndAnswersEach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		db := notesDB(t, dialect)
		var batches atomic.Int32
		// The first batch waits until every write has been sent, so the
		// others queue behind it however the goroutines are scheduled on a
		// busy machine (a fast writer could otherwise take them one by one).
		gate, run := make(chan struct{}), writeNotes(db, &batches)
		var once sync.Once
		w := database.NewWriter(db, func(ctx context.Context, notes []*note) error {
			once.Do(func() { <-gate })
			return run(ctx, notes)
		}, database.WriterConfig{})
		defer w.Close()
		var wg, sent sync.WaitGroup
		errs := make([]error, 200)
		for i := range errs {
			wg.Add(1)
			sent.Add(1)
			go func() {
				defer wg.Done()
				sent.Done()
				errs[i] = w.Do(&note{id: i + 1, fail: i%10 == 0})
			}()
		}
		sent.Wait()
		time.Sleep(50 * time.Millisecond) // for the last ones to reach the queue
		close(gate)
		wg.Wait()
		for i, err := range errs {
			if want := map[bool]error{true: errRefused, false: nil}[i%10 == 0]; !errors.Is(err, want) || (want == nil && err != nil) {
				t.Errorf("note %d: %v, want %v", i+1, err, want)
			}
		}
		if n := count(t, db); n != 180 {
			t.Errorf("%d rows, want 180", n)
		}
		if b := batches.Load(); b > 20 {
			t.Errorf("%d batches for 200 writes queued together, want a few", b)
		}
	})
}

// TestWriterPanicAnswersTheBatch: a panic inside a batch answers every
// write of it with an error and rolls it back; the writer goes on.
func TestWriterPanicAnswersTheBatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		db := notesDB(t, dialect)
		var batches atomic.Int32
		run := writeNotes(db, &batches)
		w := database.NewWriter(db, func(ctx context.Context, notes []*note) error {
			if err := run(ctx, notes); err != nil {
				return err
			}
			for _, n := range notes {
				if n.id == 13 {
					panic("unlucky")
				}
			}
			return nil
		}, database.WriterConfig{})
		defer w.Close()
		if err := w.Do(&note{id: 13}); err == nil {
			t.Fatal("the panicking write succeeded")
		}
		if err := w.Do(&note{id: 14}); err != nil {
			t.Fatalf("the write after the panic: %v", err)
		}
		if n := count(t, db); n != 1 {
			t.Errorf("%d rows, want 1 (the panicked batch rolled back)", n)
		}
	})
}

// TestWriterPanicAfterCommit: a panic after a batch committed (a crash
// between the commit and the answers) still answers each write: with an
// error, though its row stays.
func TestWriterPanicAfterCommit(t *testing.T) {
	db := notesDB(t, database.SQLite)
	var batches atomic.Int32
	w := database.NewWriter(db, writeNotes(db, &batches), database.WriterConfig{})
	defer w.Close()
	var once atomic.Bool
	w.SetHooks(nil, func() {
		if once.CompareAndSwap(false, true) {
			panic("crash after the commit")
		}
	})
	if err := w.Do(&note{id: 1}); err == nil {
		t.Fatal("the write whose answer was lost succeeded")
	}
	if err := w.Do(&note{id: 2}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db); n != 2 {
		t.Errorf("%d rows, want 2: the first batch had committed", n)
	}
}

// TestWriterTimeout: a batch that cannot finish by its deadline answers
// ErrBusy and writes nothing.
func TestWriterTimeout(t *testing.T) {
	db := notesDB(t, database.SQLite)
	var batches atomic.Int32
	run := writeNotes(db, &batches)
	w := database.NewWriter(db, func(ctx context.Context, notes []*note) error {
		if err := run(ctx, notes); err != nil {
			return err
		}
		<-ctx.Done() // a stalled database
		return ctx.Err()
	}, database.WriterConfig{Timeout: 200 * time.Millisecond})
	defer w.Close()
	start := time.Now()
	err := w.Do(&note{id: 1})
	if !errors.Is(err, database.ErrBusy) {
		t.Fatalf("a stalled batch answered %v, want ErrBusy", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("answered after %v; the deadline is 200ms", took)
	}
	if n := count(t, db); n != 0 {
		t.Errorf("%d rows after a timeout, want 0", n)
	}
}

// TestWriterClose: Close lets every accepted write commit and answers it;
// a write after Close is refused.
func TestWriterClose(t *testing.T) {
	db := notesDB(t, database.SQLite)
	var batches atomic.Int32
	w := database.NewWriter(db, writeNotes(db, &batches), database.WriterConfig{})
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Do(&note{id: i + 1}); err != nil {
				if !errors.Is(err, database.ErrWriterClosed) {
					t.Errorf("note %d: %v", i+1, err)
				}
				failed.Add(1)
			}
		}()
	}
	time.Sleep(5 * time.Millisecond)
	w.Close()
	wg.Wait()
	if n := count(t, db); n+int64(failed.Load()) != 100 {
		t.Errorf("%d rows and %d refused of 100 writes: some got neither", n, failed.Load())
	}
	if err := w.Do(&note{id: 1000}); !errors.Is(err, database.ErrWriterClosed) {
		t.Errorf("a write after Close: %v, want ErrWriterClosed", err)
	}
}
