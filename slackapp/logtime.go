package slackapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// logAction starts the action id of every button that logs time (Slack
// wants the ids in one block to differ: "log-0", "log-1"…); its value is
// a logRequest.
const logAction = "log-"

func logButton(n int, r logRequest, label string) (*slack.ButtonBlockElement, bool) {
	v, err := json.Marshal(r)
	if err != nil || len(v) > maxButtonValue {
		return nil, false
	}
	return button(fmt.Sprintf("%s%d", logAction, n), string(v), label), true
}

// logRequest is what a log button logs: the task, the minutes and the
// date, fixed when the button was made (a button pressed after midnight
// still logs the day it was offered for), and the note typed with the
// command.
type logRequest struct {
	TaskID  string `json:"t"`
	Minutes int    `json:"m"`
	Date    string `json:"d"`
	Note    string `json:"n,omitempty"`
}

// maxButtonValue is the most Slack keeps in a button's value.
const maxButtonValue = 2000

// maxOptions is how many tasks a question offers to pick from.
const maxOptions = 5

// recentDays is how far back "recent tasks" look.
const recentDays = 30

// logTime logs minutes today on the task the words name (the rest is the
// note), or asks which task with buttons when the words name several or
// none.
func (a *App) logTime(ctx context.Context, u *auth.User, minutes int, words []string) *Message {
	today := auth.LocalToday(a.clock.Now(), u)
	recent, err := a.recentTasks(ctx, u, today, maxOptions)
	if err != nil {
		return a.failed("recent tasks", err)
	}
	var tasks []org.Task
	if term := firstNameWord(words); term != "" {
		if tasks, err = a.tr.SearchTasks(ctx, term, store.MaxLimit); err != nil {
			return a.failed("task search", err)
		}
	}
	rank := make(map[string]int, len(recent))
	for i, t := range recent {
		rank[t.ID] = i
	}
	c := choose(words, tasks, rank)
	switch {
	case c.task != nil:
		return a.record(ctx, u, logRequest{TaskID: c.task.ID, Minutes: minutes, Date: today, Note: c.note}, nil)
	case len(c.options) > 0:
		more := ""
		if len(c.options) > maxOptions {
			more = fmt.Sprintf(" (%d more match: name the task more fully)", len(c.options)-maxOptions)
			c.options = c.options[:maxOptions]
		}
		return a.askTask(fmt.Sprintf("Several tasks match “%s”. Which one gets %s%s?", escape(strings.Join(words, " ")), duration(minutes), more),
			c.options, minutes, today, c.note)
	case len(words) == 0 && len(recent) > 0:
		return a.askTask(fmt.Sprintf("Which task gets %s?", duration(minutes)), recent, minutes, today, "")
	case len(words) == 0:
		return ephemeral("Name the task: `/timestreak 30m <task> <note>`.")
	case len(recent) > 0:
		return a.askTask(fmt.Sprintf("No task matches “%s”. Log %s to a recent one, with it as the note?", escape(strings.Join(words, " ")), duration(minutes)),
			recent, minutes, today, c.note)
	}
	return ephemeral(fmt.Sprintf("No task matches “%s”. Tasks are added in timestreak (Today → search → add).", escape(strings.Join(words, " "))))
}

// firstNameWord is the first word of a name the words hold: every task
// they can name holds it, so one search finds them all.
func firstNameWord(words []string) string {
	for _, w := range words {
		if nw := nameWords(w); len(nw) > 0 {
			return nw[0]
		}
	}
	return ""
}

// recentTasks are the live tasks the person logged time on in the last
// recentDays, most recent first, at most n.
func (a *App) recentTasks(ctx context.Context, u *auth.User, today string, n int) ([]org.Task, error) {
	entries, _, err := a.tr.Entries(ctx, u, tracking.EntryFilter{From: civil.AddDays(today, -recentDays), To: today, Limit: 200})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []org.Task
	for _, e := range entries {
		if seen[e.TaskID] || len(out) == n {
			continue
		}
		seen[e.TaskID] = true
		t, err := a.tr.Task(ctx, e.TaskID)
		if err != nil {
			return nil, err
		}
		if !t.Archived && !t.ProjectDone {
			out = append(out, *t)
		}
	}
	return out, nil
}

// askTask asks which task gets the minutes, a button for each.
func (a *App) askTask(question string, tasks []org.Task, minutes int, date, note string) *Message {
	blocks := []slack.Block{section(question)}
	var buttons []slack.BlockElement
	for i, t := range tasks {
		b, ok := logButton(i, logRequest{TaskID: t.ID, Minutes: minutes, Date: date, Note: note}, buttonLabel(t))
		if !ok {
			return ephemeral("That note is too long to carry on a button: name the task exactly, or log it in the app.")
		}
		buttons = append(buttons, b)
	}
	blocks = append(blocks, slack.NewActionBlock("", buttons...))
	if note != "" {
		blocks = append(blocks, aside(fmt.Sprintf("Note: %s", escape(note))))
	}
	return ephemeral(question, blocks...)
}

// buttonLabel is a task as a button says it: Slack cuts labels at 75
// characters.
func buttonLabel(t org.Task) string {
	label := t.Name
	if t.ProjectName != "" {
		label += " · " + t.ProjectName
	}
	if r := []rune(label); len(r) > 75 {
		label = string(r[:74]) + "…"
	}
	return label
}

// record logs a request through the one write path for entries, with the
// rules and limits of POST /entries, and says what happened. idem, for a
// button, makes a second press of it log nothing more.
func (a *App) record(ctx context.Context, u *auth.User, r logRequest, idem *tracking.Idempotency) *Message {
	created, err := a.game.RecordEntry(ctx, u, tracking.NewEntry{TaskID: r.TaskID, Date: r.Date, Minutes: r.Minutes,
		Note: r.Note, Source: tracking.SourceSlack}, idem, nil)
	if err != nil {
		return a.refusal(err)
	}
	e := created.Entry
	t, err := a.tr.Task(ctx, e.TaskID)
	if err != nil {
		return a.failed("task", err)
	}
	var b strings.Builder
	if created.Replayed {
		fmt.Fprintf(&b, "Already logged: %s to *%s* on %s.", duration(e.Minutes), escape(t.Name), dayName(e.Date))
	} else {
		fmt.Fprintf(&b, "Logged %s to *%s* · %s on %s.", duration(e.Minutes), escape(t.Name), escape(t.ProjectName), dayName(e.Date))
	}
	if d := created.Day; d != nil && !created.Replayed {
		fmt.Fprintf(&b, " That day: %s of %s", duration(d.Minutes), duration(d.TargetMinutes))
		switch {
		case !d.OnTime:
			b.WriteString(". The day had closed: a late entry counts in reports, not toward your streak.")
		case d.PendingPoints > 0:
			fmt.Fprintf(&b, ", +%s pending.", plural(d.PendingPoints, "point", "points"))
		default:
			b.WriteString(".")
		}
	}
	if e.Note != "" {
		fmt.Fprintf(&b, "\nNote: %s", escape(e.Note))
	}
	return ephemeral(b.String(), section(b.String()))
}

// refusal says why an entry was not logged: the rule it breaks, as the
// API's 4xx would name it; anything else is our failure.
func (a *App) refusal(err error) *Message {
	var (
		verr *valid.Error
		lock *store.LockedError
		conf *store.ConflictError
		rl   *store.RateLimitError
	)
	switch {
	case errors.As(err, &verr):
		parts := make([]string, len(verr.Fields))
		for i, f := range verr.Fields {
			parts[i] = f.Field + " " + f.Message
		}
		return ephemeral("Not logged: " + escape(strings.Join(parts, "; ")) + ".")
	case errors.As(err, &lock):
		return ephemeral("Not logged: " + escape(lock.Reason) + ".")
	case errors.As(err, &conf):
		return ephemeral("Not logged: " + escape(conf.Reason) + ".")
	case errors.As(err, &rl), errors.Is(err, store.ErrBusy):
		return ephemeral("Not logged: timestreak is busy. Try again in a moment.")
	}
	return a.failed("logging time", err)
}

// Interaction handles a button press after Slack has had its answer: the
// result replaces the message through the payload's response_url.
func (a *App) Interaction(cb slack.InteractionCallback, site string) {
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		return
	}
	act := cb.ActionCallback.BlockActions[0]
	if !strings.HasPrefix(act.ActionID, logAction) {
		return
	}
	a.background(cb.ResponseURL, func(ctx context.Context) *Message {
		u, err := a.person(ctx, cb.Team.ID, cb.User.ID)
		switch {
		case errors.Is(err, errNotLinked):
			return a.offerLink(ctx, site, cb.Team.ID, cb.User.ID, cb.User.Name)
		case errors.Is(err, errDeactivated):
			return ephemeral("Your timestreak account is deactivated: ask an admin to turn it back on.")
		case err != nil:
			return a.failed("button", err)
		}
		var r logRequest
		if err := json.Unmarshal([]byte(act.Value), &r); err != nil {
			return ephemeral("That button is not one of timestreak's.")
		}
		m := a.record(ctx, u, r, pressOnce(cb, act, r))
		m.ReplaceOriginal = true
		return m
	})
}

// pressOnce keys an entry by the button and the message it is on, and by
// who pressed it: a second press, or Slack sending the press twice, finds
// the first entry and logs nothing more.
func pressOnce(cb slack.InteractionCallback, act *slack.BlockAction, r logRequest) *tracking.Idempotency {
	key := sha256.Sum256([]byte(strings.Join([]string{cb.Team.ID, cb.User.ID, cb.Container.ChannelID, cb.Container.MessageTs, act.BlockID, act.Value}, "\x00")))
	body, _ := json.Marshal(r)
	sum := sha256.Sum256(body)
	return &tracking.Idempotency{Key: "slack:" + hex.EncodeToString(key[:16]), RequestHash: hex.EncodeToString(sum[:])}
}
