package game

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Day is one user's date as scoring sees it, as the app shows it after
// logging time: for a finalized date the points it earned, for an open one
// what it would earn if it closed now.
type Day struct {
	Date          string `json:"date"`
	Workday       bool   `json:"-"`
	Minutes       int    `json:"minutes"`
	TargetMinutes int    `json:"target_minutes"`
	OnTime        bool   `json:"on_time"`
	PendingPoints int    `json:"pending_points"`
	// ClosesAt is when the date closes: its pending points are earned then.
	ClosesAt time.Time `json:"closes_at"`
}

// Day reports a date of u: for a finalized date the points it earned, for
// an open one what it would earn if it closed now, by the close-out's rules.
func (e *Engine) Day(ctx context.Context, u *auth.User, date string) (*Day, error) {
	st, err := e.readState(ctx, u)
	if err != nil {
		return nil, err
	}
	return e.day(ctx, u, st, date)
}

// day is Day for a state the caller has already read.
func (e *Engine) day(ctx context.Context, u *auth.User, st *stateRow, date string) (*Day, error) {
	closes := e.ClosesAt(u, date)
	d := &Day{Date: date, TargetMinutes: u.DailyTargetMinutes, OnTime: e.now().Before(closes), ClosesAt: closes}
	var err error
	r := e.db.R.WithContext(ctx)
	from := max(civil.AddDays(st.FinalizedThrough, 1), u.StartDate)
	switch {
	case date < u.StartDate:
		d.Workday = u.IsWorkday(date)
		d.Minutes, err = e.tr.DayMinutes(ctx, u.ID, date)
		return d, err
	case date <= st.FinalizedThrough:
		d.OnTime = false // a finalized date is closed, whatever the clock in the user's zone says
		if d.Minutes, err = e.tr.DayMinutes(ctx, u.ID, date); err != nil {
			return nil, err
		}
		var rec dayRow
		if err := r.Where("user_id = ? AND date = ?", u.ID, date).Limit(1).Find(&rec).Error; err != nil {
			return nil, err
		}
		d.Workday, d.TargetMinutes = rec.Workday, rec.TargetMinutes
		err := r.Model(&pointsRow{}).Select("COALESCE(SUM(points), 0)").Where("user_id = ? AND date = ?", u.ID, date).Scan(&d.PendingPoints).Error
		return d, err
	}
	held, err := heldBadgesOf(r, []string{u.ID})
	if err != nil {
		return nil, err
	}
	var week []DayRecord
	if hasSunday(from, date) {
		weeks, err := e.weeksBefore(ctx, map[string]string{u.ID: from})
		if err != nil {
			return nil, err
		}
		week = weeks[u.ID]
	}
	if from == date && d.OnTime {
		// The usual case: the date right after the last finalized one, still
		// open, so it has no backfilled entries yet: its totals are enough.
		od, err := e.tr.OpenDayFacts(ctx, u.ID, date)
		if err != nil {
			return nil, err
		}
		return openPending(u, st, held[u.ID], date, closes, *od, week), nil
	}
	if d.Minutes, err = e.tr.DayMinutes(ctx, u.ID, date); err != nil {
		return nil, err
	}
	facts, err := e.tr.Facts(ctx, u.ID, from, date)
	if err != nil {
		return nil, err
	}
	pend(d, u, stateOf(st, held[u.ID]), from, facts, week)
	return d, nil
}

// openPending is what an open date right after the last finalized one
// would earn if it closed now, from its totals: the write path's answer and
// Day's usual case. week is the ISO week so far when date is a Sunday.
func openPending(u *auth.User, st *stateRow, held map[string]bool, date string, closes time.Time, od tracking.OpenDay, week []DayRecord) *Day {
	d := &Day{Date: date, Minutes: od.Minutes, TargetMinutes: u.DailyTargetMinutes, OnTime: true, ClosesAt: closes}
	facts := &tracking.DayFacts{OnTime: map[string]int{date: od.OnTimeMinutes}, TimeOff: map[string]bool{date: od.TimeOff}}
	pend(d, u, stateOf(st, held), date, facts, week)
	return d
}

// pend fills in what d would earn if every date from..d.Date closed now, by
// the close-out's own plan.
func pend(d *Day, u *auth.User, prior State, from string, facts *tracking.DayFacts, week []DayRecord) {
	recs, outs := plan(u, prior, from, d.Date, facts, week)
	last := len(outs) - 1
	d.Workday = recs[last].Workday
	d.PendingPoints = 0
	for _, a := range outs[last].Awards {
		d.PendingPoints += a.Points
	}
}

// StreakView is the streak part of a user's stats.
type StreakView struct {
	Current int `json:"current"`
	Longest int `json:"longest"`
	Freezes int `json:"freezes"`
}

// TodayView is today's progress in a user's stats.
type TodayView struct {
	Date          string `json:"date"`
	Workday       bool   `json:"workday"`
	Minutes       int    `json:"minutes"`
	TargetMinutes int    `json:"target_minutes"`
	PendingPoints int    `json:"pending_points"`
	// ClosesAt is when today closes: its pending points are earned then.
	ClosesAt time.Time `json:"closes_at"`
}

// Stats is the game summary in GET /me.
type Stats struct {
	Points          int        `json:"points"`
	Level           int        `json:"level"`
	NextLevelPoints int        `json:"next_level_points"`
	Streak          StreakView `json:"streak"`
	Today           TodayView  `json:"today"`
}

// Stats summarises u's game: points, level, streak and today's progress.
func (e *Engine) Stats(ctx context.Context, u *auth.User) (*Stats, error) {
	st, err := e.readState(ctx, u)
	if err != nil {
		return nil, err
	}
	today := civil.Of(e.now(), civil.Zone(u.Timezone))
	d, err := e.day(ctx, u, st, today)
	if err != nil {
		return nil, err
	}
	level, next := Level(st.TotalPoints)
	return &Stats{
		Points: st.TotalPoints, Level: level, NextLevelPoints: next,
		Streak: StreakView{Current: st.Current, Longest: st.Longest, Freezes: st.Freezes},
		Today: TodayView{Date: today, Workday: d.Workday, Minutes: d.Minutes, TargetMinutes: d.TargetMinutes, PendingPoints: d.PendingPoints,
			ClosesAt: e.ClosesAt(u, today)},
	}, nil
}

// BadgeView is an earned badge.
type BadgeView struct {
	Code      string `json:"code"`
	AwardedOn string `json:"awarded_on"`
}

// Badges lists the badges a user earned, oldest first.
func (e *Engine) Badges(ctx context.Context, userID string) ([]BadgeView, error) {
	out := []BadgeView{}
	err := e.db.R.WithContext(ctx).Model(&badgeRow{}).Select("code, awarded_on").Where("user_id = ?", userID).
		Order("awarded_on, code").Scan(&out).Error
	return out, err
}

// PointsView is one ledger row as the API shows it.
type PointsView struct {
	Date   string `json:"date"`
	Rule   string `json:"rule"`
	Points int    `json:"points"`
}

// Points lists a user's ledger rows in a date range (either end optional).
func (e *Engine) Points(ctx context.Context, userID, from, to string) ([]PointsView, error) {
	q, err := database.InDates(e.db.R.WithContext(ctx).Model(&pointsRow{}).Select("date, rule, points").Where("user_id = ?", userID), from, to)
	if err != nil {
		return nil, err
	}
	out := []PointsView{}
	return out, q.Order("date, rule").Scan(&out).Error
}

// Notifications pages through a user's notifications, newest first: limit
// of them (1 to 100, 0 for 100), older than the one named by before, if any.
func (e *Engine) Notifications(ctx context.Context, userID, before string, limit int) ([]Notification, error) {
	switch {
	case limit == 0:
		limit = 100
	case limit < 1 || limit > 100:
		return nil, valid.Invalid("limit", "must be from 1 to 100")
	}
	q := e.db.R.WithContext(ctx).Where("user_id = ?", userID)
	if before != "" {
		var from Notification
		err := e.db.R.WithContext(ctx).Where("user_id = ? AND id = ?", userID, before).Take(&from).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, valid.Invalid("before", "must be the id of one of your notifications")
		} else if err != nil {
			return nil, err
		}
		q = q.Where("created_at < ? OR (created_at = ? AND id < ?)", from.CreatedAt, from.CreatedAt, from.ID)
	}
	out := []Notification{}
	return out, q.Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
}

// MarkRead marks some of a user's notifications read (others' ids are ignored), or all of them.
func (e *Engine) MarkRead(ctx context.Context, userID string, ids []string, all bool) error {
	q := e.db.W.WithContext(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID)
	switch {
	case all:
	case len(ids) == 0:
		return nil
	default:
		q = q.Where("id IN ?", ids)
	}
	return q.Update("read_at", e.now()).Error
}
