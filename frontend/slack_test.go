package frontend_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/slackapp/slackfake"
)

// TestSlackLinkInBrowser: a Slack user timestreak cannot match by email
// gets a one-time link from /timestreak; opened signed out, it waits
// through the sign-in, then names the Slack user and links only when the
// person says so.
func TestSlackLinkInBrowser(t *testing.T) {
	const (
		secret = "8f742231b10e8888abcd9e7d1f0c9e3b"
		token  = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
	)
	fake := slackfake.New(t, token)
	boS := slackfake.Member{ID: "U0BO", TeamID: "T0ACME", Name: "bo.slack", Email: "bo@home.example"}
	fake.AddMember(boS)
	s := startServer(t, "TIMESTREAK_SLACK_SIGNING_SECRET="+secret, "TIMESTREAK_SLACK_BOT_TOKEN="+token, "TIMESTREAK_SLACK_API="+fake.APIURL())
	bo := s.register(t, "Bo", "bo@example.com")

	// Slack stamps its requests with the real time, and the app checks them against it.
	body := slackfake.Command(boS, "C0GENERAL", "today", fake.ResponseURL())
	ts, sig := slackfake.Sign(secret, time.Now(), body)
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/integrations/slack/commands", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var answer struct{ Text string }
	if err := json.Unmarshal(raw, &answer); err != nil {
		t.Fatalf("the command's answer %d %s", res.StatusCode, raw)
	}
	m := regexp.MustCompile(`<` + regexp.QuoteMeta(s.URL) + `(/slack/link#code=[A-Za-z0-9_-]+)\|`).FindStringSubmatch(answer.Text)
	if m == nil {
		t.Fatalf("no link in %q", answer.Text)
	}

	b := newBrowser(t, s.URL)
	b.open(m[1])
	b.waitFor("the sign-in form", `location.pathname === '/signin' && document.querySelector('form input[name=email]')`)
	b.typeInto(`input[name=email]`, "bo@example.com")
	b.typeInto(`input[name=password]`, password)
	b.click(`button[type=submit]`)
	b.waitText("main", "Slack user “bo.slack” asks to log time as you.")
	b.checkLabels("Link Slack")
	var link struct{ Linked bool }
	bo.must("GET", "/me/integrations/slack", nil, 200, &link)
	if link.Linked {
		t.Fatal("linked before Bo said so")
	}
	b.click(`main button.primary`)
	b.waitFor("Today", `location.pathname === '/' && document.querySelector('#today-h')`)
	bo.must("GET", "/me/integrations/slack", nil, 200, &link)
	if !link.Linked {
		t.Error("Bo pressed Link, and is not linked")
	}
}
