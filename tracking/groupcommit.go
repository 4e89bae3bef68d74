package tracking

import (
	"context"
	"errors"
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
	now      time.Time
	replayed bool       // the key was claimed before: answer with the first entry
	err      error      // this entry's own failure (a rule it broke)
	done     chan error // the outcome, once its transaction has committed
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
	err := g.s.db.W.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
		for _, w := range batch {
			if err := g.s.insertEntry(tx, w); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		// An unexpected failure rolled everyone back: give each entry a
		// transaction of its own, so one bad write cannot sink the rest.
		for _, w := range batch {
			w.replayed, w.err = false, nil
			err := g.s.db.W.WithContext(w.ctx).Transaction(func(tx *gorm.DB) error { return g.s.insertEntry(tx, w) })
			w.done <- errors.Join(err, w.err)
		}
		return
	}
	for _, w := range batch {
		w.done <- w.err
	}
}

// insertEntry writes one entry inside tx. A broken rule is the entry's own
// error (w.err) and leaves the transaction usable for the others; only an
// unexpected database error is returned.
func (s *Service) insertEntry(tx *gorm.DB, w *entryWrite) error {
	u, e := w.u, w.e
	if w.idem != nil {
		fresh, err := s.claimKey(tx, u, w.idem, e.ID, w.now)
		if err != nil {
			return err
		}
		if !fresh {
			w.replayed = true
			return nil
		}
	}
	if err := s.lockUser(tx, u.ID); err != nil {
		return err
	}
	if err := s.notOnTimeIfFinalized(w.ctx, tx, e); err != nil {
		return err
	}
	if err := s.checkDayTotal(tx, u.ID, e.Date, e.Minutes, ""); err != nil {
		var verr *ValidationError
		if !errors.As(err, &verr) {
			return err
		}
		w.err = err
		if w.idem != nil { // the key answers nothing: a retry may try again
			return tx.Where("user_id = ? AND key = ?", u.ID, w.idem.Key).Delete(&IdempotencyKey{}).Error
		}
		return nil
	}
	if err := tx.Create(e).Error; err != nil {
		return err
	}
	if !e.OnTime && e.Source != SourceImport {
		return s.scoring.Backfilled(w.ctx, tx, u, e.Date)
	}
	return nil
}

// notOnTimeIfFinalized makes an entry late when its date is finalized
// already, whatever this replica's clock says: a replica whose clock lags,
// or a user who moved west, cannot reopen a date the close-out has scored.
func (s *Service) notOnTimeIfFinalized(ctx context.Context, tx *gorm.DB, e *Entry) error {
	if !e.OnTime {
		return nil
	}
	through, err := s.scoring.FinalizedThrough(ctx, tx, e.UserID)
	if err != nil {
		return err
	}
	if e.Date <= through {
		e.OnTime = false
	}
	return nil
}
