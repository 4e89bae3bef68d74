package game

import (
	"context"
	"slices"
	"time"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// A batch of entry writes costs a fixed number of statements however
// large it is and whatever it mixes: the users' row locks (PostgreSQL),
// one read of their keys, one of the entries edits and deletions name, the
// close-out of the closed dates some writes touch (only when some do), one
// read of the users' game states and badges, one of the dates' totals and
// time off, then one prepared statement per write, and the late awards of
// finalized dates (one read, then a few rows per award). Every rule — the
// day limit, "a finalized date stays closed", the lock window, versions —
// is checked in memory, in arrival order, against those reads and what the
// writes before it in the batch changed.

// batch is one transaction's worth of writes and what it read.
type batch struct {
	e   *Engine
	ops []*entryOp
	now time.Time

	states    map[string]*stateRow
	held      map[string]map[string]bool
	weeks     map[string][]DayRecord                // a Sunday's week so far, for pending points of the usual case
	from      map[string]string                     // users whose pending points need the dates since their last finalized one: that first date
	upto      map[string]string                     // ... the last date asked
	factWeeks map[string][]DayRecord                // ... the week of their first date so far
	lateOn    map[tracking.UserDay]string           // ... each of those dates' first backfill
	targets   map[string]*tracking.Entry            // entries edited or deleted, as the writes so far left them
	totals    map[tracking.UserDay]tracking.OpenDay // as the writes so far left them
	late      map[tracking.UserDay]bool             // dates that got a backfilled entry
	recs      map[tracking.UserDay]*record          // finalized dates' records (awardLate)

	inserts []*tracking.Entry
	saves   []*tracking.Entry
	saved   map[string]int // entry id -> index in saves
	deletes []string
}

// writeBatch records ops in the transaction in ctx (the writer's, or a
// caller's own: a stopped timer's entries). It returns an error only for
// the unexpected; a write that breaks a rule gets it as its own (op.err).
func (e *Engine) writeBatch(ctx context.Context, ops []*entryOp) error {
	b := &batch{e: e, ops: ops, now: e.now(), late: map[tracking.UserDay]bool{}, saved: map[string]int{}}
	b.reset()
	steps := []func(context.Context) error{
		b.lockUsers, b.readKeys, b.readTargets, b.readAllStates, b.settle, b.readScores, b.readTotals,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	b.apply()
	if err := b.write(ctx); err != nil {
		return err
	}
	if err := b.awardLate(ctx); err != nil {
		return err
	}
	return b.answer(ctx)
}

// reset forgets what an earlier, rolled-back run of the ops decided.
func (b *batch) reset() {
	for _, op := range b.ops {
		op.out, op.day, op.later, op.body, op.replayed, op.keyEntry, op.first, op.minutes, op.err = nil, nil, nil, nil, false, "", nil, 0, nil
		if op.kind == opCreate {
			op.entry.OnTime = op.open && op.entry.Source != tracking.SourceImport
			if op.asked == 0 {
				op.asked = op.entry.Minutes
			}
			op.entry.Minutes = op.asked
		}
	}
}

// done tells that an op's outcome is settled before the writes.
func (op *entryOp) done() bool { return op.err != nil || op.replayed || op.first != nil }

func (b *batch) lockUsers(ctx context.Context) error {
	seen := map[string]bool{}
	var ids []string
	for _, op := range b.ops {
		if !seen[op.u.ID] {
			seen[op.u.ID] = true
			ids = append(ids, op.u.ID)
		}
	}
	return b.e.tr.LockUsers(ctx, ids)
}

// readKeys settles the keyed requests whose key is taken: by a committed
// request (answered with its stored answer, or refused for another body),
// or by an earlier copy in this batch (answered as that one, in answer).
func (b *batch) readKeys(ctx context.Context) error {
	var refs []tracking.KeyRef
	for _, op := range b.ops {
		if op.kind == opCreate && op.idem != nil {
			refs = append(refs, tracking.KeyRef{UserID: op.u.ID, Key: op.idem.Key})
		}
	}
	if len(refs) == 0 {
		return nil
	}
	stored, err := b.e.tr.Keys(ctx, refs)
	if err != nil {
		return err
	}
	claimed := map[tracking.KeyRef]*entryOp{}
	for _, op := range b.ops {
		if op.kind != opCreate || op.idem == nil {
			continue
		}
		ref := tracking.KeyRef{UserID: op.u.ID, Key: op.idem.Key}
		if first := claimed[ref]; first != nil {
			op.first = first
			continue
		}
		if k := stored[ref]; k != nil && k.CreatedAt.After(op.now.Add(-tracking.IdempotencyTTL)) {
			if k.RequestHash != op.idem.RequestHash {
				op.err = errKeyReused
				continue
			}
			op.replayed, op.keyEntry = true, k.EntryID
			if k.Body != "" {
				op.body = []byte(k.Body)
			}
			continue
		}
		claimed[ref] = op
	}
	return nil
}

// readTargets reads the entries that edits and deletions name.
func (b *batch) readTargets(ctx context.Context) error {
	var refs []tracking.EntryRef
	for _, op := range b.ops {
		if op.kind != opCreate {
			refs = append(refs, tracking.EntryRef{ID: op.id, UserID: op.u.ID})
		}
	}
	var err error
	b.targets, err = b.e.tr.OwnEntries(ctx, refs)
	return err
}

// settle finalizes the closed dates of the users whose writes touch a
// closed date, before anything is written: a late entry's award then
// comes at once, and nothing slips between a date's close and its
// close-out. A new entry counts as late when its request came after its
// date closed.
func (b *batch) settle(ctx context.Context) error {
	seen := map[string]bool{}
	var ids []string
	for _, op := range b.ops {
		if op.done() || seen[op.u.ID] || !b.touchesClosed(op) {
			continue
		}
		seen[op.u.ID] = true
		// Most users' closed dates are finalized already (the close-out
		// runs every few minutes): only the others cost statements.
		if b.state(op.u).FinalizedThrough < b.e.lastClosed(op.u) {
			ids = append(ids, op.u.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if err := b.e.finalizeIn(ctx, ids); err != nil {
		return err
	}
	return b.readStates(ctx, ids)
}

func (b *batch) touchesClosed(op *entryOp) bool {
	closed := func(date string) bool { return !b.now.Before(b.e.ClosesAt(op.u, date)) }
	if op.kind == opCreate {
		return !op.open
	}
	cur := b.targets[op.id]
	if cur == nil {
		return false
	}
	return closed(cur.Date) || (op.ch.Date != nil && closed(*op.ch.Date))
}

// readScores reads what the pending points of each new entry's date need
// beyond the states and the totals.
func (b *batch) readScores(ctx context.Context) error {
	sundays := map[string]string{}
	b.from, b.upto = map[string]string{}, map[string]string{}
	for _, op := range b.ops {
		if op.kind != opCreate || op.done() {
			continue
		}
		u, date := op.u, op.entry.Date
		st := b.state(u)
		if date < u.StartDate || date <= st.FinalizedThrough {
			continue // answered from the day's record, once written
		}
		f := max(civil.AddDays(st.FinalizedThrough, 1), u.StartDate)
		if f == date && b.now.Before(b.e.ClosesAt(u, date)) {
			if civil.Weekday(date) == time.Sunday {
				sundays[u.ID] = date
			}
			continue
		}
		// The dates since the last finalized one count too: their totals
		// are read with the others (readTotals), their first backfills
		// below.
		b.from[u.ID], b.upto[u.ID] = f, max(b.upto[u.ID], date)
	}
	var err error
	if len(sundays) > 0 {
		if b.weeks, err = b.e.weeksBefore(ctx, sundays); err != nil {
			return err
		}
	}
	if len(b.from) > 0 {
		// Only a Sunday's own points look back at its week: the week
		// before the first unfinalized date matters when the last date
		// asked is the Sunday of that same week.
		weeks := map[string]string{}
		for id, f := range b.from {
			if date := b.upto[id]; civil.Weekday(date) == time.Sunday && civil.WeekStart(date) < f {
				weeks[id] = f
			}
		}
		if len(weeks) > 0 {
			if b.factWeeks, err = b.e.weeksBefore(ctx, weeks); err != nil {
				return err
			}
		}
		b.lateOn, err = b.e.tr.FirstLate(ctx, b.sinceFinalized())
	}
	return err
}

// sinceFinalized are the dates whose totals and first backfills the
// pending points of users in b.from need.
func (b *batch) sinceFinalized() []tracking.UserDay {
	var days []tracking.UserDay
	for id, f := range b.from {
		for d := f; d <= b.upto[id]; d = civil.AddDays(d, 1) {
			days = append(days, tracking.UserDay{UserID: id, Date: d})
		}
	}
	return days
}

// batchStatesHot reads the users' states and the badges they hold in one
// statement: state rows have an empty code, badge rows only a code.
var batchStatesHot = database.NewHot(`SELECT s.user_id, s.finalized_through, s.current, s.longest, s.freezes, s.total_points, ''
		FROM LIST(k, user_id) CROSS JOIN game_states s ON s.user_id = k.user_id
	UNION ALL
	SELECT b.user_id, '', 0, 0, 0, 0, b.code FROM LIST(k, user_id) CROSS JOIN badges b ON b.user_id = k.user_id`)

// readAllStates reads the game states and badges of every user of the
// batch.
func (b *batch) readAllStates(ctx context.Context) error {
	ids := make([]string, 0, len(b.ops))
	seen := map[string]bool{}
	for _, op := range b.ops {
		if !seen[op.u.ID] {
			seen[op.u.ID] = true
			ids = append(ids, op.u.ID)
		}
	}
	b.states, b.held = make(map[string]*stateRow, len(ids)), map[string]map[string]bool{}
	return b.readStates(ctx, ids)
}

// readStates reads (again) the game states and badges of some users.
func (b *batch) readStates(ctx context.Context, ids []string) error {
	for _, id := range ids {
		delete(b.states, id)
		delete(b.held, id)
	}
	list := b.e.db.Tuples(ids)
	rows, err := b.e.db.Query(ctx, batchStatesHot, append(list, list...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r stateRow
		var code string
		if err := rows.Scan(&r.UserID, &r.FinalizedThrough, &r.Current, &r.Longest, &r.Freezes, &r.TotalPoints, &code); err != nil {
			return err
		}
		if code == "" {
			b.states[r.UserID] = &r
			continue
		}
		if b.held[r.UserID] == nil {
			b.held[r.UserID] = map[string]bool{}
		}
		b.held[r.UserID][code] = true
	}
	return rows.Err()
}

// state is u's game state: a user never finalized has the initial one.
func (b *batch) state(u *auth.User) *stateRow {
	if st := b.states[u.ID]; st != nil {
		return st
	}
	st := initialState(u)
	b.states[u.ID] = &st
	return &st
}

// readTotals reads every date the writes touch.
func (b *batch) readTotals(ctx context.Context) error {
	var days []tracking.UserDay
	for _, op := range b.ops {
		if op.done() {
			continue
		}
		if op.kind == opCreate {
			days = append(days, tracking.UserDay{UserID: op.u.ID, Date: op.entry.Date})
			continue
		}
		if cur := b.targets[op.id]; cur != nil {
			days = append(days, tracking.UserDay{UserID: op.u.ID, Date: cur.Date})
		}
		if op.ch.Date != nil {
			days = append(days, tracking.UserDay{UserID: op.u.ID, Date: *op.ch.Date})
		}
	}
	var err error
	b.totals, err = b.e.tr.OpenDays(ctx, append(days, b.sinceFinalized()...))
	return err
}

// apply checks and applies each write in arrival order, in memory.
func (b *batch) apply() {
	for _, op := range b.ops {
		if op.done() {
			continue
		}
		switch op.kind {
		case opCreate:
			b.create(op)
		case opChange:
			b.change(op)
		case opDelete:
			b.remove(op)
		}
	}
}

// count adds (sign 1) or takes away (-1) an entry's minutes from its
// date's totals.
func (b *batch) count(e *tracking.Entry, sign int) {
	k := tracking.UserDay{UserID: e.UserID, Date: e.Date}
	t := b.totals[k]
	t.Minutes += sign * e.Minutes
	if e.OnTime && e.Source != tracking.SourceImport {
		t.OnTimeMinutes += sign * e.Minutes
	}
	b.totals[k] = t
}

// backfilled notes a date's backfilled entry: its late award, when the
// date is finalized, and the pending points of the user's later dates.
func (b *batch) backfilled(e *tracking.Entry) {
	if e.OnTime || e.Source == tracking.SourceImport {
		return
	}
	k := tracking.UserDay{UserID: e.UserID, Date: e.Date}
	b.late[k] = true
	if _, ok := b.from[e.UserID]; ok && b.lateOn[k] == "" {
		if b.lateOn == nil {
			b.lateOn = map[tracking.UserDay]string{}
		}
		b.lateOn[k] = e.DatedOn
	}
}

func (b *batch) create(op *entryOp) {
	e := op.entry
	// A date the close-out has scored stays closed, whatever the clock of
	// the request's replica said: a lagging clock or a move west cannot
	// reopen it.
	if e.OnTime && e.Date <= b.state(op.u).FinalizedThrough {
		e.OnTime = false
	}
	t := b.totals[tracking.UserDay{UserID: e.UserID, Date: e.Date}]
	if op.fit {
		e.Minutes = min(e.Minutes, valid.MaxDayMinutes-t.Minutes)
		if e.Minutes < 1 {
			op.err = errNoRoom
			return
		}
	}
	if err := tracking.DayLimit(e.Date, t.Minutes, e.Minutes); err != nil {
		op.err = err
		return
	}
	b.count(e, 1)
	b.inserts = append(b.inserts, e)
	b.backfilled(e)
	op.out = e
	op.minutes = b.totals[tracking.UserDay{UserID: e.UserID, Date: e.Date}].Minutes
	op.day, op.later = b.openDay(op)
}

func (b *batch) change(op *entryOp) {
	cur, u := b.targets[op.id], op.u
	if cur == nil {
		op.err = store.ErrNotFound
		return
	}
	if err := b.e.tr.CheckLock(b.now, u, cur.Date); err != nil {
		op.err = err
		return
	}
	if op.ch.IfVersion != nil && !slices.Contains(op.ch.IfVersion, cur.Version()) {
		op.err = &store.ConflictError{Reason: "the entry changed since you read it; load it again and redo your edit"}
		return
	}
	next, moved := tracking.ApplyChange(*cur, op.ch, op.task)
	if err := b.e.tr.CheckEntryFields(u, b.now, next.Date, next.Minutes, next.Note); err != nil {
		op.err = err
		return
	}
	if op.ch.TaskID != nil && *op.ch.TaskID != cur.TaskID && op.taskErr != nil {
		op.err = op.taskErr
		return
	}
	if moved {
		// Moving an entry counts as logging it there now.
		next.DatedAt, next.DatedOn = b.now, auth.LocalToday(b.now, u)
		next.OnTime = b.now.Before(b.e.ClosesAt(u, next.Date)) && next.Source != tracking.SourceImport &&
			next.Date > b.state(u).FinalizedThrough
	}
	if moved || next.Minutes != cur.Minutes {
		b.count(cur, -1)
		if err := tracking.DayLimit(next.Date, b.totals[tracking.UserDay{UserID: u.ID, Date: next.Date}].Minutes, next.Minutes); err != nil {
			b.count(cur, 1)
			op.err = err
			return
		}
		b.count(&next, 1)
	}
	next.UpdatedAt = b.now
	b.targets[op.id] = &next
	if i, ok := b.saved[next.ID]; ok {
		b.saves[i] = &next
	} else {
		b.saved[next.ID] = len(b.saves)
		b.saves = append(b.saves, &next)
	}
	if moved {
		b.backfilled(&next)
	}
	out := next
	op.out = &out
}

func (b *batch) remove(op *entryOp) {
	cur := b.targets[op.id]
	if cur == nil {
		op.err = store.ErrNotFound
		return
	}
	if err := b.e.tr.CheckLock(b.now, op.u, cur.Date); err != nil {
		op.err = err
		return
	}
	b.count(cur, -1)
	delete(b.targets, op.id)
	b.deletes = append(b.deletes, op.id)
}

// write stores what apply accepted.
func (b *batch) write(ctx context.Context) error {
	if err := b.e.tr.InsertEntries(ctx, b.inserts); err != nil {
		return err
	}
	if err := b.e.tr.SaveEntries(ctx, b.saves); err != nil {
		return err
	}
	return b.e.tr.DeleteEntries(ctx, b.deletes, b.now)
}
