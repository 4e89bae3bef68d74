package game

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/tracking"
)

// plan runs the rules over the dates from..to (inclusive) of u, starting
// from prior. It only reads, through db, so the close-out and the
// pending-points preview share it.
func (e *Engine) plan(ctx context.Context, db *gorm.DB, u *tracking.User, prior State, from, to string) ([]DayRecord, []Outcome, error) {
	if from > to {
		return nil, nil, nil
	}
	facts, err := e.tr.Facts(ctx, db, u.ID, from, to)
	if err != nil {
		return nil, nil, err
	}
	week, err := e.weekBefore(ctx, db, u.ID, from)
	if err != nil {
		return nil, nil, err
	}
	var (
		recs []DayRecord
		outs []Outcome
	)
	state := prior
	for d := from; d <= to; d = AddDays(d, 1) {
		if Weekday(d) == 1 { // Monday starts a new ISO week
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
	return recs, outs, nil
}

// weekBefore loads the finalized records of date's ISO week that come before
// it, for perfect_week.
func (e *Engine) weekBefore(ctx context.Context, db *gorm.DB, userID, date string) ([]DayRecord, error) {
	monday := AddDays(date, -((int(Weekday(date)) + 6) % 7))
	if monday == date {
		return nil, nil
	}
	var rows []dayRow
	if err := db.WithContext(ctx).Where("user_id = ? AND date >= ? AND date < ?", userID, monday, date).
		Order("date").Find(&rows).Error; err != nil {
		return nil, err
	}
	recs := make([]DayRecord, len(rows))
	for i, r := range rows {
		recs[i] = r.record()
	}
	return recs, nil
}

func stateOf(st *stateRow, held map[string]bool) State {
	return State{Current: st.Current, Longest: st.Longest, Freezes: st.Freezes, Badges: held}
}

var errRaced = errors.New("another close-out finalized these dates first")

// finalize closes out every closed, unfinalized date of u, in date order,
// in one transaction. Running it twice, or on two replicas at once, writes
// each row once.
func (e *Engine) finalize(ctx context.Context, u *tracking.User) error {
	last := e.lastClosed(u)
	var sent []Notification
	err := e.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st, err := e.lockState(tx, u)
		if err != nil {
			return err
		}
		if st.FinalizedThrough >= last {
			return nil
		}
		from := max(AddDays(st.FinalizedThrough, 1), u.StartDate)
		held, err := e.heldBadges(tx, u.ID)
		if err != nil {
			return err
		}
		recs, outs, err := e.plan(ctx, tx, u, stateOf(st, held), from, last)
		if err != nil {
			return err
		}
		sent, err = e.store(tx, u.ID, st, recs, outs, last)
		return err
	})
	if errors.Is(err, errRaced) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("close out user %s: %w", u.ID, err)
	}
	e.deliver(sent)
	return nil
}

// store writes what plan computed: day records, ledger rows, badges,
// notifications, and the new state, guarded by the old finalized_through.
func (e *Engine) store(tx *gorm.DB, userID string, st *stateRow, recs []DayRecord, outs []Outcome, through string) ([]Notification, error) {
	now := e.now()
	days := make([]dayRow, 0, len(recs))
	var (
		points []pointsRow
		badges []badgeRow
		notes  []Notification
		sum    int
	)
	for i, r := range recs {
		days = append(days, dayRow{UserID: userID, Date: r.Date, Workday: r.Workday, TargetMinutes: r.TargetMinutes,
			OnTimeMinutes: r.OnTimeMinutes, LateOn: r.LateOn, FinalizedAt: now})
		for _, a := range outs[i].Awards {
			points = append(points, pointsRow{UserID: userID, Date: r.Date, Rule: a.Rule, Points: a.Points, CreatedAt: now})
			sum += a.Points
		}
		for _, b := range outs[i].NewBadges {
			badges = append(badges, badgeRow{UserID: userID, Code: b, AwardedOn: r.Date, CreatedAt: now})
		}
		for _, n := range outs[i].Notices {
			notes = append(notes, newNotification(userID, n.Kind, n.Message, now))
		}
	}
	if len(days) > 0 {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(days, 200).Error; err != nil {
			return nil, err
		}
	}
	if len(points) > 0 {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(points, 200)
		if res.Error != nil {
			return nil, res.Error
		}
		if int(res.RowsAffected) != len(points) {
			// Some rows already existed; count what the ledger really holds.
			if err := tx.Model(&pointsRow{}).Select("COALESCE(SUM(points), 0)").Where("user_id = ?", userID).Scan(&sum).Error; err != nil {
				return nil, err
			}
			sum -= st.TotalPoints
		}
	}
	if len(badges) > 0 {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(badges, 200).Error; err != nil {
			return nil, err
		}
	}
	if len(notes) > 0 {
		if err := tx.CreateInBatches(notes, 200).Error; err != nil {
			return nil, err
		}
	}
	final := outs[len(outs)-1].State
	res := tx.Model(&stateRow{}).Where("user_id = ? AND finalized_through = ?", userID, st.FinalizedThrough).
		Updates(map[string]any{"current": final.Current, "longest": final.Longest, "freezes": final.Freezes,
			"finalized_through": through, "total_points": st.TotalPoints + sum, "updated_at": now})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected != 1 {
		return nil, errRaced
	}
	return notes, nil
}

// Settle finalizes every closed, unfinalized date of the user.
func (e *Engine) Settle(ctx context.Context, userID string) error {
	u, err := e.tr.User(ctx, userID)
	if err != nil {
		return err
	}
	return e.finalize(ctx, u)
}

// CloseOut finalizes the closed dates of every active user. One user's
// failure does not stop the others.
func (e *Engine) CloseOut(ctx context.Context) error {
	users, err := e.tr.ActiveUsers(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for i := range users {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := e.finalize(ctx, &users[i]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Backfilled makes the late award of an already finalized date when its
// first backfilled entry arrives. It runs in the entry's transaction; a date
// not yet finalized gets the same award from the close-out instead.
func (e *Engine) Backfilled(ctx context.Context, tx *gorm.DB, u *tracking.User, date string) error {
	var day dayRow
	err := tx.Where("user_id = ? AND date = ?", u.ID, date).Take(&day).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil || day.LateOn != "" {
		return err
	}
	facts, err := e.tr.Facts(ctx, tx, u.ID, date, date)
	if err != nil {
		return err
	}
	lateOn := facts.LateOn[date]
	if lateOn == "" {
		return nil
	}
	res := tx.Model(&dayRow{}).Where("user_id = ? AND date = ? AND late_on = ?", u.ID, date, "").Update("late_on", lateOn)
	if res.Error != nil || res.RowsAffected != 1 {
		return res.Error
	}
	day.LateOn = lateOn
	award, ok := LateAward(day.record())
	if !ok {
		return nil
	}
	added, err := insertPoints(tx, []pointsRow{{UserID: u.ID, Date: date, Rule: award.Rule, Points: award.Points, CreatedAt: e.now()}})
	if err != nil || added == 0 {
		return err
	}
	return tx.Model(&stateRow{}).Where("user_id = ?", u.ID).Update("total_points", gorm.Expr("total_points + ?", added)).Error
}
