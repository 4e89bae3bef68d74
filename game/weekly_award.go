package game

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

const weeklyRulePrefix = "weekly_top:"

// Weekly makes the weekly award for every team and every ISO week that
// has ended in the team's time zone and whose Sunday every member taking
// part has finalized, oldest week first. Each team-week is awarded once,
// however often or late this runs.
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

// weeklyTeam awards a team's ended weeks. Who takes part in a week is who
// was a member of the team at its end (PRODUCT.md §7), whatever changed
// after: the membership history decides, not today's members.
func (e *Engine) weeklyTeam(ctx context.Context, team *org.Team) error {
	history, err := e.tr.MembershipHistory(ctx, team.ID)
	if err != nil || len(history) == 0 {
		return err
	}
	ids := make([]string, 0, len(history))
	for _, m := range history {
		ids = append(ids, m.UserID)
	}
	users, err := e.tr.UsersByID(ctx, ids)
	if err != nil {
		return err
	}
	all := make([]*auth.User, 0, len(users))
	for _, u := range users {
		all = append(all, u)
	}
	sunday, err := e.nextWeek(ctx, team)
	if err != nil {
		return err
	}
	through, err := e.finalizedThrough(ctx, all)
	if err != nil {
		return err
	}
	loc := civil.Zone(team.Timezone)
	now := e.now()
	for {
		end := WeekEnd(sunday, loc)
		if now.Before(end) {
			return nil // the week has not ended where the team is
		}
		members := membersAt(history, users, through, sunday, end)
		if !weekFinalized(members, through, sunday) {
			return nil
		}
		if err := e.awardWeek(ctx, team, members, sunday); err != nil {
			return err
		}
		sunday = civil.AddDays(sunday, 7)
	}
}

// WeekEnd is the end of the ISO week whose Sunday is sunday in loc: the
// first instant of the Monday after. Someone is a member at the end of the
// week when they joined before it and had not left by it.
func WeekEnd(sunday string, loc *time.Location) time.Time {
	d, _ := civil.Parse(civil.AddDays(sunday, 1))
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// membersAt are the team's members at the end instant who take part in the
// week: every active one, and a deactivated one whose Sunday was finalized
// before deactivation (the close-out skips deactivated users, so any other
// would hold the week up for ever).
func membersAt(history []org.TeamMembership, users map[string]*auth.User, through map[string]string, sunday string, end time.Time) []*auth.User {
	seen := map[string]bool{}
	var out []*auth.User
	for i := range history {
		m := &history[i]
		u := users[m.UserID]
		if u == nil || seen[u.ID] || !m.JoinedAt.Before(end) || (m.LeftAt != nil && m.LeftAt.Before(end)) {
			continue
		}
		if !u.Active && through[u.ID] < sunday {
			continue
		}
		seen[u.ID] = true
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// finalizedThrough reads every member's last finalized date in one query;
// a member never finalized has the day before their first.
func (e *Engine) finalizedThrough(ctx context.Context, members []*auth.User) (map[string]string, error) {
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
func (e *Engine) nextWeek(ctx context.Context, team *org.Team) (string, error) {
	var last string
	if err := e.db.R.WithContext(ctx).Model(&weeklyRunRow{}).Select("COALESCE(MAX(week_end), '')").
		Where("team_id = ?", team.ID).Scan(&last).Error; err != nil {
		return "", err
	}
	if last != "" {
		return civil.AddDays(last, 7), nil
	}
	created := civil.Of(team.CreatedAt, civil.Zone(team.Timezone))
	return civil.AddDays(created, (7-int(civil.Weekday(created)))%7), nil
}

// weekFinalized: every member whose history reaches that Sunday has
// finalized it (members who joined timestreak later do not hold it up).
func weekFinalized(members []*auth.User, through map[string]string, sunday string) bool {
	for _, u := range members {
		if u.StartDate <= sunday && through[u.ID] < sunday {
			return false
		}
	}
	return true
}

func (e *Engine) awardWeek(ctx context.Context, team *org.Team, members []*auth.User, sunday string) error {
	ids := make([]string, len(members))
	for i, u := range members {
		ids[i] = u.ID
	}
	var sent []Notification
	err := e.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := e.now()
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&weeklyRunRow{TeamID: team.ID, WeekEnd: sunday, CreatedAt: now})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error // another run or replica has it
		}
		var sums []struct {
			UserID string
			Points int
		}
		if len(ids) == 0 {
			return nil // nobody was in the team at the end of the week
		}
		if err := tx.Model(&pointsRow{}).Select("user_id, SUM(points) AS points").
			Where("user_id IN ? AND date BETWEEN ? AND ? AND rule NOT LIKE ?", ids, civil.AddDays(sunday, -6), sunday, weeklyRulePrefix+"%").
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
	e.deliver(sent)
	return nil
}

// applyWeeklyPlace writes a weekly place's ledger row and, for rank 1, the
// weekly_champion badge.
func (e *Engine) applyWeeklyPlace(tx *gorm.DB, team *org.Team, sunday string, p WeeklyPlace, now time.Time) ([]Notification, error) {
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
		"You placed #%d in %s for the week ending %s: +%d points.", p.Rank, team.Name, sunday, p.Points), sunday, now)}
	if p.Rank == 1 {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&badgeRow{UserID: p.UserID, Code: badgeWeeklyChampion, AwardedOn: sunday, CreatedAt: now})
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected == 1 {
			notes = append(notes, newNotification(p.UserID, noticeBadge, badgeMessage(badgeWeeklyChampion), sunday, now))
		} else if err := tx.Model(&badgeRow{}).Where("user_id = ? AND code = ? AND awarded_on > ?", p.UserID, badgeWeeklyChampion, sunday).
			Update("awarded_on", sunday).Error; err != nil {
			// Teams are awarded one after another, so a user's earliest
			// winning week may come second; the badge keeps the earliest.
			return nil, err
		}
	}
	return notes, tx.Create(&notes).Error
}
