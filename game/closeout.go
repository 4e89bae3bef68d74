package game

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// DefaultCloseOutBatch is how many users one close-out transaction
// finalizes: big enough to amortise the queries, small enough to keep the
// single SQLite writer free for requests between batches.
const DefaultCloseOutBatch = 500

// plan runs the rules over the dates from..to (inclusive) of u, starting
// from prior, on the day facts and the earlier records of from's ISO week.
// It is pure, so the close-out and the pending-points preview share it.
func plan(u *auth.User, prior State, from, to string, facts *tracking.DayFacts, week []DayRecord) ([]DayRecord, []Outcome) {
	var (
		recs []DayRecord
		outs []Outcome
	)
	week = append([]DayRecord(nil), week...)
	state := prior
	for d := from; d <= to; d = civil.AddDays(d, 1) {
		if civil.Weekday(d) == time.Monday {
			week = week[:0]
		}
		rec := DayRecord{
			Date:          d,
			Workday:       u.IsWorkday(d) && !facts.TimeOff[d],
			TargetMinutes: u.DailyTargetMinutes,
			OnTimeMinutes: facts.OnTime[d],
			LateOn:        facts.LateOn[d],
		}
		out := CloseDay(state, rec, week)
		state = out.State
		week = append(week, rec)
		recs = append(recs, rec)
		outs = append(outs, out)
	}
	return recs, outs
}

// hasSunday tells whether from..to includes a Sunday, the only day whose
// rules look back at the week.
func hasSunday(from, to string) bool {
	return from <= to && (civil.Weekday(from) == time.Sunday || civil.DaysBetween(from, to) >= 6 ||
		int(civil.Weekday(to)) < int(civil.Weekday(from)))
}

// weeksHot reads the finalized records of some users' date ranges
// [lo, hi), in date order.
var weeksHot = database.NewHot(`SELECT r.user_id, r.date, r.workday, r.target_minutes, r.on_time_minutes, r.late_on
	FROM LIST(k, user_id, lo, hi) CROSS JOIN day_records r ON r.user_id = k.user_id AND r.date >= k.lo AND r.date < k.hi
	ORDER BY r.user_id, r.date`)

// weeksBefore loads, for each user, the finalized records of the ISO week
// of from[user] that come before it: perfect_week needs them. It reads
// through the transaction in ctx, or the read pool.
func (e *Engine) weeksBefore(ctx context.Context, from map[string]string) (map[string][]DayRecord, error) {
	out := map[string][]DayRecord{}
	var ids, los, his []string
	for id, f := range from {
		if civil.Weekday(f) == time.Monday {
			continue
		}
		ids, los, his = append(ids, id), append(los, civil.WeekStart(f)), append(his, f)
	}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := e.db.Query(ctx, weeksHot, e.db.Tuples(ids, los, his)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r dayRow
		if err := rows.Scan(&r.UserID, &r.Date, &r.Workday, &r.TargetMinutes, &r.OnTimeMinutes, &r.LateOn); err != nil {
			return nil, err
		}
		out[r.UserID] = append(out[r.UserID], r.record())
	}
	return out, rows.Err()
}

func stateOf(st *stateRow, held map[string]bool) State {
	if held == nil {
		held = map[string]bool{}
	}
	return State{Current: st.Current, Longest: st.Longest, Freezes: st.Freezes, Badges: held}
}

var errRaced = errors.New("another close-out finalized these dates first")

// finalize closes out every closed, unfinalized date of the given users, in
// date order, in one transaction. Running it twice, or on two replicas at
// once, writes each row once: each user's state row is locked and guarded
// by its finalized_through, and the ledger's key refuses duplicates.
func (e *Engine) finalize(ctx context.Context, userIDs []string) error {
	err := e.db.Tx(ctx, func(ctx context.Context) error { return e.finalizeIn(ctx, userIDs) })
	if errors.Is(err, errRaced) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("close out: %w", err)
	}
	return nil
}

// finalizeIn is finalize inside the transaction in ctx: the entry write
// path runs it in a batch's transaction for the users whose closed dates a
// write touches. The boards and the outgoing notifications hear of it once
// that transaction commits.
func (e *Engine) finalizeIn(ctx context.Context, userIDs []string) error {
	tx := e.db.Engine(ctx)
	// Users are read inside the transaction, so a settings change that
	// committed since the batch was listed is seen.
	byID, err := e.tr.UsersByID(ctx, userIDs)
	if err != nil {
		return err
	}
	users := make([]auth.User, 0, len(byID))
	for _, u := range byID {
		users = append(users, *u)
	}
	sort.Slice(users, func(i, j int) bool { return users[i].ID < users[j].ID })
	states, err := e.lockStates(tx, users)
	if err != nil {
		return err
	}
	type job struct {
		u        *auth.User
		st       *stateRow
		from, to string
	}
	var jobs []job
	from := map[string]string{}
	var ids []string
	lo, hi := "", ""
	for i := range users {
		u := &users[i]
		st := states[u.ID]
		last := e.lastClosed(u)
		if st.FinalizedThrough >= last {
			continue
		}
		f := max(civil.AddDays(st.FinalizedThrough, 1), u.StartDate)
		if f > last {
			continue
		}
		jobs = append(jobs, job{u, st, f, last})
		ids = append(ids, u.ID)
		from[u.ID] = f
		if lo == "" || f < lo {
			lo = f
		}
		if last > hi {
			hi = last
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	held, err := heldBadgesOf(tx, ids)
	if err != nil {
		return err
	}
	facts, err := e.tr.FactsFor(ctx, ids, lo, hi)
	if err != nil {
		return err
	}
	weeks, err := e.weeksBefore(ctx, from)
	if err != nil {
		return err
	}
	w := &ledgerWrite{now: e.now()}
	for _, j := range jobs {
		recs, outs := plan(j.u, stateOf(j.st, held[j.u.ID]), j.from, j.to, facts[j.u.ID], weeks[j.u.ID])
		w.add(j.u.ID, j.st, recs, outs, j.to)
	}
	sent, err := w.flush(tx)
	if err != nil {
		return err
	}
	database.AfterCommit(ctx, func() { e.deliver(sent) })
	return nil
}

// lockStates loads the users' game states for update, creating missing
// ones. On PostgreSQL the rows are locked in id order, so concurrent
// close-outs take turns without deadlocking; SQLite's single writer already
// serialises them.
func (e *Engine) lockStates(tx *gorm.DB, users []auth.User) (map[string]*stateRow, error) {
	fresh := make([]stateRow, len(users))
	ids := make([]string, len(users))
	for i, u := range users {
		fresh[i] = initialState(&u)
		fresh[i].UpdatedAt = e.now()
		ids[i] = u.ID
	}
	if len(fresh) > 0 {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(fresh, 500).Error; err != nil {
			return nil, err
		}
	}
	q := e.db.ForUpdate(tx.Where("user_id IN ?", ids).Order("user_id"))
	var rows []stateRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]*stateRow, len(rows))
	for i := range rows {
		out[rows[i].UserID] = &rows[i]
	}
	return out, nil
}

func heldBadgesOf(db *gorm.DB, ids []string) (map[string]map[string]bool, error) {
	var rows []struct{ UserID, Code string }
	if err := db.Model(&badgeRow{}).Select("user_id, code").Where("user_id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	for _, r := range rows {
		if out[r.UserID] == nil {
			out[r.UserID] = map[string]bool{}
		}
		out[r.UserID][r.Code] = true
	}
	return out, nil
}

// ledgerWrite gathers what a close-out produces, to write it in bulk.
type ledgerWrite struct {
	now    time.Time
	days   []dayRow
	points []pointsRow
	badges []badgeRow
	notes  []Notification
	states []stateUpdate
}

type stateUpdate struct {
	userID, oldThrough, through string
	final                       State
	total, added                int
}

func (w *ledgerWrite) add(userID string, st *stateRow, recs []DayRecord, outs []Outcome, through string) {
	added := 0
	for i, r := range recs {
		w.days = append(w.days, dayRow{UserID: userID, Date: r.Date, Workday: r.Workday, TargetMinutes: r.TargetMinutes,
			OnTimeMinutes: r.OnTimeMinutes, LateOn: r.LateOn, FinalizedAt: w.now})
		for _, a := range outs[i].Awards {
			w.points = append(w.points, pointsRow{UserID: userID, Date: r.Date, Rule: a.Rule, Points: a.Points, CreatedAt: w.now})
			added += a.Points
		}
		for _, b := range outs[i].NewBadges {
			w.badges = append(w.badges, badgeRow{UserID: userID, Code: b, AwardedOn: r.Date, CreatedAt: w.now})
		}
		for _, n := range outs[i].Notices {
			w.notes = append(w.notes, newNotification(userID, n.Kind, n.Message, r.Date, w.now))
		}
	}
	w.states = append(w.states, stateUpdate{userID: userID, oldThrough: st.FinalizedThrough, through: through,
		final: outs[len(outs)-1].State, total: st.TotalPoints, added: added})
}

// flush writes everything gathered and moves each user's state forward.
func (w *ledgerWrite) flush(tx *gorm.DB) ([]Notification, error) {
	skip := clause.OnConflict{DoNothing: true}
	if len(w.days) > 0 {
		if err := tx.Clauses(skip).CreateInBatches(w.days, 500).Error; err != nil {
			return nil, err
		}
	}
	exact := true
	if len(w.points) > 0 {
		res := tx.Clauses(skip).CreateInBatches(w.points, 500)
		if res.Error != nil {
			return nil, res.Error
		}
		exact = int(res.RowsAffected) == len(w.points)
	}
	if len(w.badges) > 0 {
		if err := tx.Clauses(skip).CreateInBatches(w.badges, 500).Error; err != nil {
			return nil, err
		}
	}
	if len(w.notes) > 0 {
		if err := tx.CreateInBatches(w.notes, 500).Error; err != nil {
			return nil, err
		}
	}
	for _, s := range w.states {
		total := s.total + s.added
		if !exact {
			// Some rows already existed: count what the ledger really holds.
			if err := tx.Model(&pointsRow{}).Select("COALESCE(SUM(points), 0)").Where("user_id = ?", s.userID).Scan(&total).Error; err != nil {
				return nil, err
			}
		}
		res := tx.Model(&stateRow{}).Where("user_id = ? AND finalized_through = ?", s.userID, s.oldThrough).
			Updates(map[string]any{"current": s.final.Current, "longest": s.final.Longest, "freezes": s.final.Freezes,
				"finalized_through": s.through, "total_points": total, "updated_at": w.now})
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected != 1 {
			return nil, errRaced
		}
	}
	return w.notes, nil
}

// Settle finalizes every closed, unfinalized date of the user.
func (e *Engine) Settle(ctx context.Context, userID string) error {
	return e.finalize(ctx, []string{userID})
}

// CloseOut finalizes the closed dates of every active user, a batch of
// users per transaction. One batch's failure does not stop the others.
func (e *Engine) CloseOut(ctx context.Context) error {
	ids, err := e.tr.ActiveUserIDs(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for start := 0; start < len(ids); start += e.batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := e.finalize(ctx, ids[start:min(start+e.batch, len(ids))]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
