package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedSettings: each bad setting, from the environment or as a
// flag, stops the start with one line naming it, a non-zero exit, and
// nothing created: no data dir, no file in the working directory (a
// mysql:// URL once made ./mysql:/x and ran on SQLite).
// oidcOn is a provider's settings, for the cases that need one.
var oidcOn = []string{"TIMESTREAK_OIDC_ISSUER=https://login.example.com", "TIMESTREAK_OIDC_CLIENT_ID=ts",
	"TIMESTREAK_OIDC_CLIENT_SECRET=" + oidcSecret}

const oidcSecret = "oidc-client-s3cr3t-never-shown"

func TestRefusedSettings(t *testing.T) {
	const (
		slackSecret = "TIMESTREAK_SLACK_SIGNING_SECRET=8f742231b10e8888abcd9e7d1f0c9e3b"
		slackToken  = "TIMESTREAK_SLACK_BOT_TOKEN=xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
	)
	cases := []struct {
		env  string   // one TIMESTREAK_* setting, or
		args []string // flags
		more []string // settings the refused one needs beside it
		want string   // in the line
		hide string   // a secret the line must not show
	}{
		{env: "TIMESTREAK_DATABASE_URL=mysql://x", want: "TIMESTREAK_DATABASE_URL"},
		{env: "TIMESTREAK_DATABASE_URL=mysql:/x", want: "TIMESTREAK_DATABASE_URL"},
		{env: "TIMESTREAK_DATABASE_URL=https://db.example/timestreak", want: "TIMESTREAK_DATABASE_URL"},
		{env: "TIMESTREAK_DATABASE_URL=postgres://u@host:port/db", want: "postgres URL"},
		{args: []string{"--database-url", "sqlserver://h/db"}, want: "--database-url"},
		{env: "TIMESTREAK_CORS_ORIGINS=https://app.example/", want: "TIMESTREAK_CORS_ORIGINS"},
		{env: "TIMESTREAK_CORS_ORIGINS=https://app.example/path", want: "TIMESTREAK_CORS_ORIGINS"},
		{env: "TIMESTREAK_CORS_ORIGINS=app.example", want: "TIMESTREAK_CORS_ORIGINS"},
		{env: "TIMESTREAK_CORS_ORIGINS=*", want: "TIMESTREAK_CORS_ORIGINS"},
		{env: "TIMESTREAK_CORS_ORIGINS=ftp://app.example", want: "TIMESTREAK_CORS_ORIGINS"},
		{env: "TIMESTREAK_CORS_ORIGINS=https://app.example,https://app.example:99999", want: "99999"},
		{env: "TIMESTREAK_CORS_ORIGINS=https://user@app.example", want: "TIMESTREAK_CORS_ORIGINS"},
		{env: "TIMESTREAK_CORS_ORIGINS=https://app.example?x=1", want: "TIMESTREAK_CORS_ORIGINS"},
		{args: []string{"--cors-origins", "https://a.example,https://b.example/x"}, want: "--cors-origins"},
		{env: "TIMESTREAK_WEBHOOK_URL=ftp://hooks.example/x", want: "TIMESTREAK_WEBHOOK_URL"},
		{env: "TIMESTREAK_WEBHOOK_URL=hooks.example/x", want: "TIMESTREAK_WEBHOOK_URL"},
		{env: "TIMESTREAK_WEBHOOK_URL=https:///x", want: "TIMESTREAK_WEBHOOK_URL"},
		{env: "TIMESTREAK_GRACE=25h", want: "TIMESTREAK_GRACE"},
		{env: "TIMESTREAK_GRACE=-1m", want: "TIMESTREAK_GRACE"},
		{env: "TIMESTREAK_GRACE=soon", want: "TIMESTREAK_GRACE"},
		{args: []string{"--grace", "24h1s"}, want: "--grace"},
		{env: "TIMESTREAK_JWT_SECRET=change-me-to-a-long-random-string-of-32-or-more", want: "TIMESTREAK_JWT_SECRET"},
		{env: "TIMESTREAK_JWT_SECRET=7d1f0c9e3b5a4f2e8c6d0b1a9f7e5d3c-CHANGEME", want: "TIMESTREAK_JWT_SECRET"},
		{env: "TIMESTREAK_JWT_SECRET=my-Super-Secret-signing-key-for-timestreak", want: "TIMESTREAK_JWT_SECRET"},
		{env: "TIMESTREAK_JWT_SECRET=an-example-key-that-is-long-enough-to-pass", want: "TIMESTREAK_JWT_SECRET"},
		{env: "TIMESTREAK_JWT_SECRET=7d1f0c9e3b5a4f2e8c6d0b1a9f7e5d3", want: "at least 32"},
		{args: []string{"--jwt-secret", "please-change-me-before-going-live-ok"}, want: "--jwt-secret"},
		{env: "TIMESTREAK_LOG_LEVEL=loud", want: "TIMESTREAK_LOG_LEVEL"},
		{env: "TIMESTREAK_LOCK_DAYS=x", want: "TIMESTREAK_LOCK_DAYS"},
		{env: "TIMESTREAK_DB_MAX_OPEN=0", want: "TIMESTREAK_DB_MAX_OPEN"},
		{env: "TIMESTREAK_TEST_CLOCK_START=tomorrow", want: "TIMESTREAK_TEST_CLOCK_START"},
		{env: "TIMESTREAK_OIDC_ISSUER=login.example.com", more: []string{"TIMESTREAK_OIDC_CLIENT_ID=ts"}, want: "TIMESTREAK_OIDC_ISSUER"},
		{env: "TIMESTREAK_OIDC_ISSUER=https://login.example.com", want: "TIMESTREAK_OIDC_CLIENT_ID"},
		{env: "TIMESTREAK_OIDC_CLIENT_ID=ts", want: "needs TIMESTREAK_OIDC_ISSUER"},
		{env: "TIMESTREAK_OIDC_CLIENT_SECRET=s3cr3t-value-never-printed", want: "TIMESTREAK_OIDC_CLIENT_SECRET"},
		{env: "TIMESTREAK_OIDC_AUTO_CREATE=yes please", want: "TIMESTREAK_OIDC_AUTO_CREATE"},
		{env: "TIMESTREAK_OIDC_ALLOWED_DOMAINS=@example.com", more: oidcOn, want: "TIMESTREAK_OIDC_ALLOWED_DOMAINS"},
		{env: "TIMESTREAK_OIDC_REDIRECT_URL=https://time.example.com/callback", more: oidcOn, want: "TIMESTREAK_OIDC_REDIRECT_URL"},
		{env: "TIMESTREAK_OIDC_NAME=" + strings.Repeat("n", 61), more: oidcOn, want: "TIMESTREAK_OIDC_NAME"},
		{env: "TIMESTREAK_PASSWORD_LOGIN=false", want: "TIMESTREAK_PASSWORD_LOGIN"},
		{env: "TIMESTREAK_PASSWORD_LOGIN=nope", want: "TIMESTREAK_PASSWORD_LOGIN"},
		{env: "TIMESTREAK_VAPID_PRIVATE_KEY=s3cr3t-not-a-key", want: "TIMESTREAK_VAPID_PRIVATE_KEY"},
		{env: "TIMESTREAK_PUSH_CONTACT=ops", want: "TIMESTREAK_PUSH_CONTACT"},
		{env: "TIMESTREAK_PUSH_CONTACT=https://", want: "TIMESTREAK_PUSH_CONTACT"},
		{env: slackToken, want: "needs TIMESTREAK_SLACK_SIGNING_SECRET", hide: "pdFZKVeTuE8sk7oOcBrzbqgy"},
		{env: slackSecret, want: "needs TIMESTREAK_SLACK_BOT_TOKEN", hide: "8f742231b10e8888abcd9e7d1f0c9e3b"},
		{env: "TIMESTREAK_SLACK_SIGNING_SECRET=my-signing-secret-is-not-hex-at-all", more: []string{slackToken},
			want: "TIMESTREAK_SLACK_SIGNING_SECRET", hide: "not-hex"},
		{env: "TIMESTREAK_SLACK_BOT_TOKEN=xoxp-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", more: []string{slackSecret},
			want: "TIMESTREAK_SLACK_BOT_TOKEN / --slack-bot-token must be", hide: "pdFZKVeTuE8sk7oOcBrzbqgy"},
		{env: "TIMESTREAK_SLACK_BOT_TOKEN=xoxb-change-me-to-the-bot-token-of-your-app", more: []string{slackSecret},
			want: "sample value", hide: "bot-token-of-your-app"},
		{args: []string{"--slack-bot-token", "xoxb-123"}, more: []string{slackSecret}, want: "--slack-bot-token", hide: "xoxb-123"},
		{env: "TIMESTREAK_SLACK_API=slack.com/api", more: []string{slackSecret, slackToken}, want: "TIMESTREAK_SLACK_API"},
	}
	for _, tc := range cases {
		name := tc.env
		if name == "" {
			name = strings.Join(tc.args, " ")
		}
		t.Run(name, func(t *testing.T) {
			work := t.TempDir()
			data := filepath.Join(work, "data")
			env := []string{"TIMESTREAK_ADDR=" + freeAddr(t), "TIMESTREAK_DATA_DIR=" + data}
			if tc.env != "" {
				env = append(env, tc.env)
			}
			env = append(env, tc.more...)
			out, errOut, code := runBinary(t, work, env, append([]string{"serve"}, tc.args...)...)
			if code == 0 {
				t.Fatalf("started with %s", name)
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if strings.Contains(errOut, "s3cr3t") || strings.Contains(errOut, oidcSecret) {
				t.Errorf("the line shows a client secret: %s", errOut)
			}
			if out != "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "timestreak: ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("want one line naming %s, got stdout %q stderr %q", tc.want, out, errOut)
			}
			if entries, _ := os.ReadDir(work); len(entries) != 0 {
				t.Errorf("a refused setting created %v", entries)
			}
			if tc.hide != "" && strings.Contains(errOut, tc.hide) {
				t.Errorf("the line shows the secret: %q", errOut)
			}
		})
	}
}

// TestPostgresErrorOnce: a PostgreSQL that cannot be reached is one line
// that says why once, not once per connection attempt.
func TestPostgresErrorOnce(t *testing.T) {
	work := t.TempDir()
	_, errOut, code := runBinary(t, work, []string{"TIMESTREAK_ADDR=" + freeAddr(t), "TIMESTREAK_DATA_DIR=" + filepath.Join(work, "data"),
		"TIMESTREAK_DATABASE_URL=postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}, "serve")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if strings.Count(errOut, "\n") != 1 || strings.Count(errOut, "connection refused") != 1 {
		t.Errorf("want the refusal once on one line, got %q", errOut)
	}
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Errorf("an unreachable database left %v", entries)
	}
}

// TestAcceptedSettings: the edges of what is allowed start the server,
// and CORS answers the configured origins as written in any case.
func TestAcceptedSettings(t *testing.T) {
	p := startServer(t, t.TempDir(), "TIMESTREAK_GRACE=24h", "TIMESTREAK_WEBHOOK_URL=http://127.0.0.1:1/hook",
		"TIMESTREAK_CORS_ORIGINS=https://App.Example, http://localhost:5173",
		"TIMESTREAK_JWT_SECRET=7d1f0c9e3b5a4f2e8c6d0b1a9f7e5d3c2b4a6f8e",
		"TIMESTREAK_SLACK_SIGNING_SECRET=8f742231b10e8888abcd9e7d1f0c9e3b",
		"TIMESTREAK_SLACK_BOT_TOKEN=xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "TIMESTREAK_SLACK_API=http://127.0.0.1:1/api")
	// The Slack app is on: its command route answers only Slack's signature.
	if resp, err := http.Post(p.base+"/api/v1/integrations/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("text=today")); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unsigned Slack command: %d, want 401", resp.StatusCode)
	}
	for _, origin := range []string{"https://app.example", "http://localhost:5173"} {
		req, _ := http.NewRequest("OPTIONS", p.base+"/api/v1/entries", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != origin {
			t.Errorf("origin %s: Access-Control-Allow-Origin %q", origin, got)
		}
	}
	p.stop(t)
	for _, secret := range []string{"8f742231b10e8888abcd9e7d1f0c9e3b", "pdFZKVeTuE8sk7oOcBrzbqgy"} {
		if strings.Contains(p.logs.String(), secret) {
			t.Errorf("the logs show a Slack secret: %s", p.logs)
		}
	}
	if _, errOut, code := runBinary(t, t.TempDir(), []string{"TIMESTREAK_DATA_DIR=" + t.TempDir(), "TIMESTREAK_GRACE=0"}, "migrate"); code != 0 {
		t.Errorf("migrate with a grace of 0: exit %d %s", code, errOut)
	}
}

// TestSettingsOfOtherCommandsIgnored: a command reads only its own
// settings, so the container's healthcheck or a backup does not fail on
// a variable meant for the server alone.
func TestSettingsOfOtherCommandsIgnored(t *testing.T) {
	_, errOut, code := runBinary(t, t.TempDir(), []string{"TIMESTREAK_DATA_DIR=" + t.TempDir(), "TIMESTREAK_WEBHOOK_URL=not a url",
		"TIMESTREAK_WRITE_RATE=fast"}, "migrate")
	if code != 0 {
		t.Errorf("migrate with a bad server-only setting: exit %d %s", code, errOut)
	}
}

// TestDataFilesArePrivate: the data dir the server creates is 0700; the
// database, its WAL and shared memory, the generated secret, the VAPID key
// and a backup are 0600 (PRODUCT.md §7).
func TestDataFilesArePrivate(t *testing.T) {
	data := filepath.Join(t.TempDir(), "new", "data")
	p := startServer(t, data)
	mode := func(path string, want os.FileMode) {
		t.Helper()
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", path, got, want)
		}
	}
	mode(data, 0o700)
	mode(filepath.Dir(data), 0o700)
	for _, f := range []string{"timestreak.db", "timestreak.db-wal", "timestreak.db-shm", "jwt-secret", "vapid-private-key"} {
		mode(filepath.Join(data, f), 0o600)
	}
	snap := filepath.Join(t.TempDir(), "snap.db")
	if _, errOut, code := runBinary(t, t.TempDir(), nil, "backup", snap, "--data-dir", data); code != 0 {
		t.Fatalf("backup: exit %d %s", code, errOut)
	}
	mode(snap, 0o600)
	p.stop(t)
}
