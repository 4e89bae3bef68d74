package slackapp

import (
	"context"
	"fmt"
	"strings"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

// boardLines is how many places the board shows before the asker's own.
const boardLines = 10

// board is the week of one of the teams the person may see (an admin
// sees every team): the one named, else the one whose channel the
// command was typed in, else the first by name. Rank and points only,
// never hours, as on the web app's leaderboard.
func (a *App) board(ctx context.Context, u *auth.User, name, channelID string) *Message {
	teams, err := a.tr.Teams(ctx, u)
	if err != nil {
		return a.failed("board", err)
	}
	if len(teams) == 0 {
		return ephemeral("You are in no team yet: an admin adds you to one, and its week shows here.")
	}
	team, ok := pickTeam(teams, name, channelID)
	if !ok {
		return ephemeral(fmt.Sprintf("None of your teams is called “%s”. Yours: %s.", escape(name), teamNames(teams)))
	}
	b, err := a.game.Leaderboard(ctx, team, "week", "", "points")
	if err != nil {
		return a.failed("board", err)
	}
	var out strings.Builder
	fmt.Fprintf(&out, "*%s* · week of %s – %s", escape(team.Name), dayName(*b.From), dayName(*b.To))
	for i, p := range b.Entries {
		me := p.User.ID == u.ID
		if i >= boardLines && !me {
			continue
		}
		line := fmt.Sprintf("%d. %s — %s", p.Rank, escape(p.User.Name), plural(p.Points, "point", "points"))
		if me {
			line = "*" + line + "* (you)"
		}
		if i > boardLines { // places were left out before the asker's
			out.WriteString("\n…")
		}
		out.WriteString("\n" + line)
	}
	if len(teams) > 1 {
		fmt.Fprintf(&out, "\nYour other teams: `/timestreak board <team>` (%s).", teamNames(others(teams, team)))
	}
	return ephemeral(out.String(), section(out.String()))
}

// pickTeam finds the team by name (any case, or the start of its name's
// words), else the one whose channel this is, else the first.
func pickTeam(teams []org.Team, name, channelID string) (*org.Team, bool) {
	if typed := nameWords(name); len(typed) > 0 {
		var named []*org.Team
		for i := range teams {
			nw := nameWords(teams[i].Name)
			if strings.Join(nw, " ") == strings.Join(typed, " ") {
				return &teams[i], true
			}
			if names(typed, nw) {
				named = append(named, &teams[i])
			}
		}
		if len(named) == 1 {
			return named[0], true
		}
		return nil, false
	}
	for i := range teams {
		if c := teams[i].SlackChannel; c != nil && *c == channelID {
			return &teams[i], true
		}
	}
	return &teams[0], true
}

func others(teams []org.Team, not *org.Team) []org.Team {
	var out []org.Team
	for _, t := range teams {
		if t.ID != not.ID {
			out = append(out, t)
		}
	}
	return out
}

func teamNames(teams []org.Team) string {
	names := make([]string, len(teams))
	for i, t := range teams {
		names[i] = escape(t.Name)
	}
	return strings.Join(names, ", ")
}
