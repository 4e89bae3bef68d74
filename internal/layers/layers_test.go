package layers

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/timestreak/timestreak/"

// below lists, for each package, the packages it must never import,
// directly or through another package: nothing calls back up. push
// delivers game's reminders (it is one of game's senders), and slackapp
// writes entries through game's write path and carries its reminders and
// weekly winners to Slack, so both may import game; the other adapters
// may not.
var below = map[string][]string{
	// The civil dates and the validation rules sit beneath everything:
	// they import nothing of ours but civil (TestBottomPackages).
	"internal/civil": {"internal/valid", "database", "tracking", "game", "api", "clickup", "importer", "sso", "push", "slackapp", "internal/app", "cmd/timestreak", "cmd/timestreak-bench"},
	"internal/valid": {"database", "tracking", "game", "api", "clickup", "importer", "sso", "push", "slackapp", "internal/app", "cmd/timestreak", "cmd/timestreak-bench"},
	"database":       {"tracking", "game", "api", "clickup", "importer", "sso", "push", "slackapp", "cmd/timestreak", "cmd/timestreak-bench"},
	"tracking":       {"game", "api", "clickup", "importer", "sso", "push", "slackapp", "cmd/timestreak", "cmd/timestreak-bench"},
	// tracking's parts point down too: tracking → tracking/org →
	// tracking/auth → tracking/store → database; none imports a part
	// above it.
	"tracking/org":      {"tracking", "game", "api", "clickup", "importer", "sso", "push", "slackapp", "internal/app", "cmd/timestreak", "cmd/timestreak-bench"},
	"tracking/auth":     {"tracking", "tracking/org", "game", "api", "clickup", "importer", "sso", "push", "slackapp", "internal/app", "cmd/timestreak", "cmd/timestreak-bench"},
	"tracking/store":    {"tracking", "tracking/org", "tracking/auth", "game", "api", "clickup", "importer", "sso", "push", "slackapp", "internal/app", "cmd/timestreak", "cmd/timestreak-bench"},
	"internal/ttlcache": {"database", "tracking", "tracking/org", "tracking/auth", "tracking/store", "game", "api", "clickup", "importer", "sso", "push", "slackapp", "internal/app", "cmd/timestreak", "cmd/timestreak-bench"},
	"importer":          {"game", "api", "clickup", "sso", "push", "slackapp", "cmd/timestreak", "cmd/timestreak-bench"},
	"clickup":           {"game", "api", "importer", "sso", "push", "slackapp", "cmd/timestreak", "cmd/timestreak-bench"},
	"sso":               {"game", "api", "clickup", "importer", "push", "slackapp", "cmd/timestreak", "cmd/timestreak-bench"},
	"push":              {"api", "clickup", "importer", "sso", "slackapp", "cmd/timestreak", "cmd/timestreak-bench"},
	"slackapp":          {"api", "clickup", "importer", "sso", "push", "cmd/timestreak", "cmd/timestreak-bench"},
	"game":              {"api", "clickup", "importer", "sso", "push", "slackapp", "cmd/timestreak", "cmd/timestreak-bench"},
	"api":               {"internal/app", "cmd/timestreak", "cmd/timestreak-bench"},
	// The wiring: the commands and the test helper build the application
	// through it; it never reaches back into a command.
	"internal/app": {"cmd/timestreak", "cmd/timestreak-bench"},
}

// TestDependencyDirection reads each package's whole import graph from
// `go list -deps` (what its build links, tests aside) and fails on any
// import that points up.
func TestDependencyDirection(t *testing.T) {
	for pkg, forbidden := range below {
		deps := listDeps(t, module+pkg)
		if !deps[module+pkg] {
			t.Fatalf("go list did not list %s itself: is the table out of date?", pkg)
		}
		for _, f := range forbidden {
			if deps[module+f] {
				t.Errorf("%s imports %s (directly or through another package): the dependency direction is cmd → api → game → tracking → database", pkg, f)
			}
		}
	}
}

// testedAlone lists the packages whose tests, too, stay below api: they
// build their package on a test database (dbtest) and never through the
// HTTP server (api, api/apitest, the wiring that builds it, the commands).
// The scoring's end-to-end scenarios, which do run the server, live above
// it in internal/e2e.
var testedAlone = []string{"internal/civil", "internal/valid", "internal/ttlcache", "database", "tracking", "tracking/org", "tracking/auth", "tracking/store", "game", "clickup", "importer", "sso", "push", "slackapp"}

// TestTestsStayBelowAPI reads each such package's import graph with its
// tests (`go list -deps -test`) and fails if a test file, directly or
// through a helper, imports api or anything that builds it.
func TestTestsStayBelowAPI(t *testing.T) {
	for _, pkg := range testedAlone {
		deps := listDeps(t, module+pkg, "-test")
		if !deps[module+pkg] || !deps[module+"database"] && pkg != "internal/civil" && pkg != "internal/valid" && pkg != "internal/ttlcache" {
			t.Fatalf("go list -deps -test %s did not list the package and its database: is the table out of date?", pkg)
		}
		for dep := range deps {
			rest, ok := strings.CutPrefix(dep, module)
			if !ok {
				continue
			}
			for _, up := range []string{"api", "internal/app", "cmd"} {
				if rest == up || strings.HasPrefix(rest, up+"/") {
					t.Errorf("%s's tests import %s (directly or through another package): test it on dbtest, not through the server", pkg, rest)
				}
			}
			// tracking's parts are tested on their own: not through game,
			// an adapter or the part above them.
			if (pkg == "tracking" || strings.HasPrefix(pkg, "tracking/")) && slices.Contains(below[pkg], rest) {
				t.Errorf("%s's tests import %s (directly or through another package): test it with what is beneath it", pkg, rest)
			}
		}
	}
}

// bottom lists the packages beneath everything and what of the module each
// may import: nothing but the standard library and these.
var bottom = map[string][]string{
	"internal/civil":     nil,
	"internal/valid":     {"internal/civil"},
	"internal/apiclient": nil,
}

// TestBottomPackages: the bottom packages import the standard library and
// what bottom allows them, nothing else (no third-party module either).
func TestBottomPackages(t *testing.T) {
	for pkg, allowed := range bottom {
		for dep := range listDeps(t, module+pkg) {
			first, _, _ := strings.Cut(dep, "/")
			switch {
			case dep == module+pkg:
			case strings.HasPrefix(dep, module):
				if !slices.Contains(allowed, strings.TrimPrefix(dep, module)) {
					t.Errorf("%s imports %s; it may import only %v of the module", pkg, dep, allowed)
				}
			case strings.Contains(first, "."):
				t.Errorf("%s imports %s; it may import the standard library only", pkg, dep)
			}
		}
	}
}

// TestTheGuardSeesImports: the graph the guard reads does hold the
// imports that are allowed, so an empty answer cannot pass for a clean one.
func TestTheGuardSeesImports(t *testing.T) {
	deps := listDeps(t, module+"api")
	for _, want := range []string{"game", "tracking", "database"} {
		if !deps[module+want] {
			t.Errorf("go list -deps of api does not list %s", want)
		}
	}
}

// touch reads the directory and stats the files of one of the module's
// packages: go test caches a result by the files a test opened, so an
// import added anywhere in the graph runs the guard again.
func touch(dir string, files []string) {
	os.ReadDir(dir)
	for _, f := range files {
		os.Stat(filepath.Join(dir, f))
	}
}

// listDeps is the import graph of pkg as `go list -deps` gives it, with
// the packages its tests build when flags holds -test (a package built
// for its tests, "p [p.test]", counts as p).
func listDeps(t *testing.T, pkg string, flags ...string) map[string]bool {
	t.Helper()
	args := append([]string{"list", "-deps"}, flags...)
	args = append(args, "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \"\\t\"}}\t{{join .TestGoFiles \"\\t\"}}\t{{join .XTestGoFiles \"\\t\"}}", pkg)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go %s: %v %s", strings.Join(args, " "), err, msg)
	}
	deps := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, "\t")
		path, _, _ := strings.Cut(f[0], " ")
		path = strings.TrimSuffix(path, ".test")
		deps[path] = true
		if strings.HasPrefix(path, module) && len(f) > 1 {
			touch(f[1], f[2:])
		}
	}
	return deps
}

// TestOneSchedulerFile: the job table and its scheduler live in one file,
// the only one that imports gocron.
func TestOneSchedulerFile(t *testing.T) {
	var users []string
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(src), `"github.com/go-co-op/gocron/`) {
			users = append(users, filepath.ToSlash(path))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(users, ",") != "../../internal/app/jobs.go" {
		t.Errorf("gocron is imported by %v, want only internal/app/jobs.go", users)
	}
}
