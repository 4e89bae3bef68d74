package slackapp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// The reminder as a direct message. Who is reminded, when, and "once per
// date" are the engine's (game.Engine.Reminders: a workday, the person's
// reminder time passed in their zone, nothing logged). The slack-reminders
// job carries each reminder it made to the person's Slack account, once,
// while the date is still their today and nothing has been logged since.

const (
	maxDMAttempts  = 5 // Slack refusing a reminder this often gives it up
	reminderTasks  = 3 // recent tasks with buttons in a reminder
	remindersBatch = 500
)

// reminderDurations are the reminder's buttons for each task, as on the
// web app's Today.
var reminderDurations = []int{15, 30, 60, 120}

// Reminders sends the reminders of the last days that have not gone to
// Slack yet.
func (a *App) Reminders(ctx context.Context) error {
	now := a.clock.Now().UTC()
	// Zones reach from UTC−12 to UTC+14: anyone's today is UTC's
	// yesterday, today or tomorrow.
	due, err := a.game.RemindersSince(ctx, civil.AddDays(now.Format(time.DateOnly), -1))
	if err != nil || len(due) == 0 {
		return err
	}
	states, err := a.dmStates(ctx, due)
	if err != nil {
		return err
	}
	var open []tracking.UserDay
	for _, d := range due {
		st, seen := states[d]
		if !seen || (st.State == dmRetry && st.NextAt != nil && !st.NextAt.After(now)) {
			open = append(open, d)
		}
	}
	if len(open) > remindersBatch {
		open = open[:remindersBatch] // the rest at the next run
	}
	ids := make([]string, len(open))
	for i, d := range open {
		ids[i] = d.UserID
	}
	users, err := a.tr.UsersByID(ctx, ids)
	if err != nil {
		return err
	}
	var errs []error
	for _, d := range open {
		prev, seen := states[d]
		if err := a.remind(ctx, users[d.UserID], d, prev, seen); err != nil {
			errs = append(errs, fmt.Errorf("reminder of %s for %s: %w", d.UserID, d.Date, err))
		}
	}
	return errors.Join(errs...)
}

func (a *App) dmStates(ctx context.Context, days []tracking.UserDay) (map[tracking.UserDay]reminderDM, error) {
	ids, dates := tracking.SplitDays(days)
	var rows []reminderDM
	if err := a.db.R.WithContext(ctx).Where("user_id IN ? AND date IN ?", ids, dates).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[tracking.UserDay]reminderDM, len(rows))
	for _, r := range rows {
		out[tracking.UserDay{UserID: r.UserID, Date: r.Date}] = r
	}
	return out, nil
}

// claim takes a reminder for this run: a new row, or a retry still as the
// run read it. Another run (a replica) that took it first wins.
func (a *App) claim(ctx context.Context, d tracking.UserDay, prev reminderDM, seen bool) (bool, error) {
	now := a.clock.Now().UTC()
	db := a.db.W.WithContext(ctx)
	var res *gorm.DB
	if !seen {
		res = db.Clauses(clause.OnConflict{DoNothing: true}).Create(&reminderDM{UserID: d.UserID, Date: d.Date, State: dmSending, UpdatedAt: now})
	} else {
		res = db.Model(&reminderDM{}).Where("user_id = ? AND date = ? AND state = ? AND attempts = ?", d.UserID, d.Date, dmRetry, prev.Attempts).
			Updates(map[string]any{"state": dmSending, "updated_at": now})
	}
	return res.RowsAffected == 1, res.Error
}

func (a *App) settle(ctx context.Context, d tracking.UserDay, state string, attempts int, next *time.Time, why string) error {
	if r := []rune(why); len(r) > 500 {
		why = string(r[:500])
	}
	return a.db.W.WithContext(ctx).Model(&reminderDM{}).Where("user_id = ? AND date = ?", d.UserID, d.Date).
		Updates(map[string]any{"state": state, "attempts": attempts, "next_at": next, "last_error": why, "updated_at": a.clock.Now().UTC()}).Error
}

// remind sends one reminder. Until the message is posted, a failure is
// tried again later (up to maxDMAttempts); a post Slack refused (ok:false,
// or rate limited) is tried again too, but one whose answer never came
// may have been posted, so it is never sent again. Slack's failures are
// logged and kept on the reminder's row (last_error); the error returned
// is the database's.
func (a *App) remind(ctx context.Context, u *auth.User, d tracking.UserDay, prev reminderDM, seen bool) error {
	ok, err := a.claim(ctx, d, prev, seen)
	if err != nil || !ok {
		return err
	}
	now := a.clock.Now().UTC()
	if u == nil || !u.Active || auth.LocalToday(now, u) != d.Date {
		return a.settle(ctx, d, dmSkipped, prev.Attempts, nil, "the date is over")
	}
	logged, err := a.tr.DayMinutes(ctx, u.ID, d.Date)
	if err != nil {
		return a.retry(ctx, d, prev, err)
	}
	if logged > 0 {
		return a.settle(ctx, d, dmSkipped, prev.Attempts, nil, "time was logged since")
	}
	acc, found, err := a.slackAccountOf(ctx, u)
	if err != nil {
		return a.retry(ctx, d, prev, err)
	}
	if !found {
		return a.settle(ctx, d, dmSkipped, prev.Attempts, nil, "not linked to a Slack account")
	}
	im, _, _, err := a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{acc.SlackUserID}})
	if err != nil {
		return a.retry(ctx, d, prev, err)
	}
	text, blocks, err := a.reminderMessage(ctx, u, d.Date)
	if err != nil {
		return a.retry(ctx, d, prev, err)
	}
	_, _, err = a.api.PostMessageContext(ctx, im.ID, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	var (
		refused slack.SlackErrorResponse
		limited *slack.RateLimitedError
	)
	switch {
	case err == nil:
		return a.settle(ctx, d, dmSent, prev.Attempts+1, nil, "")
	case errors.As(err, &refused), errors.As(err, &limited):
		return a.retry(ctx, d, prev, err)
	}
	a.log.Warn("slack: a reminder's answer never came; it may have been posted, so it is not sent again", "user_id", u.ID, "date", d.Date, "error", err)
	return a.settle(ctx, d, dmFailed, prev.Attempts+1, nil, "no answer from Slack: "+err.Error())
}

// retry puts a reminder back for a later run: after Slack's Retry-After
// when rate limited, else 1, 2, 4, 8 minutes; then gives it up.
func (a *App) retry(ctx context.Context, d tracking.UserDay, prev reminderDM, cause error) error {
	attempts := prev.Attempts + 1
	if attempts >= maxDMAttempts {
		a.log.Error("slack: a reminder was given up", "user_id", d.UserID, "date", d.Date, "attempts", attempts, "error", cause)
		return a.settle(ctx, d, dmFailed, attempts, nil, cause.Error())
	}
	wait := time.Duration(1<<(attempts-1)) * time.Minute
	var limited *slack.RateLimitedError
	if errors.As(cause, &limited) {
		wait = max(limited.RetryAfter, time.Second)
	}
	a.log.Warn("slack: a reminder is tried again later", "user_id", d.UserID, "date", d.Date, "in", wait.String(), "error", cause)
	next := a.clock.Now().UTC().Add(wait)
	return a.settle(ctx, d, dmRetry, attempts, &next, cause.Error())
}

// reminderMessage is the reminder with buttons: each recent task with
// 15 m, 30 m, 1 h and 2 h, logging to the reminder's date.
func (a *App) reminderMessage(ctx context.Context, u *auth.User, date string) (string, []slack.Block, error) {
	const text = "Log today's time to keep your streak going."
	recent, err := a.recentTasks(ctx, u, date, reminderTasks)
	if err != nil {
		return "", nil, err
	}
	blocks := []slack.Block{section(fmt.Sprintf("*%s* (%s)", text, dayName(date)))}
	for _, t := range recent {
		blocks = append(blocks, section(fmt.Sprintf("*%s* · %s", escape(t.Name), escape(t.ProjectName))))
		var buttons []slack.BlockElement
		for i, m := range reminderDurations {
			b, _ := logButton(i, logRequest{TaskID: t.ID, Minutes: m, Date: date}, duration(m))
			buttons = append(buttons, b)
		}
		blocks = append(blocks, slack.NewActionBlock("", buttons...))
	}
	blocks = append(blocks, aside("Or type `/timestreak 30m <task> <note>`."))
	return text, blocks, nil
}
