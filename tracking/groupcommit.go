package tracking

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"gorm.io/gorm"
)

// entryWrite is one entry waiting to be inserted.
type entryWrite struct {
	ctx      context.Context
	u        *User
	e        *Entry
	idem     *Idempotency
	onTime   bool        // e.OnTime as the request computed it, before the batch's checks
	replayed bool        // the key was claimed before: answer with the first entry
	first    *entryWrite // a copy of a keyed request in the same batch: its first
	err      error       // this entry's own failure (a rule it broke)
	// What the batch read, for the pending points after the commit (outside
	// the writer); score is nil when the entry needs the full Day view.
	score    BatchScore
	totals   OpenDay
	done     chan error // the outcome, once its transaction has committed
	answered bool       // done has its outcome (the leader alone reads and sets it)
}

// answer gives the waiting request its outcome, once.
func (w *entryWrite) answer(err error) {
	if !w.answered {
		w.answered = true
		w.done <- err
	}
}

// reset forgets what a rolled-back transaction decided, for a retry.
func (w *entryWrite) reset() {
	w.e.OnTime, w.replayed, w.first, w.err, w.score = w.onTime, false, nil, nil, nil
}

// groupCommit inserts concurrent entries in shared transactions: on SQLite
// every write queues for the one writer connection anyway, and a commit
// per batch instead of per entry is what lets writes keep up. The first
// writer to arrive leads: it commits everything that queued meanwhile,
// then hands the lead to a fresh goroutine if more arrived. No answer is
// given before its transaction commits.
//
// A batch can neither keep the lead nor its requests forever: it runs
// under a deadline (a stalled database fails it, and its requests get
// ErrBusy), and a panic inside it fails that batch's requests with an
// internal error while the next batch proceeds.
type groupCommit struct {
	s       *Service
	mu      sync.Mutex
	pending []*entryWrite
	leading bool
	timeout time.Duration                          // how long one batch may take; batchTimeout
	hook    func(ctx context.Context, tx *gorm.DB) // tests only: runs inside each batch's transaction
}

// maxBatch bounds one transaction, so one commit never holds the writer long.
const maxBatch = 256

// batchTimeout bounds one batch, its retries included: far above a healthy
// batch (milliseconds), below the point where clients give up.
const batchTimeout = 15 * time.Second

func (g *groupCommit) submit(w *entryWrite) error {
	w.done = make(chan error, 1)
	g.mu.Lock()
	g.pending = append(g.pending, w)
	if !g.leading {
		g.leading = true
		g.mu.Unlock()
		g.lead()
	} else {
		g.mu.Unlock()
	}
	return <-w.done
}

// lead flushes one batch, then passes the lead on if writers are waiting.
func (g *groupCommit) lead() {
	g.mu.Lock()
	n := min(len(g.pending), maxBatch)
	batch := g.pending[:n:n]
	g.pending = g.pending[n:]
	g.mu.Unlock()
	g.flushSafe(batch)
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.pending) == 0 {
		g.leading = false
		return
	}
	go g.lead()
}

// flushSafe commits one batch and answers each of its requests, whatever
// happens inside: a panic becomes every unanswered request's error.
func (g *groupCommit) flushSafe(batch []*entryWrite) {
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("entry write batch panicked: %v\n%s", r, debug.Stack())
			for _, w := range batch {
				w.answer(err)
			}
		}
	}()
	timeout := g.timeout
	if timeout <= 0 {
		timeout = batchTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	g.flush(ctx, batch)
}

// flush runs the batch under ctx, the batch's deadline. The batch answers
// many requests: it runs to its end whatever any one of them does.
func (g *groupCommit) flush(ctx context.Context, batch []*entryWrite) {
	err := g.s.prepareHot(ctx)
	if err == nil {
		err = g.s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if g.hook != nil {
				g.hook(ctx, tx)
			}
			return g.s.insertBatch(tx, batch)
		})
	}
	if err != nil && ctx.Err() != nil {
		// The deadline passed: the database is stalled, and a transaction
		// per entry would only wait again.
		for _, w := range batch {
			w.answer(fmt.Errorf("%w: %w", ErrBusy, err))
		}
		return
	}
	if err != nil {
		// An unexpected failure rolled everyone back: give each entry a
		// transaction of its own, so one bad write cannot sink the rest.
		for _, w := range batch {
			w.reset()
			err := g.s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				return g.s.insertBatch(tx, []*entryWrite{w})
			})
			if err != nil && ctx.Err() != nil {
				err = fmt.Errorf("%w: %w", ErrBusy, err)
			}
			w.answer(errors.Join(err, w.err))
		}
		return
	}
	for _, w := range batch {
		w.answer(w.err)
	}
}
