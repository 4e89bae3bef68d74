package game

import (
	"context"
	"net/http"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// What a batch does after its writes: the late awards of finalized dates
// that got their first backfilled entry, then each new entry's answer
// (the date's pending points) and the keys stored with theirs.

// dayRecordsHot reads some user-days' records with the points each holds.
var dayRecordsHot = database.NewHot(`SELECT r.user_id, r.date, r.workday, r.target_minutes, r.on_time_minutes, r.late_on,
		(SELECT COALESCE(SUM(p.points), 0) FROM points_events p WHERE p.user_id = r.user_id AND p.date = r.date)
	FROM LIST(k, user_id, date) CROSS JOIN day_records r ON r.user_id = k.user_id AND r.date = k.date`)

// The writes of a late award: a date's first backfill, its points, the
// user's total.
var (
	setLateOnHot    = database.NewHot(`UPDATE day_records SET late_on = ? WHERE user_id = ? AND date = ? AND late_on = ''`)
	insertPointsHot = database.NewHot(`INSERT INTO points_events (user_id, date, rule, points, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, date, rule) DO NOTHING`)
	addPointsHot = database.NewHot(`UPDATE game_states SET total_points = total_points + ? WHERE user_id = ?`)
)

// record is a finalized date and the points it holds.
type record struct {
	dayRow
	points int
}

func (e *Engine) records(ctx context.Context, days []tracking.UserDay) (map[tracking.UserDay]*record, error) {
	out := map[tracking.UserDay]*record{}
	if len(days) == 0 {
		return out, nil
	}
	ids, dates := make([]string, len(days)), make([]string, len(days))
	for i, d := range days {
		ids[i], dates[i] = d.UserID, d.Date
	}
	rows, err := e.db.Query(ctx, dayRecordsHot, e.db.Pairs(ids, dates)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r record
		if err := rows.Scan(&r.UserID, &r.Date, &r.Workday, &r.TargetMinutes, &r.OnTimeMinutes, &r.LateOn, &r.points); err != nil {
			return nil, err
		}
		out[tracking.UserDay{UserID: r.UserID, Date: r.Date}] = &r
	}
	return out, rows.Err()
}

// finalDays are the finalized dates the batch needs records of: those
// that got a backfilled entry, and those new entries are answered about.
func (b *batch) finalDays() []tracking.UserDay {
	seen := map[tracking.UserDay]bool{}
	var days []tracking.UserDay
	add := func(u *auth.User, date string) {
		k := tracking.UserDay{UserID: u.ID, Date: date}
		if !seen[k] && date >= u.StartDate && date <= b.state(u).FinalizedThrough {
			seen[k] = true
			days = append(days, k)
		}
	}
	for _, op := range b.ops {
		if op.err != nil || op.out == nil || op.replayed {
			continue
		}
		if op.kind == opCreate || b.late[tracking.UserDay{UserID: op.u.ID, Date: op.out.Date}] {
			add(op.u, op.out.Date)
		}
	}
	return days
}

// awardLate makes the late award of each finalized date whose first
// backfilled entry this batch wrote; a date not yet finalized gets the
// same award from its close-out. Then it reads the records new entries are
// answered with.
func (b *batch) awardLate(ctx context.Context) error {
	days := b.finalDays()
	if len(days) == 0 {
		return nil
	}
	recs, err := b.e.records(ctx, days)
	if err != nil {
		return err
	}
	b.recs = recs
	var first []tracking.UserDay
	for _, k := range days {
		if r := recs[k]; r != nil && b.late[k] && r.LateOn == "" {
			first = append(first, k)
		}
	}
	if len(first) == 0 {
		return nil
	}
	lateOn, err := b.e.tr.FirstLate(ctx, first)
	if err != nil {
		return err
	}
	added := map[string]int{}
	for _, k := range first {
		on := lateOn[k]
		if on == "" {
			continue
		}
		res, err := b.e.db.Exec(ctx, setLateOnHot, on, k.UserID, k.Date)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			continue // another writer set it first
		}
		r := recs[k]
		r.LateOn = on
		award, ok := LateAward(r.record())
		if !ok {
			continue
		}
		res, err = b.e.db.Exec(ctx, insertPointsHot, k.UserID, k.Date, award.Rule, award.Points, b.now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 1 {
			added[k.UserID] += award.Points
			r.points += award.Points
		}
	}
	for id, n := range added {
		if _, err := b.e.db.Exec(ctx, addPointsHot, n, id); err != nil {
			return err
		}
	}
	return nil
}

// openDay is a new entry's answer when its date is still open to scoring:
// what the date would earn if it closed now, as the writes so far left it.
// Dates before the user's first and finalized ones are answered later, from
// their records (answer). In the usual case the answer is later, a pure
// function of what the batch read, for the request's own goroutine to work
// out after the commit: the writer only writes.
func (b *batch) openDay(op *entryOp) (d *Day, later func() *Day) {
	u, date := op.u, op.entry.Date
	st := b.state(u)
	if date < u.StartDate || date <= st.FinalizedThrough {
		return nil, nil
	}
	k := tracking.UserDay{UserID: u.ID, Date: date}
	from := max(civil.AddDays(st.FinalizedThrough, 1), u.StartDate)
	closes := b.e.ClosesAt(u, date)
	open := b.now.Before(closes)
	if from == date && open {
		// The usual case: the date right after the last finalized one,
		// still open, so it has no backfilled entries: its totals are
		// enough.
		held, totals, week := b.held[u.ID], b.totals[k], b.weeks[u.ID]
		return nil, func() *Day { return openPending(u, st, held, date, closes, totals, week) }
	}
	// The dates since the last finalized one as the writes so far left
	// them: on-time minutes and time off from their totals, which the
	// triggers keep equal to the entries.
	facts := &tracking.DayFacts{OnTime: map[string]int{}, LateOn: map[string]string{}, TimeOff: map[string]bool{}}
	for d := from; d <= date; d = civil.AddDays(d, 1) {
		k := tracking.UserDay{UserID: u.ID, Date: d}
		t := b.totals[k]
		facts.OnTime[d], facts.TimeOff[d] = t.OnTimeMinutes, t.TimeOff
		if on := b.lateOn[k]; on != "" {
			facts.LateOn[d] = on
		}
	}
	d = &Day{Date: date, Minutes: b.totals[k].Minutes, TargetMinutes: u.DailyTargetMinutes, OnTime: open, ClosesAt: closes}
	pend(d, u, stateOf(st, b.held[u.ID]), from, facts, b.factWeeks[u.ID])
	return d, nil
}

// answer gives every new entry its day, renders the answers of keyed
// ones and stores them with their keys, and answers the copies of a keyed
// request as their first.
func (b *batch) answer(ctx context.Context) error {
	var keys []*tracking.IdempotencyKey
	for _, op := range b.ops {
		if op.kind != opCreate || op.err != nil || op.replayed || op.first != nil {
			continue
		}
		e, u := op.out, op.u
		if op.later != nil && op.idem != nil { // a keyed answer is stored now
			op.day, op.later = op.later(), nil
		}
		if op.day == nil && op.later == nil {
			switch {
			case e.Date < u.StartDate:
				closes := b.e.ClosesAt(u, e.Date)
				op.day = &Day{Date: e.Date, Workday: u.IsWorkday(e.Date), Minutes: op.minutes, TargetMinutes: u.DailyTargetMinutes,
					OnTime: b.now.Before(closes), ClosesAt: closes}
			default: // finalized: what it earned
				op.day = &Day{Date: e.Date, Minutes: op.minutes, ClosesAt: b.e.ClosesAt(u, e.Date)}
				if r := b.recs[tracking.UserDay{UserID: u.ID, Date: e.Date}]; r != nil {
					op.day.Workday, op.day.TargetMinutes, op.day.PendingPoints = r.Workday, r.TargetMinutes, r.points
				}
			}
		}
		if op.idem == nil {
			continue
		}
		k := &tracking.IdempotencyKey{UserID: u.ID, Key: op.idem.Key, RequestHash: op.idem.RequestHash, EntryID: e.ID,
			Status: http.StatusCreated, CreatedAt: e.CreatedAt}
		if op.render != nil {
			body, err := op.render(e, op.day)
			if err != nil {
				return err
			}
			op.body, k.Body = body, string(body)
		}
		keys = append(keys, k)
	}
	for _, op := range b.ops {
		if op.first == nil {
			continue
		}
		switch f := op.first; {
		case f.idem.RequestHash != op.idem.RequestHash:
			op.err = errKeyReused
		case f.err != nil:
			op.err = f.err
		default:
			op.replayed, op.out, op.day, op.body, op.keyEntry = true, f.out, f.day, f.body, f.out.ID
		}
	}
	return b.e.tr.StoreKeys(ctx, keys)
}
