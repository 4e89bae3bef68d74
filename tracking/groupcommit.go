package tracking

import (
	"context"
	"errors"
	"sync"

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
	score  BatchScore
	totals OpenDay
	done   chan error // the outcome, once its transaction has committed
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
type groupCommit struct {
	s       *Service
	mu      sync.Mutex
	pending []*entryWrite
	leading bool
}

// maxBatch bounds one transaction, so one commit never holds the writer long.
const maxBatch = 256

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
	g.flush(batch)
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.pending) == 0 {
		g.leading = false
		return
	}
	go g.lead()
}

func (g *groupCommit) flush(batch []*entryWrite) {
	err := g.s.prepareHot(context.Background())
	if err == nil {
		err = g.s.db.W.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
			return g.s.insertBatch(tx, batch)
		})
	}
	if err != nil {
		// An unexpected failure rolled everyone back: give each entry a
		// transaction of its own, so one bad write cannot sink the rest.
		for _, w := range batch {
			w.reset()
			err := g.s.db.W.WithContext(w.ctx).Transaction(func(tx *gorm.DB) error {
				return g.s.insertBatch(tx, []*entryWrite{w})
			})
			w.done <- errors.Join(err, w.err)
		}
		return
	}
	for _, w := range batch {
		w.done <- w.err
	}
}
