package slackapp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/timestreak/timestreak/tracking/auth"
)

// Command answers a /timestreak command within Slack's 3 seconds: at
// once when its work is done in time, otherwise "working on it" now and
// the answer through the command's response_url. site is the scheme and
// host Slack reached this server at; one-time links point there.
func (a *App) Command(cmd slack.SlashCommand, site string) *Message {
	return a.within(cmd.ResponseURL, func(ctx context.Context) *Message { return a.command(ctx, cmd, site) })
}

func (a *App) command(ctx context.Context, cmd slack.SlashCommand, site string) *Message {
	words := strings.Fields(cmd.Text)
	verb := ""
	if len(words) > 0 {
		verb = strings.ToLower(words[0])
	}
	u, err := a.person(ctx, cmd.TeamID, cmd.UserID)
	switch {
	case errors.Is(err, errNotLinked):
		return a.offerLink(ctx, site, cmd.TeamID, cmd.UserID, cmd.UserName)
	case errors.Is(err, errDeactivated):
		return ephemeral("Your timestreak account is deactivated: ask an admin to turn it back on.")
	case err != nil:
		return a.failed("command", err)
	}
	switch verb {
	case "", "help":
		return ephemeral(usage, section(usage))
	case "today":
		return a.today(ctx, u)
	case "board":
		return a.board(ctx, u, strings.Join(words[1:], " "), cmd.ChannelID)
	case "link":
		return ephemeral(fmt.Sprintf("Your Slack account is linked to timestreak as %s. `/timestreak unlink` undoes it.", escape(u.Name)))
	case "unlink":
		if err := a.Unlink(ctx, u); err != nil {
			return a.failed("unlink", err)
		}
		return ephemeral("Unlinked: timestreak no longer knows this Slack account, and will not link it by email again. `/timestreak link` links it when you want.")
	}
	minutes, rest, ok := leadingDuration(words)
	if !ok {
		return ephemeral(fmt.Sprintf("I did not understand “%s”.\n%s", escape(cmd.Text), usage))
	}
	return a.logTime(ctx, u, minutes, rest)
}

// offerLink answers a Slack user timestreak does not know: a one-time
// link that links them once they open it signed in.
func (a *App) offerLink(ctx context.Context, site, teamID, slackUserID, name string) *Message {
	link, err := a.newLink(ctx, site, teamID, slackUserID, name)
	if err != nil {
		return a.failed("one-time link", err)
	}
	text := fmt.Sprintf("timestreak does not know your Slack account yet (Slack has another email for you than timestreak). "+
		"<%s|Link it>: open the link, sign in to timestreak and confirm. It works once, for %d minutes, and only for you: do not share it.",
		link, int(linkTTL.Minutes()))
	return ephemeral(text, section(text))
}

// today is the person's day: time, target, pending points, streak.
func (a *App) today(ctx context.Context, u *auth.User) *Message {
	st, err := a.game.Stats(ctx, u)
	if err != nil {
		return a.failed("today", err)
	}
	d := st.Today
	var b strings.Builder
	fmt.Fprintf(&b, "*Today, %s*: %s logged", dayName(d.Date), duration(d.Minutes))
	switch {
	case !d.Workday:
		b.WriteString(" — not a workday: time still counts in reports.")
	case d.Minutes == 0:
		fmt.Fprintf(&b, " of %s. Log today's time to keep your streak going: `/timestreak 30m <task>`.", duration(d.TargetMinutes))
	case d.Minutes < d.TargetMinutes:
		fmt.Fprintf(&b, " of %s, %s to a full day.", duration(d.TargetMinutes), duration(d.TargetMinutes-d.Minutes))
	default:
		fmt.Fprintf(&b, " of %s: a full day.", duration(d.TargetMinutes))
	}
	if d.PendingPoints > 0 {
		fmt.Fprintf(&b, "\n+%s pending when the day closes.", plural(d.PendingPoints, "point", "points"))
	}
	fmt.Fprintf(&b, "\nStreak %s", plural(st.Streak.Current, "day", "days"))
	if st.Streak.Freezes > 0 {
		fmt.Fprintf(&b, " (%s)", plural(st.Streak.Freezes, "freeze", "freezes"))
	}
	fmt.Fprintf(&b, " · level %d · %s in all.", st.Level, plural(st.Points, "point", "points"))
	return ephemeral(b.String(), section(b.String()))
}
