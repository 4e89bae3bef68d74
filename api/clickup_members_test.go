package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestClickUpPushAssignee: a person's pushed time is their ClickUp
// member's (assignee), matched by email; a person no member has the email
// of is told so and their time is not pushed, until a member has it.
func TestClickUpPushAssignee(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newPushWorld(t, dialect)
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		var st map[string]any
		w.Must(http.StatusOK, "PUT", "/api/v1/me/integrations/clickup", bob.Token, map[string]any{"push": true}).JSON(t, &st)
		reason, _ := st["reason"].(string)
		if st["push"] != true || st["since"] == nil || st["matched"] != false || !strings.Contains(reason, "bob@example.com") || !strings.Contains(reason, "Acme") {
			t.Errorf("Bob's opt-in answer: %v", st)
		}
		for who, want := range map[string]string{
			bob.Token:     "map[matched:false push:true]",
			w.mia.Token:   "map[matched:true push:true]",
			w.admin.Token: "map[matched:false push:false]", // never opted in, and no member has Ana's email
		} {
			w.Must(http.StatusOK, "GET", "/api/v1/me/integrations/clickup", who, nil).JSON(t, &st)
			if got := "map[matched:" + str(st["matched"]) + " push:" + str(st["push"]) + "]"; got != want {
				t.Errorf("GET /me/integrations/clickup = %v, want %s", st, want)
			}
			if (st["matched"] == true) != (st["reason"] == nil) {
				t.Errorf("reason %v with matched %v", st["reason"], st["matched"])
			}
		}

		w.entry(t, bob, w.cuTask, "2026-03-02", 30, "Bob, unmatched", false)
		w.entry(t, w.mia, w.cuTask, "2026-03-02", 60, "Mia", false)
		w.Clock.Advance(time.Minute)
		w.push(t)
		got := w.fake.TimeEntries()
		if len(got) != 1 || got[0].Description != "Mia" || got[0].User != miaMember {
			t.Fatalf("pushed %+v, want only Mia's, as hers", got)
		}

		// Later Bob joins the ClickUp workspace and the sync reads the
		// members again: what he logs from then on is pushed as his; what
		// he logged while unmatched is not (unless he changes it).
		w.Clock.Advance(10 * time.Minute)
		w.push(t)
		w.fake.AddMember(clickuptest.Member{ID: 302, Username: "Bob", Email: "bob@example.com"})
		w.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", w.admin.Token, nil)
		w.Must(http.StatusOK, "GET", "/api/v1/me/integrations/clickup", bob.Token, nil).JSON(t, &st)
		if st["matched"] != true || st["reason"] != nil {
			t.Errorf("Bob after joining: %v", st)
		}
		w.Relogin(bob)
		w.entry(t, bob, w.cuTask, "2026-03-02", 45, "Bob, matched", false)
		w.Clock.Advance(time.Minute)
		w.push(t)
		got = w.fake.TimeEntries()
		if len(got) != 2 || got[1].Description != "Bob, matched" || got[1].User != 302 {
			t.Errorf("pushed %+v, want Bob's new entry as his", got)
		}

		// Without a connection nobody is matched.
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/integrations/clickup", w.admin.Token, nil)
		w.Relogin(w.mia)
		w.Must(http.StatusOK, "GET", "/api/v1/me/integrations/clickup", w.mia.Token, nil).JSON(t, &st)
		if reason, _ := st["reason"].(string); st["matched"] != false || !strings.Contains(reason, "not connected") {
			t.Errorf("Mia after disconnecting: %v", st)
		}
	})
}

func str(v any) string {
	if b, ok := v.(bool); ok && b {
		return "true"
	}
	return "false"
}
