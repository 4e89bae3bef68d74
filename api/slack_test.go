package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/slackapp/slackfake"
)

// The Slack app through real HTTP: signed requests from a fake Slack, and
// the fake Slack Web API the app calls (slackapp/slackfake). Slack stamps
// its requests with the real time and slack-go checks them against it, so
// these requests are signed at time.Now(); every date the app writes
// comes from the server's test clock.

const slackTeam = "T0ACME"

// slackWorld is a server with the Slack app, a fake Slack workspace, and
// Ana, whose Slack account has her timestreak email.
type slackWorld struct {
	*world
	fake *slackfake.Server
	ana  *apitest.User
	anaS slackfake.Member
}

func newSlackWorld(t *testing.T, dialect string, o apitest.Options) *slackWorld {
	t.Helper()
	fake := slackfake.New(t, apitest.SlackBotToken)
	o.SlackAPI = fake.APIURL()
	w := &slackWorld{world: newWorld(t, dialect, o), fake: fake}
	w.ana = w.CreateUser(w.admin, "Ana", "UTC")
	w.anaS = w.member("U0ANA", "ana", "ana@example.com")
	return w
}

// member adds someone to the Slack workspace.
func (w *slackWorld) member(id, name, email string) slackfake.Member {
	m := slackfake.Member{ID: id, TeamID: slackTeam, Name: name, Email: email}
	w.fake.AddMember(m)
	return m
}

// signed sends body to one of Slack's routes, signed with secret at the
// instant at, as Slack does.
func (w *slackWorld) signed(path string, body []byte, at time.Time, secret string) *apitest.Response {
	w.T.Helper()
	ts, sig := slackfake.Sign(secret, at, body)
	return w.Do("POST", path, "", body, "Content-Type", "application/x-www-form-urlencoded",
		"X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig)
}

// slackAnswer is a slash command's answer.
type slackAnswer struct {
	Text         string            `json:"text"`
	ResponseType string            `json:"response_type"`
	Blocks       []slackfake.Block `json:"blocks"`
}

// command types "/timestreak text" as m in a channel and returns the answer.
func (w *slackWorld) command(m slackfake.Member, text string) slackAnswer {
	w.T.Helper()
	r := w.signed("/api/v1/integrations/slack/commands", slackfake.Command(m, "C0GENERAL", text, w.fake.ResponseURL()),
		time.Now(), apitest.SlackSigningSecret)
	if r.Status != http.StatusOK {
		w.T.Fatalf("/timestreak %s: %d %s", text, r.Status, r.Body)
	}
	var a slackAnswer
	r.JSON(w.T, &a)
	if a.ResponseType != "ephemeral" {
		w.T.Errorf("/timestreak %s: response_type %q, want ephemeral (only the asker sees it)", text, a.ResponseType)
	}
	return a
}

// press presses a button of a message as m and returns what replaced the
// message (through the press's response_url).
func (w *slackWorld) press(m slackfake.Member, channel, ts string, b slackfake.Element) slackfake.Response {
	w.T.Helper()
	n := len(w.fake.Responses())
	r := w.signed("/api/v1/integrations/slack/interactions", slackfake.Press(m, channel, ts, b, w.fake.ResponseURL()),
		time.Now(), apitest.SlackSigningSecret)
	if r.Status != http.StatusOK || len(r.Body) != 0 {
		w.T.Fatalf("press %q: %d %s", b.Label(), r.Status, r.Body)
	}
	return w.fake.WaitResponses(w.T, n+1)[n]
}

// today is u's local date as the server sees it.
func (w *slackWorld) today(u *apitest.User) string {
	w.T.Helper()
	var me struct {
		Stats struct {
			Today struct {
				Date          string `json:"date"`
				PendingPoints int    `json:"pending_points"`
			} `json:"today"`
		} `json:"stats"`
	}
	w.Must(http.StatusOK, "GET", "/api/v1/me", u.Token, nil).JSON(w.T, &me)
	return me.Stats.Today.Date
}

func labels(bs []slackfake.Element) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Label()
	}
	return out
}

func wantText(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s: %q does not say %q", what, text, p)
		}
	}
}

// TestSlackCommandLogsTime: "/timestreak 30m design review fixed the
// header" logs 30 minutes to "Design review" with the rest as the note,
// through the one write path (source slack, on time, the day's progress
// in the answer); POST /entries' rules hold (the 1,440-minute day); a
// duration without a unit and a task nobody has are explained. The first
// command links Ana by the email Slack holds for her (users.info).
func TestSlackCommandLogsTime(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newSlackWorld(t, dialect, apitest.Options{})
		web := w.project("Website")
		review, footer := w.taskIn(web, "Design review"), w.taskIn(web, "Footer")
		w.taskIn(web, "Header")
		today := w.today(w.ana)

		a := w.command(w.anaS, "30m design review fixed the header")
		wantText(t, "the answer", a.Text, "Logged 30 m to *Design review* · Website on ", "Note: fixed the header")
		got := listEntries(w.Env, w.ana, "from="+today+"&to="+today).Items
		if len(got) != 1 || got[0].TaskID != review || got[0].Minutes != 30 || got[0].Note != "fixed the header" ||
			got[0].Source != "slack" || !got[0].OnTime || got[0].Date != today {
			t.Fatalf("entries after the command: %+v", got)
		}
		var link struct {
			Linked      bool    `json:"linked"`
			SlackUserID *string `json:"slack_user_id"`
			Via         *string `json:"via"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/me/integrations/slack", w.ana.Token, nil).JSON(t, &link)
		if !link.Linked || *link.SlackUserID != "U0ANA" || *link.Via != "email" {
			t.Errorf("Ana's Slack link: %+v", link)
		}

		w.command(w.anaS, "1h 30m footer")
		w.command(w.anaS, "1:15 FOOTER")
		a = w.command(w.anaS, "24h footer")
		wantText(t, "a day over 1440 minutes", a.Text, "Not logged: minutes would make "+today+" total 1635 minutes")
		a = w.command(w.anaS, "30 footer")
		wantText(t, "a duration without a unit", a.Text, "I did not understand")
		a = w.command(w.anaS, "15m quarterly planning")
		wantText(t, "a task nobody has", a.Text, "No task matches “quarterly planning”")
		if bs := slackfake.Buttons(a.Blocks); len(bs) != 2 || bs[0].Label() != "Footer · Website" || bs[1].Label() != "Design review · Website" {
			t.Errorf("recent tasks to pick from: %v", labels(bs))
		}
		got = listEntries(w.Env, w.ana, "from="+today+"&to="+today).Items
		minutes := 0
		for _, e := range got {
			minutes += e.Minutes
			if e.TaskID == footer && e.Source != "slack" {
				t.Errorf("entry %+v", e)
			}
		}
		if len(got) != 3 || minutes != 30+90+75 {
			t.Errorf("after the refused commands: %d entries, %d minutes: %+v", len(got), minutes, got)
		}
		a = w.command(w.anaS, "help")
		wantText(t, "help", a.Text, "/timestreak 30m design review fixed the header", "/timestreak today", "/timestreak board")
	})
}

// TestSlackAmbiguousTaskButtons: words that name several tasks answer
// with a button per task; a press logs through the same write path and
// replaces the question, and a second press of it logs nothing more. A
// recent task among several wins, and so does an exact name.
func TestSlackAmbiguousTaskButtons(t *testing.T) {
	parallel(t)
	w := newSlackWorld(t, "sqlite", apitest.Options{})
	review := w.taskIn(w.project("Website"), "Design review")
	system := w.taskIn(w.project("App"), "Design system")
	today := w.today(w.ana)

	a := w.command(w.anaS, "45m design tweaks")
	wantText(t, "the question", a.Text, "Several tasks match “design tweaks”. Which one gets 45 m?")
	bs := slackfake.Buttons(a.Blocks)
	if len(bs) != 2 || bs[0].Label() != "Design review · Website" || bs[1].Label() != "Design system · App" {
		t.Fatalf("buttons %v", labels(bs))
	}
	if n := len(listEntries(w.Env, w.ana, "from="+today+"&to="+today).Items); n != 0 {
		t.Fatalf("a question logged %d entries", n)
	}
	r := w.press(w.anaS, "C0GENERAL", "1700000000.000001", bs[0])
	if !r.ReplaceOriginal {
		t.Error("the answer to a press does not replace the question")
	}
	wantText(t, "the press", r.Text, "Logged 45 m to *Design review*", "Note: tweaks")
	r = w.press(w.anaS, "C0GENERAL", "1700000000.000001", bs[0])
	wantText(t, "the second press", r.Text, "Already logged: 45 m to *Design review*")
	got := listEntries(w.Env, w.ana, "from="+today+"&to="+today).Items
	if len(got) != 1 || got[0].TaskID != review || got[0].Minutes != 45 || got[0].Note != "tweaks" || got[0].Source != "slack" {
		t.Fatalf("entries after two presses: %+v", got)
	}

	w.command(w.anaS, "10m design")                  // Design review is the recent one
	w.command(w.anaS, "20m design system polishing") // an exact name
	got = listEntries(w.Env, w.ana, "from="+today+"&to="+today).Items
	if len(got) != 3 || got[1].TaskID != review || got[1].Minutes != 10 || got[0].TaskID != system || got[0].Note != "polishing" {
		t.Errorf("entries: %+v", got)
	}
}

// TestSlackToday and the board: today's minutes, pending points and
// streak as GET /me has them; the team's week by rank and points (names
// escaped, so a name cannot mention @channel); an unknown team name.
func TestSlackTodayAndBoard(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newSlackWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		crew := w.team("Remote Crew")
		w.team("Night Owls")
		var bo apitest.User
		w.Must(http.StatusCreated, "POST", "/api/v1/users", w.admin.Token, map[string]any{"email": "bo@example.com",
			"name": "Bo <!channel>", "password": "correct horse", "role": "member"}).JSON(t, &bo)
		w.join(crew, w.ana, "member")
		w.join(crew, &bo, "member")
		w.Log(w.ana, w.task, "2026-03-02", 90)

		a := w.command(w.anaS, "today")
		wantText(t, "today", a.Text, "*Today, Mon 2 Mar*: 1 h 30 m logged of 8 h, 6 h 30 m to a full day.",
			"+11 points pending when the day closes.", "Streak 0 days · level 1 · 0 points in all.")

		w.Set(time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC))
		w.CloseOut()
		a = w.command(w.anaS, "board")
		wantText(t, "the board", a.Text, "*Remote Crew* · week of Mon 2 Mar – Sun 8 Mar\n*1. Ana — 11 points* (you)\n2. Bo &lt;!channel&gt; — 0 points")
		if strings.Contains(a.Text, "<!channel>") {
			t.Errorf("a name mentions @channel: %q", a.Text)
		}
		if strings.Contains(a.Text, "Night Owls") {
			t.Errorf("the board names a team Ana is not in: %q", a.Text)
		}
		a = w.command(w.anaS, "board night owls")
		wantText(t, "another team", a.Text, "None of your teams is called “night owls”. Yours: Remote Crew.")
	})
}

// TestSlackSignatures: Slack's routes take only requests signed with the
// app's signing secret over the timestamp and the raw body, stamped
// within 5 minutes; anything else is 401 and changes nothing.
func TestSlackSignatures(t *testing.T) {
	parallel(t)
	w := newSlackWorld(t, "sqlite", apitest.Options{})
	w.taskIn(w.project("Website"), "Design review")
	body := slackfake.Command(w.anaS, "C0GENERAL", "30m design review", w.fake.ResponseURL())
	now := time.Now()
	const commands = "/api/v1/integrations/slack/commands"
	for _, tc := range []struct {
		name   string
		secret string
		at     time.Time
		send   []byte
	}{
		{"another secret", "0123456789abcdef0123456789abcdef", now, body},
		{"a changed body", apitest.SlackSigningSecret, now, []byte(strings.Replace(string(body), "30m", "24h", 1))},
		{"six minutes old", apitest.SlackSigningSecret, now.Add(-6 * time.Minute), body},
		{"six minutes ahead", apitest.SlackSigningSecret, now.Add(6 * time.Minute), body},
	} {
		ts, sig := slackfake.Sign(tc.secret, tc.at, body)
		r := w.Do("POST", commands, "", tc.send, "Content-Type", "application/x-www-form-urlencoded",
			"X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig)
		wantProblem(t, r, http.StatusUnauthorized)
	}
	wantProblem(t, w.Do("POST", commands, "", body, "Content-Type", "application/x-www-form-urlencoded"), http.StatusUnauthorized)
	wantProblem(t, w.signed("/api/v1/integrations/slack/interactions", []byte("payload=%7B%7D"), now, "0123456789abcdef0123456789abcdef"),
		http.StatusUnauthorized)
	if calls := w.fake.Calls(); len(calls) != 0 {
		t.Errorf("refused requests reached Slack: %+v", calls)
	}
	if got := listEntries(w.Env, w.ana, "").Items; len(got) != 0 {
		t.Fatalf("refused requests logged %+v", got)
	}
	if r := w.signed(commands, body, now.Add(-4*time.Minute), apitest.SlackSigningSecret); r.Status != http.StatusOK {
		t.Errorf("a request four minutes old: %d %s", r.Status, r.Body)
	}
	if got := listEntries(w.Env, w.ana, "").Items; len(got) != 1 {
		t.Errorf("the signed request logged %+v", got)
	}
}

var linkCode = regexp.MustCompile(`<(http://[^|>]+/slack/link#code=([A-Za-z0-9_-]+))\|Link it>`)

// TestSlackUnknownUserLinks: a Slack user whose Slack email timestreak
// does not know is told how to link: a one-time link to the web app,
// which says whose Slack account it is before the signed-in person takes
// it; it works once, only the newest works, and not after 15 minutes. A
// person who unlinks is not linked by email again.
func TestSlackUnknownUserLinks(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newSlackWorld(t, dialect, apitest.Options{})
		bo := w.CreateUser(w.admin, "Bo", "UTC")
		boS := w.member("U0BO", "bo.slack", "bo@home.example")

		a := w.command(boS, "today")
		m := linkCode.FindStringSubmatch(a.Text)
		if m == nil || !strings.HasPrefix(m[1], w.HTTP.URL+"/slack/link#code=") {
			t.Fatalf("the answer to an unknown user holds no link: %q", a.Text)
		}
		wantText(t, "the link", a.Text, "timestreak does not know your Slack account yet", "It works once, for 15 minutes")
		stale := m[2]
		m = linkCode.FindStringSubmatch(w.command(boS, "30m anything").Text)
		code := m[2]
		wantProblem(t, w.Do("GET", "/api/v1/me/integrations/slack/link?code="+stale, bo.Token, nil), http.StatusUnprocessableEntity, "code")

		var preview struct {
			SlackUserName string `json:"slack_user_name"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/me/integrations/slack/link?code="+code, bo.Token, nil).JSON(t, &preview)
		if preview.SlackUserName != "bo.slack" {
			t.Errorf("preview %+v", preview)
		}
		var link struct {
			Linked      bool    `json:"linked"`
			SlackUserID *string `json:"slack_user_id"`
			Via         *string `json:"via"`
		}
		w.Must(http.StatusOK, "POST", "/api/v1/me/integrations/slack/link", bo.Token, map[string]string{"code": code}).JSON(t, &link)
		if !link.Linked || *link.SlackUserID != "U0BO" || *link.Via != "link" {
			t.Errorf("Bo's link %+v", link)
		}
		wantProblem(t, w.Do("POST", "/api/v1/me/integrations/slack/link", w.ana.Token, map[string]string{"code": code}),
			http.StatusUnprocessableEntity, "code")
		wantText(t, "Bo, linked", w.command(boS, "today").Text, "*Today, ")

		cyS := w.member("U0CY", "cy", "cy@elsewhere.example")
		code = linkCode.FindStringSubmatch(w.command(cyS, "today").Text)[2]
		w.Set(w.Clock.Now().Add(16 * time.Minute))
		w.Relogin(bo)
		wantProblem(t, w.Do("POST", "/api/v1/me/integrations/slack/link", bo.Token, map[string]string{"code": code}),
			http.StatusUnprocessableEntity, "code")

		w.Relogin(w.ana)
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/me/integrations/slack", w.ana.Token, nil)
		if m := linkCode.FindStringSubmatch(w.command(w.anaS, "today").Text); m == nil {
			t.Error("Ana unlinked, and was linked by email again")
		}
		wantText(t, "/timestreak unlink", w.command(boS, "unlink").Text, "Unlinked")
		w.Must(http.StatusOK, "GET", "/api/v1/me/integrations/slack", bo.Token, nil).JSON(t, &link)
		if link.Linked || link.SlackUserID != nil {
			t.Errorf("Bo after /timestreak unlink: %+v", link)
		}
	})
}

// TestSlackSlowWorkThroughResponseURL: a command whose work takes longer
// than the answer budget answers "Working on it…" at once, and its answer
// comes through the command's response_url.
func TestSlackSlowWorkThroughResponseURL(t *testing.T) {
	parallel(t)
	w := newSlackWorld(t, "sqlite", apitest.Options{SlackAnswerWithin: time.Nanosecond})
	a := w.command(w.anaS, "today")
	if a.Text != "Working on it…" {
		t.Fatalf("the answer %q", a.Text)
	}
	r := w.fake.WaitResponses(t, 1)[0]
	wantText(t, "the answer through the response_url", r.Text, "*Today, ")
	if r.ResponseType != "ephemeral" {
		t.Errorf("response_type %q", r.ResponseType)
	}
}
