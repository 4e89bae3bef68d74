package game

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/tracking"
)

const weeklyRulePrefix = "weekly_top:"

// Weekly makes the weekly award for every team and every ISO week whose
// Sunday every active member has finalized, oldest week first. Each
// team-week is awarded once, however often or late this runs.
func (e *Engine) Weekly(ctx context.Context) error {
	teams, err := e.tr.AllTeams(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for i := range teams {
		if err := e.weeklyTeam(ctx, &teams[i]); err != nil {
			errs = append(errs, fmt.Errorf("weekly award for team %s: %w", teams[i].ID, err))
		}
	}
	return errors.Join(errs...)
}

func (e *Engine) weeklyTeam(ctx context.Context, team *tracking.Team) error {
	members, err := e.tr.Members(ctx, team.ID)
	if err != nil {
		return err
	}
	var active []*tracking.User
	for i := range members {
		if members[i].User.Active {
			active = append(active, &members[i].User)
		}
	}
	if len(active) == 0 {
		return nil
	}
	sunday, err := e.nextWeek(ctx, team)
	if err != nil {
		return err
	}
	through, err := e.finalizedThrough(ctx, active)
	if err != nil {
		return err
	}
	for ; weekFinalized(active, through, sunday); sunday = AddDays(sunday, 7) {
		if err := e.awardWeek(ctx, team, active, sunday); err != nil {
			return err
		}
	}
	return nil
}

// finalizedThrough reads every member's last finalized date in one query;
// a member never finalized has the day before their first.
func (e *Engine) finalizedThrough(ctx context.Context, members []*tracking.User) (map[string]string, error) {
	ids := make([]string, len(members))
	out := make(map[string]string, len(members))
	for i, u := range members {
		ids[i] = u.ID
		out[u.ID] = initialState(u).FinalizedThrough
	}
	var rows []stateRow
	if err := e.db.R.WithContext(ctx).Select("user_id, finalized_through").Where("user_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.UserID] = r.FinalizedThrough
	}
	return out, nil
}

// nextWeek is the Sunday after the team's last awarded week, or the Sunday
// of the week the team was created in.
func (e *Engine) nextWeek(ctx context.Context, team *tracking.Team) (string, error) {
	var last string
	if err := e.db.R.WithContext(ctx).Model(&weeklyRunRow{}).Select("COALESCE(MAX(week_end), '')").
		Where("team_id = ?", team.ID).Scan(&last).Error; err != nil {
		return "", err
	}
	if last != "" {
		return AddDays(last, 7), nil
	}
	loc, err := tracking.Location(team.Timezone)
	if err != nil {
		loc = time.UTC
	}
	created := LocalDate(team.CreatedAt, loc)
	return AddDays(created, (7-int(Weekday(created)))%7), nil
}

// weekFinalized: every member whose history reaches that Sunday has
// finalized it (members who joined timestreak later do not hold it up).
func weekFinalized(members []*tracking.User, through map[string]string, sunday string) bool {
	for _, u := range members {
		if u.StartDate <= sunday && through[u.ID] < sunday {
			return false
		}
	}
	return true
}

func (e *Engine) awardWeek(ctx context.Context, team *tracking.Team, members []*tracking.User, sunday string) error {
	ids := make([]string, len(members))
	for i, u := range members {
		ids[i] = u.ID
	}
	var (
		sent    []Notification
		awarded bool
	)
	err := e.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := e.now()
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&weeklyRunRow{TeamID: team.ID, WeekEnd: sunday, CreatedAt: now})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error // another run or replica has it
		}
		awarded = true
		var sums []struct {
			UserID string
			Points int
		}
		if err := tx.Model(&pointsRow{}).Select("user_id, SUM(points) AS points").
			Where("user_id IN ? AND date BETWEEN ? AND ? AND rule NOT LIKE ?", ids, AddDays(sunday, -6), sunday, weeklyRulePrefix+"%").
			Group("user_id").Scan(&sums).Error; err != nil {
			return err
		}
		pts := make(map[string]int, len(sums))
		for _, s := range sums {
			pts[s.UserID] = s.Points
		}
		for _, p := range WeeklyPlaces(pts) {
			if err := tx.Create(&weeklyAwardRow{TeamID: team.ID, WeekEnd: sunday, UserID: p.UserID, Rank: p.Rank, Points: p.Points}).Error; err != nil {
				return err
			}
			n, err := e.applyWeeklyPlace(tx, team, sunday, p, now)
			if err != nil {
				return err
			}
			sent = append(sent, n...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if awarded {
		e.TouchBoards()
	}
	e.deliver(sent)
	return nil
}

// applyWeeklyPlace writes a weekly place's ledger row and, for rank 1, the
// weekly_champion badge.
func (e *Engine) applyWeeklyPlace(tx *gorm.DB, team *tracking.Team, sunday string, p WeeklyPlace, now time.Time) ([]Notification, error) {
	added, err := insertPoints(tx, []pointsRow{{UserID: p.UserID, Date: sunday, Rule: weeklyRulePrefix + team.ID, Points: p.Points, CreatedAt: now}})
	if err != nil {
		return nil, err
	}
	if added > 0 {
		if err := tx.Model(&stateRow{}).Where("user_id = ?", p.UserID).Update("total_points", gorm.Expr("total_points + ?", added)).Error; err != nil {
			return nil, err
		}
	}
	notes := []Notification{newNotification(p.UserID, "weekly_top", fmt.Sprintf(
		"You placed #%d in %s for the week ending %s: +%d points.", p.Rank, team.Name, sunday, p.Points), now)}
	if p.Rank == 1 {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&badgeRow{UserID: p.UserID, Code: badgeWeeklyChampion, AwardedOn: sunday, CreatedAt: now})
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected == 1 {
			notes = append(notes, newNotification(p.UserID, noticeBadge, badgeMessage(badgeWeeklyChampion), now))
		} else if err := tx.Model(&badgeRow{}).Where("user_id = ? AND code = ? AND awarded_on > ?", p.UserID, badgeWeeklyChampion, sunday).
			Update("awarded_on", sunday).Error; err != nil {
			// Teams are awarded one after another, so a user's earliest
			// winning week may come second; the badge keeps the earliest.
			return nil, err
		}
	}
	return notes, tx.Create(&notes).Error
}
