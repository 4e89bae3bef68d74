package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/timestreak/timestreak/internal/testnow"
)

// TestReadmeCommands runs the shell blocks of README.md in order, in one
// temporary directory, as a newcomer following the README from the top would,
// with the binary TestMain built (the same `go build` the README shows) as
// `timestreak` on PATH.
//
// The convention, in README.md: an HTML comment as the last line before a
// ```sh block says how the block is treated.
//
//	<!-- not run: REASON -->  the block is not run. For blocks that build
//	                          from the repository, serve without a readiness
//	                          check, need a real server, a token, Docker,
//	                          PostgreSQL or the network. REASON is required.
//	<!-- serves: WHAT -->     the block starts a server: it is started with
//	                          TIMESTREAK_ADDR on a free port, must answer
//	                          /readyz within 30 s, and is stopped with
//	                          SIGTERM. A block that serves the demo
//	                          (--demo) must also let every demo login the
//	                          README lists sign in, and list them all.
//
// Every other block runs with `sh -e` and must exit 0 within a minute.
// Every block runs on the test clock at testnow.Start (so no command reads
// the real calendar); the caller's other TIMESTREAK_* variables are dropped.
func TestReadmeCommands(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := shellBlocks(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```sh blocks")
	}
	bin := t.TempDir()
	if err := os.Symlink(binary, filepath.Join(bin, "timestreak")); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	env := readmeEnv(t, bin)
	ran := 0
	for _, b := range blocks {
		switch b.mode {
		case "not run":
			t.Logf("README.md:%d not run: %s", b.line, b.reason)
			continue
		case "serves":
			checkServes(t, b, work, env, string(readme))
		default:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			cmd := exec.CommandContext(ctx, "sh", "-e", "-c", b.code)
			cmd.Dir, cmd.Env = work, env
			out, err := cmd.CombinedOutput()
			cancel()
			if err != nil {
				t.Fatalf("README.md:%d: the block failed: %v\n%s\noutput:\n%s", b.line, err, b.code, out)
			}
		}
		ran++
	}
	if ran == 0 {
		t.Fatal("every README block is marked not run; the test proves nothing")
	}
}

// repoRoot is the module root, seen from this package's directory.
const repoRoot = "../.."

type shellBlock struct {
	line   int    // of the opening fence, 1-based
	code   string // the block's text
	mode   string // "", "not run" or "serves"
	reason string // what the marker says
}

var markerRE = regexp.MustCompile(`^<!--\s*(not run|serves)\s*:(.*?)-->$`)

// shellBlocks extracts the README's ```sh (and ```bash, ```shell) blocks
// with the marker on the last non-blank line before each.
func shellBlocks(md string) ([]shellBlock, error) {
	var blocks []shellBlock
	var cur *shellBlock
	prev := ""
	sc := bufio.NewScanner(strings.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if cur != nil {
			if trimmed == "```" {
				blocks = append(blocks, *cur)
				cur = nil
			} else {
				cur.code += line + "\n"
			}
			continue
		}
		if lang, ok := strings.CutPrefix(trimmed, "```"); ok {
			if lang == "sh" || lang == "bash" || lang == "shell" {
				cur = &shellBlock{line: n}
				if m := markerRE.FindStringSubmatch(prev); m != nil {
					cur.mode, cur.reason = m[1], strings.TrimSpace(m[2])
					if cur.reason == "" {
						return nil, fmt.Errorf("README.md:%d: the %q marker needs a reason", n-1, cur.mode)
					}
				}
				continue
			}
			// Any other fenced block (a diagram, a listing): skip to its end.
			for n++; sc.Scan(); n++ {
				if strings.TrimSpace(sc.Text()) == "```" {
					break
				}
			}
			prev = ""
			continue
		}
		if trimmed != "" {
			prev = trimmed
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("README.md:%d: the block never closes", cur.line)
	}
	return blocks, sc.Err()
}

// readmeEnv is the caller's environment without TIMESTREAK_* settings, with
// the binary first on PATH and the test clock at the suite's start.
func readmeEnv(t *testing.T, bin string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TIMESTREAK_") || strings.HasPrefix(kv, "PATH=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TIMESTREAK_TEST_CLOCK=true", "TIMESTREAK_TEST_CLOCK_START="+testnow.Start(t).Format(time.RFC3339))
}

// checkServes starts a serving block, waits for /readyz, checks the demo
// logins when it serves the demo, and stops it.
func checkServes(t *testing.T, b shellBlock, work string, env []string, readme string) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command("sh", "-e", "-c", b.code)
	cmd.Dir, cmd.Env = work, append(slices.Clone(env), "TIMESTREAK_ADDR="+addr)
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the shell and the server, stopped together
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
			t.Errorf("README.md:%d: the server did not stop within 15 s of SIGTERM", b.line)
		}
	}
	defer stop()
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-exited:
			stopped = true
			t.Fatalf("README.md:%d: the block exited before it was ready: %v\n%s", b.line, err, logs)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("README.md:%d: not ready within 30 s\n%s", b.line, logs)
		}
	}
	if strings.Contains(b.code, "--demo") {
		checkDemoLogins(t, &proc{cmd: cmd, base: base}, readme)
	}
	stop()
}

var (
	demoEmailRE    = regexp.MustCompile("`([a-z0-9.]+@demo\\.timestreak)`")
	demoPasswordRE = regexp.MustCompile("password `([^`]+)`")
)

// checkDemoLogins signs in with every demo email the README names, with the
// password it names, and asks the admin for the people there are, so that
// the README lists every demo login and nothing else.
func checkDemoLogins(t *testing.T, p *proc, readme string) {
	t.Helper()
	pw := demoPasswordRE.FindStringSubmatch(readme)
	if pw == nil {
		t.Fatal("README.md names no demo password (\"password `…`\")")
	}
	var listed []string
	for _, m := range demoEmailRE.FindAllStringSubmatch(readme, -1) {
		if !slices.Contains(listed, m[1]) {
			listed = append(listed, m[1])
		}
	}
	var admin string
	for _, email := range listed {
		status, res := p.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": pw[1]})
		if status != http.StatusOK {
			t.Errorf("README.md's demo login %s / %s: %d %v", email, pw[1], status, res)
			continue
		}
		if user, _ := res["user"].(map[string]any); user["role"] == "admin" {
			admin, _ = res["access_token"].(string)
		}
	}
	if admin == "" {
		t.Fatal("none of README.md's demo logins is the admin")
	}
	req, _ := http.NewRequest("GET", p.base+"/api/v1/users", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var users []struct {
		Email string `json:"email"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&users); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /users: %d %v", resp.StatusCode, err)
	}
	var actual []string
	for _, u := range users {
		actual = append(actual, u.Email)
	}
	slices.Sort(actual)
	slices.Sort(listed)
	if !slices.Equal(actual, listed) {
		t.Errorf("the demo's people are %v; README.md lists %v", actual, listed)
	}
}

// TestDocsLinkInsideTheRepository fails when README.md, SECURITY.md or a
// page under docs/ links a file that a clone does not have (outside the
// repository, or missing), or a heading of its own that does not exist.
func TestDocsLinkInsideTheRepository(t *testing.T) {
	pages := []string{"README.md", "SECURITY.md"}
	more, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range more {
		rel, _ := filepath.Rel(repoRoot, m)
		pages = append(pages, rel)
	}
	for _, page := range pages {
		data, err := os.ReadFile(filepath.Join(repoRoot, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range linkTargets(string(data)) {
			if err := checkLink(page, string(data), target); err != nil {
				t.Errorf("%s links %q: %v", page, target, err)
			}
		}
	}
}

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)|\b(?:src|href)="([^"]+)"`)

// linkTargets lists the targets of the page's Markdown links and images and
// of src/href attributes, outside code blocks.
func linkTargets(md string) []string {
	var out []string
	inCode := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			continue
		}
		if inCode {
			continue
		}
		for _, m := range linkRE.FindAllStringSubmatch(line, -1) {
			out = append(out, m[1]+m[2])
		}
	}
	return out
}

func checkLink(page, md, target string) error {
	if strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "mailto:") {
		return nil
	}
	path, anchor, _ := strings.Cut(target, "#")
	if path == "" {
		if !slices.Contains(headingAnchors(md), anchor) {
			return fmt.Errorf("no heading #%s", anchor)
		}
		return nil
	}
	rel := filepath.Clean(filepath.Join(filepath.Dir(page), path))
	if filepath.IsAbs(path) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return errors.New("outside the repository")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, rel)); err != nil {
		return errors.New("no such file in the repository")
	}
	return nil
}

// headingAnchors are the anchors GitHub gives the page's headings.
func headingAnchors(md string) []string {
	var out []string
	inCode := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var b strings.Builder
		for _, r := range title {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && !strings.ContainsRune("—–’…×·", r):
				b.WriteRune(r)
			}
		}
		out = append(out, b.String())
	}
	return out
}

// TestShellBlocksConvention pins how markers are read.
func TestShellBlocksConvention(t *testing.T) {
	md := "intro\n\n<!-- not run: serves forever -->\n```sh\nsleep 1000\n```\n\n" +
		"```\n```sh inside a diagram is not a block\n```\n" +
		"text\n\n```sh\necho ok\n```\n<!-- serves: ready check -->\n\n```bash\ntimestreak --demo\n```\n"
	blocks, err := shellBlocks(md)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range blocks {
		got = append(got, fmt.Sprintf("%d %q %q", b.line, b.mode, b.code))
	}
	want := []string{`4 "not run" "sleep 1000\n"`, `13 "" "echo ok\n"`, `18 "serves" "timestreak --demo\n"`}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := shellBlocks("<!-- not run: -->\n```sh\nx\n```\n"); err == nil {
		t.Error("a not-run marker without a reason is accepted")
	}
	if _, err := shellBlocks("```sh\nx\n"); err == nil {
		t.Error("an unclosed block is accepted")
	}
}
