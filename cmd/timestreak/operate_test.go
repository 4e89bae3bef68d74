package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestFlagWinsOverEnvironment: every setting is a flag and a TIMESTREAK_*
// variable; given both, the flag wins.
func TestFlagWinsOverEnvironment(t *testing.T) {
	t.Setenv("TIMESTREAK_LOCK_DAYS", "30")
	t.Setenv("TIMESTREAK_DATA_DIR", t.TempDir())
	c, err := parse("serve", nil, io.Discard, nil)
	if err != nil || c.LockDays != 30 {
		t.Fatalf("from the environment: %v, lock days %d, want 30", err, c.LockDays)
	}
	c, err = parse("serve", []string{"--lock-days", "10"}, io.Discard, nil)
	if err != nil || c.LockDays != 10 {
		t.Fatalf("flag and environment: %v, lock days %d, want the flag's 10", err, c.LockDays)
	}
}

// TestMigrateAndRecomputeCommands: the operators' commands work on a data
// dir, and recompute leaves a served history as it was.
func TestMigrateAndRecomputeCommands(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), "TIMESTREAK_DATA_DIR="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if out := run("migrate"); !bytes.Contains([]byte(out), []byte("migrations applied")) {
		t.Errorf("migrate said %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "timestreak.db")); err != nil {
		t.Fatalf("migrate made no database: %v", err)
	}
	run("demo", "--users", "3", "--days", "10")
	p := startServer(t, dir)
	_, before := p.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "user00000@demo.timestreak", "password": demoPassword})
	token, _ := before["access_token"].(string)
	_, me := p.call(t, "GET", "/api/v1/me", token, nil)
	p.stop(t)
	if out := run("recompute"); !bytes.Contains([]byte(out), []byte("recomputed")) {
		t.Errorf("recompute said %q", out)
	}
	p = startServer(t, dir)
	_, again := p.call(t, "GET", "/api/v1/me", token, nil)
	p.stop(t)
	if fmt.Sprint(me["stats"]) != fmt.Sprint(again["stats"]) || me["stats"] == nil {
		t.Errorf("stats before recompute %v, after %v", me["stats"], again["stats"])
	}
}

// TestServeDemo: `serve --demo` fills an empty database before serving, so
// the demo user signs in to a team with a history.
func TestServeDemo(t *testing.T) {
	p := startServerWith(t, t.TempDir(), []string{"--demo"})
	status, s := p.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "user00000@demo.timestreak", "password": demoPassword})
	if status != http.StatusOK {
		t.Fatalf("demo login: %d %v\n%s", status, s, p.logs)
	}
	req, _ := http.NewRequest("GET", p.base+"/api/v1/me/points?from=2000-01-01&to=2100-01-01", nil)
	req.Header.Set("Authorization", "Bearer "+s["access_token"].(string))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var points []any
	json.NewDecoder(resp.Body).Decode(&points)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(points) == 0 {
		t.Errorf("the demo user has %d ledger rows (%d), want a scored history", len(points), resp.StatusCode)
	}
	p.stop(t)
}

// TestGracefulShutdown: SIGTERM lets a request in flight finish and answer
// before the server exits.
func TestGracefulShutdown(t *testing.T) {
	p := startServer(t, t.TempDir())
	_, s := p.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "a@example.com", "password": "a long password", "name": "A"})
	token := s["access_token"].(string)

	// An upload still arriving when the signal comes.
	body, upload := io.Pipe()
	req, _ := http.NewRequest("POST", p.base+"/api/v1/import/toggl?dry_run=true", body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/csv")
	answered := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
		}
		answered <- err
	}()
	fmt.Fprint(upload, "User,Email,Project,Start date,Duration\n")
	time.Sleep(300 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	fmt.Fprint(upload, "A,a@example.com,P,2026-03-02,01:00:00\n")
	upload.Close()
	if err := <-answered; err != nil {
		t.Fatalf("the request in flight at SIGTERM was cut off: %v\n%s", err, p.logs)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, p.logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop on SIGTERM")
	}
}

// TestDemoNamesOnlyWhoExists: a demo without members offers only the admin
// to sign in as.
func TestDemoNamesOnlyWhoExists(t *testing.T) {
	cmd := exec.Command(binary, "demo", "--users", "0", "--days", "3")
	cmd.Env = append(os.Environ(), "TIMESTREAK_DATA_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("admin@demo.timestreak")) || bytes.Contains(out, []byte("user00000")) {
		t.Errorf("demo --users 0: %v\n%s", err, out)
	}
}
