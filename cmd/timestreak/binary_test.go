package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/timestreak/timestreak/internal/testnow"
)

var binary string // built once in TestMain

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "timestreak-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "timestreak")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// proc is the built binary running as a server.
type proc struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
}

func startServer(t *testing.T, dataDir string, env ...string) *proc {
	t.Helper()
	return startServerWith(t, dataDir, nil, env...)
}

// startServerWith starts `timestreak serve` with flags and waits until ready.
func startServerWith(t *testing.T, dataDir string, flags []string, env ...string) *proc {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binary, append([]string{"serve"}, flags...)...)
	// The server runs on the test clock at the suite's start instant, never
	// on the real calendar; env may override either.
	cmd.Env = append(os.Environ(), "TIMESTREAK_ADDR="+addr, "TIMESTREAK_DATA_DIR="+dataDir,
		"TIMESTREAK_TEST_CLOCK=true", "TIMESTREAK_TEST_CLOCK_START="+testnow.Start(t).Format(time.RFC3339))
	cmd.Env = append(cmd.Env, env...)
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, base: "http://" + addr, logs: logs}
	t.Cleanup(func() { p.kill() })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(p.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server did not become ready:\n%s", logs)
	return nil
}

func (p *proc) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// stop sends SIGTERM and requires a clean exit.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exit after SIGTERM: %v\n%s", err, p.logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("server did not stop on SIGTERM")
	}
}

func (p *proc) call(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var m map[string]any
	data, _ := io.ReadAll(resp.Body)
	json.Unmarshal(data, &m)
	return resp.StatusCode, m
}

// TestRestartKeepsDataAndTokens starts the real binary on a temp data dir,
// logs time, restarts it, and finds the entry and a still-valid token.
func TestRestartKeepsDataAndTokens(t *testing.T) {
	dir := t.TempDir()
	p := startServer(t, dir)
	status, reg := p.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "ana@example.com", "password": "correct horse", "name": "Ana"})
	if status != http.StatusCreated {
		t.Fatalf("register: %d %v", status, reg)
	}
	token := reg["access_token"].(string)
	_, project := p.call(t, "POST", "/api/v1/projects", token, map[string]string{"name": "Core"})
	_, task := p.call(t, "POST", "/api/v1/projects/"+project["id"].(string)+"/tasks", token, map[string]string{"name": "API"})
	today := testnow.Date(t, time.UTC)
	status, entry := p.call(t, "POST", "/api/v1/entries", token, map[string]any{"task_id": task["id"], "date": today, "minutes": 45})
	if status != http.StatusCreated {
		t.Fatalf("create entry: %d %v", status, entry)
	}
	p.stop(t)

	if _, err := os.Stat(filepath.Join(dir, "timestreak.db")); err != nil {
		t.Fatalf("no database file in the data dir: %v", err)
	}
	p = startServer(t, dir)
	status, got := p.call(t, "GET", "/api/v1/entries/"+entry["id"].(string), token, nil)
	if status != http.StatusOK {
		t.Fatalf("after restart, GET entry with the old token: %d %v", status, got)
	}
	if got["minutes"].(float64) != 45 {
		t.Errorf("entry after restart = %v", got)
	}
	p.stop(t)
}

// TestBadSettingStopsWithOneLine checks that a bad setting stops the start
// with one clear line and no stack trace.
func TestBadSettingStopsWithOneLine(t *testing.T) {
	for _, env := range []string{"TIMESTREAK_GRACE=soon", "TIMESTREAK_LOCK_DAYS=0", "TIMESTREAK_SIGNUP=maybe",
		"TIMESTREAK_TEST_CLOCK=perhaps", "TIMESTREAK_JWT_SECRET=short", "TIMESTREAK_DB_MAX_LIFETIME=forever", "TIMESTREAK_WRITE_RATE=fast", "TIMESTREAK_DATABASE_URL=postgres://nobody@127.0.0.1:1/none?connect_timeout=1"} {
		t.Run(env, func(t *testing.T) {
			cmd := exec.Command(binary, "serve")
			cmd.Env = append(os.Environ(), "TIMESTREAK_ADDR="+freeAddr(t), "TIMESTREAK_DATA_DIR="+t.TempDir(), env)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("started with %s", env)
			}
			lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
			if len(lines) != 1 || !bytes.HasPrefix(lines[0], []byte("timestreak: ")) {
				t.Errorf("want one line starting with 'timestreak: ', got:\n%s", out)
			}
		})
	}
}

// TestBadFlagStopsWithOneLine: a mistyped flag or a bad flag value is one
// line too, not the whole flag list; -h still lists the flags.
func TestBadFlagStopsWithOneLine(t *testing.T) {
	for _, args := range [][]string{{"serve", "--bogus"}, {"serve", "--lock-days=x"}, {"demo", "--users", "x"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd := exec.Command(binary, args...)
			cmd.Env = append(os.Environ(), "TIMESTREAK_DATA_DIR="+t.TempDir())
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("accepted %v", args)
			}
			lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
			if len(lines) != 1 || !bytes.HasPrefix(lines[0], []byte("timestreak: ")) {
				t.Errorf("want one line starting with 'timestreak: ', got:\n%s", out)
			}
		})
	}
	out, err := exec.Command(binary, "serve", "-h").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("-lock-days")) {
		t.Errorf("serve -h: %v\n%s", err, out)
	}
}

// TestBackupOfMissingDatabase: a mistyped data dir is an error, not an
// empty database and its "backup".
func TestBackupOfMissingDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	out, err := exec.Command(binary, "backup", filepath.Join(t.TempDir(), "snap.db"), "--data-dir", dir).CombinedOutput()
	if err == nil || !bytes.Contains(out, []byte("no database at")) {
		t.Fatalf("backup of a missing database: %v\n%s", err, out)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("the backup created the mistyped data dir")
	}
}

// TestHealthcheckCommand is what the container HEALTHCHECK runs.
func TestHealthcheckCommand(t *testing.T) {
	dir := t.TempDir()
	p := startServer(t, dir)
	cmd := exec.Command(binary, "healthcheck")
	cmd.Env = append(os.Environ(), "TIMESTREAK_ADDR="+p.base[len("http://"):], "TIMESTREAK_DATA_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("healthcheck against a live server: %v %s", err, out)
	}
	p.stop(t)
	cmd = exec.Command(binary, "healthcheck")
	cmd.Env = append(os.Environ(), "TIMESTREAK_ADDR="+p.base[len("http://"):], "TIMESTREAK_DATA_DIR="+dir)
	if err := cmd.Run(); err == nil {
		t.Fatal("healthcheck passed with the server stopped")
	}
}

// TestUserCreateCommand creates an admin from the command line, password on stdin.
func TestUserCreateCommand(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "user", "create", "--email", "Ops@Example.com", "--name", "Ops", "--admin")
	cmd.Env = append(os.Environ(), "TIMESTREAK_DATA_DIR="+dir)
	cmd.Stdin = bytes.NewBufferString("a long password\n")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("created admin ops@example.com")) {
		t.Fatalf("user create: %v %s", err, out)
	}
	p := startServer(t, dir)
	status, body := p.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ops@example.com", "password": "a long password"})
	if status != http.StatusOK || body["user"].(map[string]any)["role"] != "admin" {
		t.Fatalf("login as the created admin: %d %v", status, body)
	}
	// The first registration is no longer open: an admin exists.
	status, _ = p.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "x@example.com", "password": "password1", "name": "X"})
	if status != http.StatusForbidden {
		t.Errorf("register after an admin exists without invite: %d, want 403", status)
	}
	p.stop(t)
}

// TestDemoMakesALiveLeaderboard: the demo fills an empty database and the
// first screen a new user sees has a scored team.
func TestDemoMakesALiveLeaderboard(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "demo", "--data-dir", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	if out, err := exec.Command(binary, "demo", "--data-dir", dir).CombinedOutput(); err == nil {
		t.Fatalf("demo ran twice on a full database: %s", out)
	}
	p := startServer(t, dir)
	status, s := p.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "user00000@demo.timestreak", "password": demoPassword})
	if status != http.StatusOK {
		t.Fatalf("login: %d %v", status, s)
	}
	token := s["access_token"].(string)
	req, _ := http.NewRequest("GET", p.base+"/api/v1/teams", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var teams []map[string]any
	json.NewDecoder(resp.Body).Decode(&teams)
	resp.Body.Close()
	if len(teams) != 1 {
		t.Fatalf("teams = %v", teams)
	}
	status, board := p.call(t, "GET", "/api/v1/teams/"+teams[0]["id"].(string)+"/leaderboard?period=all", token, nil)
	entries, _ := board["entries"].([]any)
	if status != http.StatusOK || len(entries) != 9 {
		t.Fatalf("leaderboard: %d %v", status, board)
	}
	if top := entries[0].(map[string]any); top["points"].(float64) < 100 || top["streak"] == nil {
		t.Errorf("the demo's leader has %v", top)
	}
	_, me := p.call(t, "GET", "/api/v1/me", token, nil)
	if badges, _ := me["badges"].([]any); len(badges) == 0 {
		t.Errorf("a demo user with two months of history has no badges: %v", me)
	}
	p.stop(t)
}

// TestBackupWhileWriting snapshots the database while entries keep coming,
// then serves the snapshot: every entry acknowledged before the backup
// started is there.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	p := startServer(t, dir)
	_, reg := p.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "ana@example.com", "password": "correct horse", "name": "Ana"})
	token := reg["access_token"].(string)
	_, project := p.call(t, "POST", "/api/v1/projects", token, map[string]string{"name": "Core"})
	_, task := p.call(t, "POST", "/api/v1/projects/"+project["id"].(string)+"/tasks", token, map[string]string{"name": "API"})
	today := testnow.Date(t, time.UTC)
	var before []string
	for i := 0; i < 20; i++ {
		_, e := p.call(t, "POST", "/api/v1/entries", token, map[string]any{"task_id": task["id"], "date": today, "minutes": 1})
		before = append(before, e["id"].(string))
	}
	stop := make(chan struct{})
	done := make(chan int)
	go func() { // writes continue during the backup
		n := 0
		for {
			select {
			case <-stop:
				done <- n
				return
			default:
				if status, _ := p.call(t, "POST", "/api/v1/entries", token, map[string]any{"task_id": task["id"], "date": today, "minutes": 1}); status == http.StatusCreated {
					n++
				}
			}
		}
	}()
	snapshot := filepath.Join(t.TempDir(), "snap.db")
	cmd := exec.Command(binary, "backup", snapshot, "--data-dir", dir)
	out, err := cmd.CombinedOutput()
	close(stop)
	written := <-done
	if err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	p.stop(t)
	if written == 0 {
		t.Log("no write overlapped the backup")
	}
	// Serve the snapshot with the same secret: the old token still works.
	restored := t.TempDir()
	secret, _ := os.ReadFile(filepath.Join(dir, "jwt-secret"))
	os.WriteFile(filepath.Join(restored, "jwt-secret"), secret, 0o600)
	q := startServer(t, restored, "TIMESTREAK_DATABASE_URL="+snapshot)
	for _, id := range before {
		if status, _ := q.call(t, "GET", "/api/v1/entries/"+id, token, nil); status != http.StatusOK {
			t.Fatalf("entry %s missing from the snapshot: %d", id, status)
		}
	}
	q.stop(t)
}

// TestImportCommand imports a Toggl export from the command line: the dry
// run changes nothing, the real run adds the entries, a second run nothing.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	for _, u := range []struct{ email, name string }{{"ada@example.com", "Ada Lovelace"}, {"bob@example.com", "Bob Builder"}} {
		cmd := exec.Command(binary, "user", "create", "--email", u.email, "--name", u.name, "--password", "a long password", "--data-dir", dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("user create: %v %s", err, out)
		}
	}
	file, _ := filepath.Abs("../../importer/testdata/toggl.csv")
	run := func(extra ...string) map[string]any {
		args := append([]string{"import", "--from", "toggl", "--json", "--data-dir", dir}, extra...)
		out, err := exec.Command(binary, append(args, file)...).Output()
		if err != nil {
			t.Fatalf("import %v: %v %s", extra, err, out)
		}
		var rep map[string]any
		if err := json.Unmarshal(out, &rep); err != nil {
			t.Fatalf("report: %v\n%s", err, out)
		}
		return rep
	}
	dry := run("--dry-run")
	real := run()
	again := run()
	if dry["entries_created"] != real["entries_created"] || real["entries_created"].(float64) < 2 {
		t.Errorf("dry run %v, real run %v", dry["entries_created"], real["entries_created"])
	}
	if again["entries_created"].(float64) != 0 || again["entries_skipped_duplicate"] != real["entries_created"] {
		t.Errorf("second import: %v", again)
	}
}
