package game

import (
	"context"
	"sort"
	"time"

	"github.com/timestreak/timestreak/tracking"
)

// What the jobs decided, for the adapters that tell people elsewhere (the
// Slack app): read-only, from the rows the jobs wrote once each.

// RemindersSince lists the reminders sent for dates on or after from,
// oldest first.
func (e *Engine) RemindersSince(ctx context.Context, from string) ([]tracking.UserDay, error) {
	var rows []reminderRow
	if err := e.db.R.WithContext(ctx).Where("date >= ?", from).Order("date, user_id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]tracking.UserDay, len(rows))
	for i, r := range rows {
		out[i] = tracking.UserDay{UserID: r.UserID, Date: r.Date}
	}
	return out, nil
}

// AwardedWeek is a team's weekly top as the weekly award made it.
type AwardedWeek struct {
	WeekEnd   string // the week's Sunday
	AwardedAt time.Time
	Places    []WeeklyPlace // by rank, then user id; empty when nobody had points
}

// AwardedWeeks lists the weeks of a team awarded at or after since,
// oldest first.
func (e *Engine) AwardedWeeks(ctx context.Context, teamID string, since time.Time) ([]AwardedWeek, error) {
	var runs []weeklyRunRow
	r := e.db.R.WithContext(ctx)
	if err := r.Where("team_id = ? AND created_at >= ?", teamID, since).Order("week_end").Find(&runs).Error; err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, nil
	}
	ends := make([]string, len(runs))
	for i, run := range runs {
		ends[i] = run.WeekEnd
	}
	var awards []weeklyAwardRow
	if err := r.Where("team_id = ? AND week_end IN ?", teamID, ends).Find(&awards).Error; err != nil {
		return nil, err
	}
	sort.Slice(awards, func(i, j int) bool {
		a, b := awards[i], awards[j]
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		return a.UserID < b.UserID
	})
	byWeek := map[string][]WeeklyPlace{}
	for _, a := range awards {
		byWeek[a.WeekEnd] = append(byWeek[a.WeekEnd], WeeklyPlace{UserID: a.UserID, Rank: a.Rank, Points: a.Points})
	}
	out := make([]AwardedWeek, len(runs))
	for i, run := range runs {
		out[i] = AwardedWeek{WeekEnd: run.WeekEnd, AwardedAt: run.CreatedAt, Places: byWeek[run.WeekEnd]}
	}
	return out, nil
}
