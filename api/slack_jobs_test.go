package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/slackapp/slackfake"
)

// runJob runs a scheduled job now, as the admin.
func (w *slackWorld) runJob(name string) {
	w.T.Helper()
	w.Relogin(w.admin)
	w.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/"+name+"/run", w.admin.Token, nil)
}

// TestSlackReminderDM: the reminder the engine makes (a workday, the
// person's reminder time passed in their zone, nothing logged) goes to
// their Slack account as a direct message, once, with buttons for their
// recent tasks and durations; a press logs to the reminder's date. Ana
// never typed a command: users.lookupByEmail finds her. Bo is not in
// Slack: nothing is sent. A post Slack refuses is tried again later.
func TestSlackReminderDM(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newSlackWorld(t, dialect, apitest.Options{Start: apitest.Monday}) // Monday noon UTC
		bo := w.CreateUser(w.admin, "Bo", "Europe/Berlin")
		cy := w.CreateUser(w.admin, "Cy", "America/New_York")
		cyS := w.member("U0CY", "cy", "cy@example.com")
		review := w.taskIn(w.project("Website"), "Design review")
		w.Log(w.ana, review, "2026-03-01", 60) // Sunday: a recent task, nothing today
		for _, u := range []*apitest.User{w.ana, bo, cy} {
			w.Must(http.StatusOK, "PATCH", "/api/v1/me", u.Token, map[string]any{"reminder_time": "09:00"})
		}
		w.fake.Refuse("chat.postMessage", "ratelimited") // Cy's and Ana's first tries
		w.runJob("reminders")                            // noon for Ana (UTC), 13:00 for Bo (Berlin): due; 07:00 for Cy (New York): not yet
		w.runJob("slack-reminders")
		if posts := w.fake.Posts(); len(posts) != 0 {
			t.Fatalf("posted while Slack refused: %+v", posts)
		}
		w.fake.Refuse("chat.postMessage", "")
		w.Set(time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)) // 09:05 in New York
		w.runJob("reminders")
		w.runJob("slack-reminders")
		w.runJob("slack-reminders")
		w.runJob("reminders")
		w.runJob("slack-reminders")

		posts := w.fake.Posts()
		if len(posts) != 2 {
			t.Fatalf("%d reminders posted, want Ana's and Cy's once each: %+v", len(posts), posts)
		}
		byChannel := map[string]slackfake.Post{}
		for _, p := range posts {
			byChannel[p.Channel] = p
		}
		ana, ok := byChannel[w.fake.DM("U0ANA")]
		if !ok || ana.Text != "Log today's time to keep your streak going." {
			t.Fatalf("Ana's reminder: %+v (DMs: Ana %s, Cy %s)", posts, w.fake.DM("U0ANA"), w.fake.DM(cyS.ID))
		}
		bs := slackfake.Buttons(ana.Blocks)
		if !slices.Equal(labels(bs), []string{"15 m", "30 m", "1 h", "2 h"}) {
			t.Errorf("Ana's buttons %v", labels(bs))
		}
		if cyPost := byChannel[w.fake.DM("U0CY")]; len(slackfake.Buttons(cyPost.Blocks)) != 0 || !strings.Contains(cyPost.Blocks[len(cyPost.Blocks)-1].Elements[0].Text.(string), "/timestreak 30m") {
			t.Errorf("Cy, with no recent task, gets no buttons and the command: %+v", cyPost.Blocks)
		}
		lookups := 0
		for _, c := range w.fake.Calls() {
			if c.Method == "users.lookupByEmail" && c.Form.Get("email") == "bo@example.com" {
				lookups++
			}
		}
		if lookups != 1 {
			t.Errorf("Bo, not in Slack, was looked up %d times, want once", lookups)
		}

		r := w.press(w.anaS, ana.Channel, ana.TS, bs[1])
		wantText(t, "the press", r.Text, "Logged 30 m to *Design review* · Website on Mon 2 Mar.")
		if !r.ReplaceOriginal {
			t.Error("the press does not replace the reminder")
		}
		w.Relogin(w.ana)
		got := listEntries(w.Env, w.ana, "from=2026-03-02&to=2026-03-02").Items
		if len(got) != 1 || got[0].TaskID != review || got[0].Minutes != 30 || got[0].Source != "slack" || !got[0].OnTime {
			t.Errorf("after the press: %+v", got)
		}
	})
}

// TestSlackWeeklyPost: once the weekly award ranked a team's week, its
// winners go to the team's Slack channel (a team setting), once; a winner
// linked to Slack is mentioned, others are named.
func TestSlackWeeklyPost(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newSlackWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		crew := w.team("Remote Crew")
		bo := w.CreateUser(w.admin, "Bo", "UTC")
		w.join(crew, w.ana, "member")
		w.join(crew, bo, "member")
		wantProblem(t, w.Do("PATCH", "/api/v1/teams/"+crew, w.admin.Token, map[string]string{"slack_channel": "#general"}),
			http.StatusUnprocessableEntity, "slack_channel")
		var team struct {
			SlackChannel *string `json:"slack_channel"`
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/teams/"+crew, w.admin.Token, map[string]string{"slack_channel": "C0CREW0001"}).JSON(t, &team)
		if team.SlackChannel == nil || *team.SlackChannel != "C0CREW0001" {
			t.Fatalf("team %+v", team)
		}
		w.fake.AddChannel("C0CREW0001")
		w.command(w.anaS, "today") // links Ana
		w.Log(w.ana, w.task, "2026-03-02", 480)
		w.Log(bo, w.task, "2026-03-02", 60)

		w.Set(time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC)) // every Sunday of the week has closed
		w.CloseOut()
		w.runJob("weekly")
		w.runJob("slack-weekly")
		w.runJob("slack-weekly")
		posts := w.fake.Posts()
		if len(posts) != 1 || posts[0].Channel != "C0CREW0001" {
			t.Fatalf("posts %+v", posts)
		}
		wantText(t, "the weekly post", posts[0].Text, ":trophy: *Remote Crew* · the week of Mon 2 Mar – Sun 8 Mar",
			"\n:first_place_medal: <@U0ANA> +30 points\n:second_place_medal: Bo +20 points")
	})
}
