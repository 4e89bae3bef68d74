package game

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Recompute rebuilds every user's ledger, badges and streak from the stored
// day records and weekly awards. It must reproduce exactly what the
// incremental close-out, backfill and weekly runs wrote.
func (e *Engine) Recompute(ctx context.Context) error {
	users, err := e.tr.Users(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for i := range users {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := e.recomputeUser(ctx, &users[i]); err != nil {
			errs = append(errs, fmt.Errorf("recompute user %s: %w", users[i].ID, err))
		}
	}
	return errors.Join(errs...)
}

func (e *Engine) recomputeUser(ctx context.Context, u *auth.User) error {
	err := e.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		states, err := e.lockStates(tx, []auth.User{*u})
		if err != nil {
			return err
		}
		st := states[u.ID]
		var days []dayRow
		if err := tx.Where("user_id = ?", u.ID).Order("date").Find(&days).Error; err != nil {
			return err
		}
		var awards []weeklyAwardRow
		if err := tx.Where("user_id = ?", u.ID).Order("week_end, team_id").Find(&awards).Error; err != nil {
			return err
		}
		now := e.now()
		state := State{Badges: map[string]bool{}}
		var (
			points []pointsRow
			badges []badgeRow
			week   []DayRecord
			total  int
		)
		for _, d := range days {
			rec := d.record()
			week = trimToWeek(week, rec.Date)
			out := CloseDay(state, rec, week)
			state = out.State
			week = append(week, rec)
			for _, a := range out.Awards {
				points = append(points, pointsRow{UserID: u.ID, Date: rec.Date, Rule: a.Rule, Points: a.Points, CreatedAt: now})
				total += a.Points
			}
			for _, b := range out.NewBadges {
				badges = append(badges, badgeRow{UserID: u.ID, Code: b, AwardedOn: rec.Date, CreatedAt: now})
			}
		}
		champion := false
		for _, a := range awards {
			points = append(points, pointsRow{UserID: u.ID, Date: a.WeekEnd, Rule: weeklyRulePrefix + a.TeamID, Points: a.Points, CreatedAt: now})
			total += a.Points
			if a.Rank == 1 && !champion {
				champion = true
				badges = append(badges, badgeRow{UserID: u.ID, Code: badgeWeeklyChampion, AwardedOn: a.WeekEnd, CreatedAt: now})
			}
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&pointsRow{}).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&badgeRow{}).Error; err != nil {
			return err
		}
		if len(points) > 0 {
			if err := tx.CreateInBatches(points, 200).Error; err != nil {
				return err
			}
		}
		if len(badges) > 0 {
			if err := tx.CreateInBatches(badges, 200).Error; err != nil {
				return err
			}
		}
		return tx.Model(&stateRow{}).Where("user_id = ?", u.ID).Updates(map[string]any{
			"current": state.Current, "longest": state.Longest, "freezes": state.Freezes,
			"total_points": total, "updated_at": now, "finalized_through": st.FinalizedThrough}).Error
	})
	return err
}

// trimToWeek keeps the records of date's ISO week that come before it.
func trimToWeek(week []DayRecord, date string) []DayRecord {
	monday := civil.WeekStart(date)
	out := week[:0]
	for _, r := range week {
		if r.Date >= monday && r.Date < date {
			out = append(out, r)
		}
	}
	return out
}
