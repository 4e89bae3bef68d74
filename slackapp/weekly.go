package slackapp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking/org"
)

// weeklyWindow: the slack-weekly job posts the weeks awarded this
// recently (a channel set later, or a long outage, does not flood it with
// old weeks).
const weeklyWindow = 8 * 24 * time.Hour

var medals = []string{":first_place_medal:", ":second_place_medal:", ":third_place_medal:"}

// Weekly posts each team's weekly winners, as the weekly award ranked
// them, to the team's Slack channel, once per week. Slack's refusals are
// logged and tried again at the next run; the error returned is the
// database's.
func (a *App) Weekly(ctx context.Context) error {
	teams, err := a.tr.AllTeams(ctx)
	if err != nil {
		return err
	}
	since := a.clock.Now().UTC().Add(-weeklyWindow)
	var errs []error
	for i := range teams {
		t := &teams[i]
		if t.SlackChannel == nil {
			continue
		}
		weeks, err := a.game.AwardedWeeks(ctx, t.ID, since)
		if err != nil {
			return err
		}
		for _, w := range weeks {
			if err := a.postWeek(ctx, t, w); err != nil {
				errs = append(errs, fmt.Errorf("weekly winners of team %s, week ending %s: %w", t.ID, w.WeekEnd, err))
			}
		}
	}
	return errors.Join(errs...)
}

// postWeek claims the week for this run (another run or replica that has
// it wins), then posts it. A post Slack refused is tried again at the
// next run; one whose answer never came may have been posted, and is not.
func (a *App) postWeek(ctx context.Context, t *org.Team, w game.AwardedWeek) error {
	res := a.db.W.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&weeklyPost{TeamID: t.ID, WeekEnd: w.WeekEnd, PostedAt: a.clock.Now().UTC()})
	if res.Error != nil || res.RowsAffected == 0 || len(w.Places) == 0 {
		return res.Error // posted already, or nobody had points: nothing to say
	}
	text, err := a.weeklyText(ctx, t, w)
	if err != nil {
		return errors.Join(err, a.release(ctx, t, w))
	}
	_, _, err = a.api.PostMessageContext(ctx, *t.SlackChannel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(section(text)))
	var (
		refused slack.SlackErrorResponse
		limited *slack.RateLimitedError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &refused), errors.As(err, &limited):
		a.log.Warn("slack: a weekly post was refused; the next run tries again", "team_id", t.ID, "week_end", w.WeekEnd, "error", err)
		return a.release(ctx, t, w)
	}
	a.log.Warn("slack: a weekly post's answer never came; it may have been posted, so it is not sent again", "team_id", t.ID, "week_end", w.WeekEnd, "error", err)
	return nil
}

// release gives a claimed week back to the next run.
func (a *App) release(ctx context.Context, t *org.Team, w game.AwardedWeek) error {
	return a.db.W.WithContext(ctx).Where("team_id = ? AND week_end = ?", t.ID, w.WeekEnd).Delete(&weeklyPost{}).Error
}

// weeklyText names the places, mentioning the winners linked to Slack.
func (a *App) weeklyText(ctx context.Context, t *org.Team, w game.AwardedWeek) (string, error) {
	ids := make([]string, len(w.Places))
	for i, p := range w.Places {
		ids[i] = p.UserID
	}
	users, err := a.tr.UsersByID(ctx, ids)
	if err != nil {
		return "", err
	}
	var accounts []account
	if err := a.db.R.WithContext(ctx).Where("user_id IN ? AND slack_user_id <> ''", ids).Find(&accounts).Error; err != nil {
		return "", err
	}
	slackID := map[string]string{}
	for _, acc := range accounts {
		slackID[acc.UserID] = acc.SlackUserID
	}
	var b strings.Builder
	fmt.Fprintf(&b, ":trophy: *%s* · the week of %s – %s", escape(t.Name), dayName(civil.AddDays(w.WeekEnd, -6)), dayName(w.WeekEnd))
	for _, p := range w.Places {
		who := "someone"
		if id := slackID[p.UserID]; id != "" {
			who = "<@" + id + ">"
		} else if u := users[p.UserID]; u != nil {
			who = escape(u.Name)
		}
		fmt.Fprintf(&b, "\n%s %s +%s", medals[min(p.Rank, len(medals))-1], who, plural(p.Points, "point", "points"))
	}
	b.WriteString("\nA new week is on: `/timestreak board` shows it.")
	return b.String(), nil
}
