package main

import (
	"errors"
	"regexp"
	"strings"

	"github.com/timestreak/timestreak/slackapp"
)

// The Slack app's settings: its signing secret and bot token, both or
// neither (neither: no Slack app), and the Web API base (for tests).
// Neither secret is ever printed, not even in the line that refuses it.

var (
	slackSigningSecret = regexp.MustCompile(`^[0-9a-fA-F]{32,128}$`)
	slackBotToken      = regexp.MustCompile(`^xoxb-[0-9A-Za-z-]{20,250}$`)
)

func (c *config) validateSlack() error {
	switch {
	case c.SlackSigningSecret == "" && c.SlackBotToken == "":
	case c.SlackSigningSecret == "":
		return errors.New("TIMESTREAK_SLACK_BOT_TOKEN / --slack-bot-token needs TIMESTREAK_SLACK_SIGNING_SECRET, the Slack app's Signing Secret (Basic Information → App Credentials)")
	case c.SlackBotToken == "":
		return errors.New("TIMESTREAK_SLACK_SIGNING_SECRET / --slack-signing-secret needs TIMESTREAK_SLACK_BOT_TOKEN, the Slack app's Bot User OAuth Token (OAuth & Permissions, xoxb-…)")
	case !slackSigningSecret.MatchString(c.SlackSigningSecret):
		return errors.New("TIMESTREAK_SLACK_SIGNING_SECRET / --slack-signing-secret must be the Slack app's Signing Secret: 32 hexadecimal characters (Basic Information → App Credentials)")
	case !slackBotToken.MatchString(c.SlackBotToken):
		return errors.New("TIMESTREAK_SLACK_BOT_TOKEN / --slack-bot-token must be the Slack app's Bot User OAuth Token: xoxb- and its letters, digits and dashes (OAuth & Permissions)")
	case hasPlaceholder(c.SlackBotToken):
		return errors.New("TIMESTREAK_SLACK_BOT_TOKEN / --slack-bot-token looks like a sample value; copy the Bot User OAuth Token from the Slack app's OAuth & Permissions page")
	}
	if !httpURL(c.SlackAPI) {
		return refuse("slack-api", c.SlackAPI)
	}
	return nil
}

func hasPlaceholder(s string) bool {
	lower := strings.ToLower(s)
	for _, p := range placeholders {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// slackConfig is the Slack app's configuration; nil when it is off.
func (c *config) slackConfig() *slackapp.Config {
	if c.SlackBotToken == "" {
		return nil
	}
	return &slackapp.Config{SigningSecret: c.SlackSigningSecret, BotToken: c.SlackBotToken, APIURL: c.SlackAPI}
}
