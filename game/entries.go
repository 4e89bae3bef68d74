package game

import (
	"context"
	"errors"
	"time"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// Recording time is one use case: an entry is checked, stored and scored
// in one transaction, with tracking's store functions and the game's rules
// (entries_batch.go). Concurrent writes — new entries, keyed or not, on
// time or late, edits and deletions — share the transactions of one
// writer (database.Writer), in the order they arrived.

// Render is the answer to a keyed request, made in the transaction that
// stores it with its key, so a retry gets exactly the first answer.
type Render func(e *tracking.Entry, d *Day) ([]byte, error)

// Created is the outcome of CreateEntry. Body, when set, is the answer to
// send as it is: the first answer of a keyed request (Replayed tells that
// this request was a retry), or the one Render made.
type Created struct {
	Entry    *tracking.Entry
	Day      *Day
	Body     []byte
	Replayed bool
}

type opKind int

const (
	opCreate opKind = iota
	opChange
	opDelete
)

// entryOp is one write waiting for its batch, and its outcome.
type entryOp struct {
	kind opKind
	u    *auth.User
	now  time.Time // when the request came: entries are dated by it
	// opCreate
	entry  *tracking.Entry // as the request made it
	open   bool            // its date was open when the request came
	fit    bool            // a timer's time: log what still fits the day, not all or nothing
	asked  int             // the minutes the request asked for (fit may log fewer)
	idem   *tracking.Idempotency
	render Render
	// opChange and opDelete
	id      string
	ch      tracking.EntryChange
	task    *org.Task // the change's task, found before the batch
	taskErr error

	// The outcome, worked out afresh by each batch that runs the op.
	out      *tracking.Entry
	day      *Day
	later    func() *Day // the day, worked out after the commit from what the batch read
	body     []byte
	replayed bool
	keyEntry string   // a replayed key stored without its answer: its entry's id
	first    *entryOp // a copy of a keyed request in the same batch: the first
	minutes  int      // the date's total after this entry, for its answer
	err      error
}

func (o *entryOp) Err() error { return o.err }

// errNoRoom refuses a timer's piece when its date is full: the piece is
// dropped, not the stop.
var errNoRoom = errors.New("the date has no room left")

// RecordEntry logs time for u: the one way a new entry is written, for
// the API and the Slack app alike, once per idempotency key. A keyed
// request's answer (render's) is stored with its key in the transaction
// that makes the entry; without render, a retry is answered with the first
// entry as it is now (Created.Entry and Day), and so is every answer.
func (e *Engine) RecordEntry(ctx context.Context, u *auth.User, in tracking.NewEntry, idem *tracking.Idempotency, render Render) (*Created, error) {
	// A keyed request is not looked up before its batch: most are new, and
	// the batch reads every key it holds in one statement, retries' too. A
	// retry that its checks now refuse (a task archived, a date locked
	// since) still gets its first answer.
	op, err := e.newEntryOp(ctx, u, in)
	if err != nil && idem != nil {
		if c, rerr := e.replayKey(ctx, u, idem, render != nil); c != nil || rerr != nil {
			return c, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	op.idem, op.render = idem, render
	if err := e.writes.Do(op); err != nil {
		return nil, err
	}
	return e.created(ctx, op, render != nil)
}

// newEntryOp checks a new entry as far as it can before its batch.
func (e *Engine) newEntryOp(ctx context.Context, u *auth.User, in tracking.NewEntry) (*entryOp, error) {
	now := e.now()
	if err := e.tr.CheckEntryFields(u, now, in.Date, in.Minutes, in.Note); err != nil {
		return nil, err
	}
	task, err := e.tr.EntryTask(ctx, in)
	if err != nil {
		return nil, err
	}
	open := now.Before(e.ClosesAt(u, in.Date))
	row := tracking.EntryRow(u, task, in, now, open)
	return &entryOp{kind: opCreate, u: u, now: now, entry: row, open: open}, nil
}

// created is the outcome of a committed create. A replay is answered with
// its first answer when the caller renders answers and one is stored, and
// otherwise with the key's entry as it is now.
func (e *Engine) created(ctx context.Context, op *entryOp, rendered bool) (*Created, error) {
	if op.later != nil {
		op.day = op.later()
	}
	if !op.replayed || (rendered && op.body != nil) {
		return &Created{Entry: op.out, Day: op.day, Body: op.body, Replayed: op.replayed}, nil
	}
	ent, err := e.tr.AnyEntry(ctx, op.keyEntry)
	if err != nil {
		return nil, err
	}
	d, err := e.Day(ctx, op.u, ent.Date)
	if err != nil {
		return nil, err
	}
	return &Created{Entry: ent, Day: d, Replayed: true}, nil
}

// replayKey answers a retry of a keyed request whose first one committed;
// nil when the key is new (or expired).
func (e *Engine) replayKey(ctx context.Context, u *auth.User, idem *tracking.Idempotency, rendered bool) (*Created, error) {
	k, err := e.tr.LiveKey(ctx, u, idem.Key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if k.RequestHash != idem.RequestHash {
		return nil, errKeyReused
	}
	op := &entryOp{u: u, replayed: true, keyEntry: k.EntryID}
	if k.Body != "" {
		op.body = []byte(k.Body)
	}
	return e.created(ctx, op, rendered)
}

var errKeyReused = &store.ConflictError{Reason: "this Idempotency-Key was used with a different request"}

// UpdateEntry edits one of u's entries. Moving it to another date counts
// as logging it there now: it is on time only if that date is still open.
// The entry is read in the batch's transaction (after the user's row lock
// on PostgreSQL; SQLite has one writer) and changed as the edits before it
// in the batch left it, so two concurrent edits of different fields both
// stay; with IfVersion set, an entry at none of those versions is a
// conflict. A change that touches a closed date finalizes the user's closed
// dates first, in the same transaction.
func (e *Engine) UpdateEntry(ctx context.Context, u *auth.User, id string, ch tracking.EntryChange) (*tracking.Entry, error) {
	op := &entryOp{kind: opChange, u: u, now: e.now(), id: id, ch: ch}
	if ch.TaskID != nil {
		op.task, op.taskErr = e.tr.LiveTask(ctx, *ch.TaskID)
		if op.taskErr != nil && !isRuleError(op.taskErr) {
			return nil, op.taskErr
		}
	}
	if err := e.writes.Do(op); err != nil {
		return nil, err
	}
	return op.out, nil
}

// DeleteEntry soft-deletes one of u's entries, after finalizing the user's
// closed dates when its date is closed.
func (e *Engine) DeleteEntry(ctx context.Context, u *auth.User, id string) error {
	return e.writes.Do(&entryOp{kind: opDelete, u: u, now: e.now(), id: id})
}

// isRuleError tells a refusal the client must hear from a failure.
func isRuleError(err error) bool {
	var v *valid.Error
	return errors.As(err, &v)
}
