package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// runBinary runs the built binary in dir with env added to this process's
// environment, and returns what it printed and its exit status.
func runBinary(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}

// TestHelpListsCommands: --help, -h and help list every command, one line
// each, on stdout, and exit 0.
func TestHelpListsCommands(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}} {
		out, errOut, code := runBinary(t, t.TempDir(), nil, args...)
		if code != 0 || errOut != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
		for _, c := range commands {
			if !strings.Contains(out, "\n  "+c.name+" ") || !strings.Contains(out, c.summary) {
				t.Errorf("%v does not list %q:\n%s", args, c.name, out)
			}
		}
		for _, name := range []string{"serve", "migrate", "demo", "user create", "recompute", "import", "backup", "healthcheck"} {
			if !strings.Contains(out, "  "+name+" ") {
				t.Errorf("%v does not list %s", args, name)
			}
		}
	}
}

// TestCommandHelpShowsItsFlags: CMD -h lists that command's flags only,
// numbers and durations as such and booleans as bool flags, with the
// built-in defaults (never a secret from the environment), and exits 0.
func TestCommandHelpShowsItsFlags(t *testing.T) {
	const secret = "3f9c2a7e0b5d4c1a8e6f2b9d7c3a5e1f"
	env := []string{"TIMESTREAK_JWT_SECRET=" + secret, "TIMESTREAK_LOCK_DAYS=7"}
	cases := []struct {
		args      []string
		want, not []string
	}{
		{[]string{"serve", "-h"},
			[]string{"-lock-days int", "-grace duration", "-write-rate float", "-db-max-open int", "-db-max-lifetime duration",
				"-closeout-batch int", "-write-burst int", "-addr address", "(default 62)", "TIMESTREAK_LOCK_DAYS", "-demo\n", "-test-clock\n"},
			[]string{"-lock-days string", "-grace string", "-test-clock string", secret, "(default 7)", "-users"}},
		{[]string{"demo", "--help"}, []string{"-users int", "-days int", "-grace duration"}, []string{"-addr", "-jwt-secret", "-cors-origins"}},
		{[]string{"backup", "-h"}, []string{"Usage: timestreak backup FILE", "-data-dir", "-database-url"}, []string{"-grace", "-addr", "-lock-days"}},
		{[]string{"healthcheck", "-h"}, []string{"-addr address"}, []string{"-data-dir", "-grace"}},
		{[]string{"migrate", "-h"}, []string{"-database-url", "-db-max-open int"}, []string{"-grace", "-jwt-secret", "-addr"}},
		{[]string{"user", "create", "-h"}, []string{"-email string", "-admin\n", "-data-dir"}, []string{"-grace", "-addr"}},
		{[]string{"user", "-h"}, []string{"-email string"}, nil},
		{[]string{"import", "-h"}, []string{"-from string", "-dry-run\n"}, []string{"-addr"}},
		{[]string{"recompute", "-h"}, []string{"-grace duration"}, []string{"-addr"}},
		{[]string{"help", "serve"}, []string{"-lock-days int"}, nil},
		{[]string{"help", "user"}, []string{"-email string"}, nil},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := runBinary(t, t.TempDir(), env, tc.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in:\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("has %q in:\n%s", n, out)
				}
			}
		})
	}
}

// TestUnknownCommandOrFlagIsUsageError: a command line that cannot run is
// one line on stderr and exit 2; nothing is created.
func TestUnknownCommandOrFlagIsUsageError(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"help", "bogus"}, {"--bogus"}, {"serve", "--bogus"}, {"serve", "-x"},
		{"serve", "--lock-days=x"}, {"serve", "--grace", "soon"}, {"serve", "--test-clock=maybe"}, {"demo", "--users", "x"},
		{"migrate", "extra"}, {"backup"}, {"backup", "a.db", "b.db"}, {"import"}, {"import", "--from", "toggl"},
		{"user"}, {"user", "delete"}, {"healthcheck", "--data-dir", "x"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := t.TempDir()
			out, errOut, code := runBinary(t, dir, []string{"TIMESTREAK_DATA_DIR=" + dir + "/data"}, args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if out != "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "timestreak: ") {
				t.Errorf("want one line starting with 'timestreak: ' on stderr, got stdout %q stderr %q", out, errOut)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("a refused command line created %v", entries)
			}
		})
	}
}

// TestHealthcheckUsesTheServersAddress: the healthcheck asks the address
// TIMESTREAK_ADDR names, loopback when it names every interface.
func TestHealthcheckUsesTheServersAddress(t *testing.T) {
	p := startServer(t, t.TempDir())
	_, port, _ := strings.Cut(strings.TrimPrefix(p.base, "http://"), ":")
	for addr, ok := range map[string]bool{":" + port: true, "0.0.0.0:" + port: true, "127.0.0.1:" + port: true,
		"127.0.0.2:" + port: false, "nonsense": false} {
		_, errOut, code := runBinary(t, t.TempDir(), []string{"TIMESTREAK_ADDR=" + addr}, "healthcheck")
		if (code == 0) != ok {
			t.Errorf("healthcheck at %s: exit %d %s, want ok %v", addr, code, errOut, ok)
		}
	}
	p.stop(t)
}
