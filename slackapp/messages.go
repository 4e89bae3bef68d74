package slackapp

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/timestreak/timestreak/internal/civil"
)

// What the app says, in Slack's mrkdwn and Block Kit.

// escape makes text people typed (names, notes) plain text in mrkdwn:
// it cannot mention @channel, link or format as a control sequence.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// ephemeral is an answer only its asker sees; blocks, when given, show
// instead of text (which stays the notification's words).
func ephemeral(text string, blocks ...slack.Block) *Message {
	m := &Message{ResponseType: slack.ResponseTypeEphemeral, Text: text}
	if len(blocks) > 0 {
		m.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	return m
}

// replacing is a message that replaces the one whose button was pressed.
func replacing(text string, blocks ...slack.Block) *Message {
	m := ephemeral(text, blocks...)
	m.ReplaceOriginal = true
	return m
}

func markdown(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(markdown(text), nil, nil)
}

func aside(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", markdown(text))
}

func button(actionID, value, label string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
}

// duration is minutes as people say them: "45 m", "2 h", "1 h 30 m".
func duration(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d m", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d m", h, m)
}

// dayName is a date as "Mon 2 Mar".
func dayName(date string) string {
	t, err := civil.Parse(date)
	if err != nil {
		return date
	}
	return t.Format("Mon 2 Jan")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// usage is the command's help, one line per form.
const usage = "*/timestreak 30m design review fixed the header* logs 30 minutes to the task that best matches the first words; the rest is the note (also `1h`, `1h30m`, `1.5h`, `1:30`).\n" +
	"*/timestreak today* shows today's time, pending points and streak.\n" +
	"*/timestreak board* shows your team's week (`/timestreak board <team>` for another of your teams).\n" +
	"*/timestreak link* · */timestreak unlink* link or unlink your Slack account."
