package main

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// No Docker engine runs here: these tests read the Dockerfile,
// .dockerignore and docker-compose.yml and check what makes them safe by
// default (issue 12 point 6, issue 14 item 3).

// dockerfile is the Dockerfile as instructions (continuations joined,
// comments dropped): keyword upper-cased, then its arguments.
func dockerfile(t *testing.T) [][2]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	var cur string
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || (trimmed == "" && cur == "") {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur += strings.TrimSuffix(trimmed, "\\") + " "
			continue
		}
		cur += trimmed
		kw, args, _ := strings.Cut(cur, " ")
		out = append(out, [2]string{strings.ToUpper(kw), strings.TrimSpace(args)})
		cur = ""
	}
	return out
}

var secretKey = regexp.MustCompile(`(?i)secret|password|token`)

// TestDockerfileSafeByDefault: the image runs as a non-root user, carries
// no secret, pins its base images, and its healthcheck reads the same
// TIMESTREAK_ADDR the server listens on, the port it exposes.
func TestDockerfileSafeByDefault(t *testing.T) {
	var user, addr, expose, health string
	for _, in := range dockerfile(t) {
		kw, args := in[0], in[1]
		switch kw {
		case "FROM":
			image := strings.Fields(args)[0]
			if !strings.Contains(image, ":") || strings.HasSuffix(image, ":latest") {
				t.Errorf("FROM %s: pin a tag", image)
			}
			user = "" // each stage starts as root
		case "USER":
			user = args
		case "ENV", "ARG":
			for _, f := range strings.Fields(args) {
				k, v, _ := strings.Cut(f, "=")
				if secretKey.MatchString(k) {
					t.Errorf("%s %s: no secret belongs in the image", kw, k)
				}
				if k == "TIMESTREAK_ADDR" {
					addr = v
				}
			}
		case "EXPOSE":
			expose = strings.TrimSuffix(args, "/tcp")
		case "HEALTHCHECK":
			health = args
		case "ADD":
			if strings.Contains(args, "://") {
				t.Errorf("ADD %s: fetch nothing from the network at build time", args)
			}
		}
	}
	if name, _, _ := strings.Cut(user, ":"); name == "" || name == "root" || name == "0" {
		t.Errorf("the final stage runs as %q; want a non-root USER", user)
	}
	if _, port, err := net.SplitHostPort(addr); err != nil || port != expose {
		t.Errorf("TIMESTREAK_ADDR %q and EXPOSE %q disagree", addr, expose)
	}
	if !strings.Contains(health, `"healthcheck"`) || strings.Contains(health, "--addr") || strings.Contains(health, "http") {
		t.Errorf("HEALTHCHECK %q: want `timestreak healthcheck`, which reads TIMESTREAK_ADDR like the server", health)
	}
}

// dockerignored reports whether the build context leaves path out, by
// .dockerignore's rules: patterns from the context root, * within a
// segment, ** across segments, a pattern that names a folder takes all in
// it, ! takes a path back.
func dockerignored(patterns []string, path string) bool {
	ignored := false
	for _, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.Trim(strings.TrimPrefix(p, "!"), "/")
		re := regexp.QuoteMeta(p)
		re = strings.ReplaceAll(re, `\*\*/`, `(.*/)?`)
		re = strings.ReplaceAll(re, `\*\*`, `.*`)
		re = strings.ReplaceAll(re, `\*`, `[^/]*`)
		re = strings.ReplaceAll(re, `\?`, `[^/]`)
		if regexp.MustCompile(`^` + re + `(/.*)?$`).MatchString(path) {
			ignored = !neg
		}
	}
	return ignored
}

// TestDockerignore: the build context holds no history, data, database or
// secret from a local run, and still everything the build needs.
func TestDockerignore(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, l)
		}
	}
	for _, p := range []string{".git/HEAD", "data/timestreak.db", "data/jwt-secret", "vapid-private-key", "timestreak.db", "cmd/timestreak/x.db",
		"x.db-wal", "docs/screenshots/demo-today-360.png", "timestreak", ".env"} {
		if !dockerignored(patterns, p) {
			t.Errorf(".dockerignore lets %s into the build context", p)
		}
	}
	needed := []string{"go.mod", "go.sum", "api/openapi.yaml"}
	err = filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && (rel == ".git" || rel == "data") {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		// Go sources and every embedded folder (go:embed static, docs).
		if (strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") && !strings.Contains(rel, "testdata/")) ||
			strings.HasPrefix(rel, "frontend/static/") || strings.HasPrefix(rel, "api/docs/") {
			needed = append(needed, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(needed) < 20 {
		t.Fatalf("found only %v to build from", needed)
	}
	for _, p := range needed {
		if dockerignored(patterns, p) {
			t.Errorf(".dockerignore leaves out %s, which the build needs", p)
		}
	}
}

// TestComposeSafeByDefault: docker-compose.yml carries no usable secret
// (each is a ${VAR:?message} the operator must set), builds the image once
// for both replicas, restarts them on failure, and checks their health on
// the address they listen on.
func TestComposeSafeByDefault(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services map[string]struct {
			Build       any            `yaml:"build"`
			Image       string         `yaml:"image"`
			Restart     string         `yaml:"restart"`
			PullPolicy  string         `yaml:"pull_policy"`
			Environment map[string]any `yaml:"environment"`
			Ports       []string       `yaml:"ports"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	required := regexp.MustCompile(`^\$\{[A-Z_]+:\?[^}]+\}$`)
	builds, replicas, image := 0, 0, ""
	for name, s := range doc.Services {
		if s.Restart != "on-failure" && s.Restart != "unless-stopped" && s.Restart != "always" {
			t.Errorf("%s: restart %q; want on-failure or unless-stopped", name, s.Restart)
		}
		for k, v := range s.Environment {
			val, _ := v.(string)
			if secretKey.MatchString(k) && !required.MatchString(val) {
				t.Errorf("%s: %s is %q; want ${%s:?...}, set by the operator", name, k, val, k)
			}
			if strings.HasPrefix(val, "postgres") {
				if i := strings.Index(val, "@"); i < 0 || !strings.Contains(val[:i], ":${") {
					t.Errorf("%s: %s carries a password: %q", name, k, val)
				}
			}
		}
		if s.Build != nil {
			builds++
		}
		addr, ok := s.Environment["TIMESTREAK_ADDR"].(string)
		if !ok {
			continue
		}
		replicas++
		if image == "" {
			image = s.Image
		}
		if s.Image == "" || s.Image != image {
			t.Errorf("%s: image %q; every replica runs the one image built (%q)", name, s.Image, image)
		}
		if s.Build == nil && s.PullPolicy != "never" {
			t.Errorf("%s: runs the image another service builds; want pull_policy: never", name)
		}
		test := strings.Join(s.Healthcheck.Test, " ")
		if !strings.HasSuffix(test, "timestreak healthcheck") {
			t.Errorf("%s: healthcheck %q; want timestreak healthcheck, which reads TIMESTREAK_ADDR", name, test)
		}
		_, port, err := net.SplitHostPort(addr)
		if err != nil {
			t.Errorf("%s: TIMESTREAK_ADDR %q: %v", name, addr, err)
		}
		for _, p := range s.Ports {
			if !strings.HasSuffix(p, ":"+port) {
				t.Errorf("%s: publishes %s, but the server listens on %s", name, p, addr)
			}
		}
	}
	if builds != 1 || replicas < 2 {
		t.Errorf("%d services build and %d run timestreak; want one build for two or more replicas", builds, replicas)
	}
}
