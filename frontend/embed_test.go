package frontend_test

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/frontend"
)

func TestHandler(t *testing.T) {
	h := frontend.Handler()
	tests := []struct {
		path, wantType, wantCache, wantBody string
		want                                int
	}{
		{"/", "text/html", "no-cache", `<script type="module" src="/v/`, 200},
		{"/week", "text/html", "no-cache", `<div id="app"`, 200},
		{"/leaderboard?x=1", "text/html", "no-cache", `<div id="app"`, 200},
		{"/sw.js", "text/javascript", "no-cache", "addEventListener('fetch'", 200},
		{"/js/main.js", "text/javascript", "no-cache", "import", 200},
		{"/app.css", "text/css", "no-cache", ":root", 200},
		{"/manifest.webmanifest", "application/manifest+json", "no-cache", `"start_url"`, 200},
		{"/icon.svg", "image/svg+xml", "max-age=86400", "<svg", 200},
		{"/js/missing.js", "", "", "", 404},
		{"/api/v1/nothing", "", "", "", 404},
		{"/index.html", "", "", "", 301},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.want)
			}
			if tc.want != 200 {
				return
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("Content-Type %q, want %q", ct, tc.wantType)
			}
			if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, tc.wantCache) {
				t.Errorf("Cache-Control %q, want %q", cc, tc.wantCache)
			}
			if !strings.Contains(string(body), tc.wantBody) {
				t.Errorf("body lacks %q", tc.wantBody)
			}
			etag := res.Header.Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			req := httptest.NewRequest("GET", tc.path, nil)
			req.Header.Set("If-None-Match", etag)
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotModified {
				t.Errorf("revalidation: status %d, want 304", rec.Code)
			}
		})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", rec.Code)
	}
}

// TestStaticRules checks the house rules the CSP and safety depend on: no
// inline script or style, no HTML built from strings, a small app, and a
// service worker that caches every module.
func TestStaticRules(t *testing.T) {
	root := os.DirFS("static")
	total := 0
	var modules []string
	banned := regexp.MustCompile(`\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\('style'|\.style\.cssText`)
	err := fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		total += len(b)
		src := string(b)
		switch filepath.Ext(name) {
		case ".html":
			for _, bad := range []string{"<style", " style=", "onclick=", "onload=", "javascript:"} {
				if strings.Contains(src, bad) {
					t.Errorf("%s has %q, which the CSP blocks", name, bad)
				}
			}
			for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(src, -1) {
				if !strings.Contains(m, "src=") {
					t.Errorf("%s has an inline script: %s", name, m)
				}
			}
		case ".js":
			if loc := banned.FindStringIndex(src); loc != nil {
				t.Errorf("%s uses %q: build DOM with createElement and textContent", name, src[loc[0]:loc[1]])
			}
			if strings.HasPrefix(name, "js/") {
				modules = append(modules, "/"+name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 200*1024 {
		t.Errorf("the app is %d bytes, over the 200 KB budget (issue 13)", total)
	}
	t.Logf("app size: %d bytes in total", total)
	sw, err := fs.ReadFile(root, "sw.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range modules {
		if !strings.Contains(string(sw), "'"+m+"'") {
			t.Errorf("sw.js does not cache %s", m)
		}
	}
}
