package database

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// Writer commits concurrent writes in shared transactions (group commit):
// on SQLite every write queues for the one writer connection anyway, and a
// commit per batch instead of per write is what lets writes keep up. It is
// a goroutine of its own that takes whatever queued while the last batch
// ran, up to MaxBatch, and runs it in one transaction; nobody is answered
// before that transaction commits.
//
// No batch can hold the writer or its requests forever: each runs under a
// deadline (a stalled database fails it, and its requests get ErrBusy), and
// a panic inside it answers every request of the batch with an error while
// the next batch proceeds. Close stops taking requests and returns once
// every accepted one has its answer.
type Writer[J Job] struct {
	d      *DB
	run    func(ctx context.Context, batch []J) error
	cfg    WriterConfig
	queue  chan *writeReq[J]
	mu     sync.RWMutex // held to read closed and send; Close takes it whole
	closed bool
	done   chan struct{} // closed when the goroutine has answered everything
}

// Job is one write a Writer batches. The batch function sets its outcome;
// Err is then nil, or the rule it broke (which fails it alone). The batch
// function may run again over the same jobs (alone, after a failed batch),
// so it must work each job's outcome out afresh.
type Job interface {
	Err() error
}

// WriterConfig tunes a Writer; zero values take defaults.
type WriterConfig struct {
	MaxBatch int           // jobs per transaction (default 256): one commit never holds the writer long
	Timeout  time.Duration // how long one batch may take, its retries included (default 15s)
	Prepare  []*Hot        // hot statements the batch function runs, readied before each transaction
	// Tests only: InTx runs inside each batch's transaction before the
	// batch function; Committed runs after a batch commits and before its
	// jobs are answered (a panic there is a crash between the two).
	InTx      func(ctx context.Context)
	Committed func()
}

// ErrWriterClosed answers a write sent after Close.
var ErrWriterClosed = errors.New("the writer is closed")

// ErrBusy: the database did not answer within a batch's deadline; nothing
// of the batch was written and its writes may be sent again.
var ErrBusy = errors.New("database busy")

type writeReq[J Job] struct {
	job      J
	done     chan error
	answered bool
}

func (r *writeReq[J]) answer(err error) {
	if !r.answered {
		r.answered = true
		r.done <- err
	}
}

// NewWriter starts a writer whose batches run run in one transaction of d
// (carried by the context run receives). run returns an error only for the
// unexpected: the transaction is then rolled back and each job runs again
// in a transaction of its own, so one bad write cannot sink the rest.
func NewWriter[J Job](d *DB, run func(ctx context.Context, batch []J) error, cfg WriterConfig) *Writer[J] {
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 256
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	w := &Writer[J]{d: d, run: run, cfg: cfg, queue: make(chan *writeReq[J], 4*cfg.MaxBatch), done: make(chan struct{})}
	go w.loop()
	return w
}

// SetTimeout changes the batch deadline (tests: a short one).
func (w *Writer[J]) SetTimeout(d time.Duration) {
	w.mu.Lock()
	w.cfg.Timeout = d
	w.mu.Unlock()
}

// SetHooks sets the test hooks (see WriterConfig).
func (w *Writer[J]) SetHooks(inTx func(ctx context.Context), committed func()) {
	w.mu.Lock()
	w.cfg.InTx, w.cfg.Committed = inTx, committed
	w.mu.Unlock()
}

// Do queues job and waits for its outcome: nil once its batch has
// committed with it, the job's own error, or the batch's failure.
func (w *Writer[J]) Do(job J) error {
	r := &writeReq[J]{job: job, done: make(chan error, 1)}
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return ErrWriterClosed
	}
	w.queue <- r
	w.mu.RUnlock()
	return <-r.done
}

// Close stops taking writes, lets the queued ones commit, and returns once
// each has its answer.
func (w *Writer[J]) Close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	<-w.done
}

func (w *Writer[J]) loop() {
	defer close(w.done)
	batch := make([]*writeReq[J], 0, w.cfg.MaxBatch)
	for first := range w.queue {
		batch = append(batch[:0], first)
	fill:
		for len(batch) < w.cfg.MaxBatch {
			select {
			case r, ok := <-w.queue:
				if !ok {
					break fill
				}
				batch = append(batch, r)
			default:
				break fill
			}
		}
		w.flushSafe(batch)
		clear(batch)
	}
}

// flushSafe commits one batch and answers each of its requests, whatever
// happens inside: a panic becomes every unanswered request's error.
func (w *Writer[J]) flushSafe(batch []*writeReq[J]) {
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("write batch panicked: %v\n%s", r, debug.Stack())
			for _, req := range batch {
				req.answer(err)
			}
		}
	}()
	w.mu.RLock()
	cfg := w.cfg
	w.mu.RUnlock()
	ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
	defer cancel()
	jobs := make([]J, len(batch))
	for i, r := range batch {
		jobs[i] = r.job
	}
	err := w.attempt(ctx, cfg, jobs)
	if err != nil && ctx.Err() != nil {
		// The deadline passed: the database is stalled, and a transaction
		// per job would only wait again.
		for _, r := range batch {
			r.answer(fmt.Errorf("%w: %w", ErrBusy, err))
		}
		return
	}
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			err := w.attempt(ctx, cfg, []J{r.job})
			if err != nil && ctx.Err() != nil {
				err = fmt.Errorf("%w: %w", ErrBusy, err)
			}
			if err != nil {
				r.answer(err)
				continue
			}
			r.answer(r.job.Err())
		}
		return
	}
	for _, r := range batch {
		if err != nil {
			r.answer(err)
			continue
		}
		r.answer(r.job.Err())
	}
}

// attempt runs jobs in one transaction.
func (w *Writer[J]) attempt(ctx context.Context, cfg WriterConfig, jobs []J) error {
	// On SQLite, preparing needs the writer connection: before the
	// transaction takes it.
	if err := w.d.Prepare(ctx, cfg.Prepare...); err != nil {
		return err
	}
	err := w.d.Tx(ctx, func(ctx context.Context) error {
		if cfg.InTx != nil {
			cfg.InTx(ctx)
		}
		return w.run(ctx, jobs)
	})
	if err == nil && cfg.Committed != nil {
		cfg.Committed()
	}
	return err
}
