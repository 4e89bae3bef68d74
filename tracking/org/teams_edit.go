package org

import (
	"context"
	"regexp"
	"strings"

	"github.com/timestreak/timestreak/internal/valid"
)

// TeamChange is a PATCH of a team: nil fields stay as they are.
type TeamChange struct {
	Name     *string
	Timezone *string
	// SlackChannel is the channel id for the weekly winners; "" clears it.
	SlackChannel *string
}

// slackChannelID is a Slack conversation id: public (C…) or private (G…,
// or C… in newer workspaces) channels. Names are not taken: a channel can
// be renamed, its id stays.
var slackChannelID = regexp.MustCompile(`^[CG][A-Z0-9]{6,30}$`)

// UpdateTeam renames a team, changes its time zone or its Slack channel
// (admins only; the API checks the role).
func (s *Organisation) UpdateTeam(ctx context.Context, id string, ch TeamChange) (*Team, error) {
	t, err := s.TeamByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var errs valid.Fields
	if ch.Name != nil {
		name, err := valid.Name("name", *ch.Name, valid.MaxNameChars)
		errs.From(err)
		t.Name = name
	}
	if ch.Timezone != nil {
		_, err := valid.Zone("timezone", *ch.Timezone)
		errs.From(err)
		t.Timezone = *ch.Timezone
	}
	if ch.SlackChannel != nil {
		switch c := strings.TrimSpace(*ch.SlackChannel); {
		case c == "":
			t.SlackChannel = nil
		case slackChannelID.MatchString(c):
			t.SlackChannel = &c
		default:
			errs.Add("slack_channel", "must be a Slack channel id like C0123456789 (in Slack: the channel's details, at the bottom), or empty for none")
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	t.UpdatedAt = s.Now()
	err = s.db.Engine(ctx).Model(&Team{}).Where("id = ?", id).
		Updates(map[string]any{"name": t.Name, "timezone": t.Timezone, "slack_channel": t.SlackChannel, "updated_at": t.UpdatedAt}).Error
	return t, err
}
