package frontend

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h http.Handler, p string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Result(), string(body)
}

// TestVersionedNames: the shell asks for every file under the build's name,
// which a browser may keep for a year, and the service worker caches those
// names under a cache named for the build.
func TestVersionedNames(t *testing.T) {
	h := Handler()
	_, index := get(t, h, "/")
	m := regexp.MustCompile(`<script type="module" src="/v/([0-9a-f]{16})/js/main.js">`).FindStringSubmatch(index)
	if m == nil {
		t.Fatalf("index.html does not load a versioned main.js:\n%s", index)
	}
	build := m[1]
	for _, want := range []string{`href="/v/` + build + `/app.css"`, `href="/v/` + build + `/icon.svg"`, `href="/manifest.webmanifest"`, `href="/" data-link`} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}

	_, manifest := get(t, h, "/manifest.webmanifest")
	if strings.Count(manifest, `"src": "/v/`+build+`/icon.svg"`) != 2 || !strings.Contains(manifest, `"start_url": "/"`) {
		t.Errorf("the manifest does not name its icons by the build:\n%s", manifest)
	}
	_, css := get(t, h, "/v/"+build+"/app.css")
	if strings.Contains(css, `url("/`) {
		t.Error("app.css names a file by its plain site-absolute name, outside the build")
	}

	_, sw := get(t, h, "/sw.js")
	if !strings.Contains(sw, "const CACHE = 'timestreak-shell-") || !strings.Contains(sw, "-"+build+"'") {
		t.Errorf("the service worker's cache is not named for the build %s", build)
	}
	shell := regexp.MustCompile(`(?s)const SHELL = \[(.*?)\];`).FindStringSubmatch(sw)
	if shell == nil {
		t.Fatal("sw.js has no SHELL list")
	}
	names := regexp.MustCompile(`'([^']*)'`).FindAllStringSubmatch(shell[1], -1)
	versioned := 0
	for _, n := range names {
		p := n[1]
		if p == "/" || p == "/manifest.webmanifest" {
			continue
		}
		if !strings.HasPrefix(p, "/v/"+build+"/") {
			t.Errorf("sw.js caches %s under its plain name", p)
			continue
		}
		versioned++
		res, body := get(t, h, p)
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d %q, want 200 and immutable", p, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		_, plain := get(t, h, strings.TrimPrefix(p, "/v/"+build))
		if body != plain {
			t.Errorf("%s differs from its plain name's file", p)
		}
	}
	if versioned < 30 {
		t.Errorf("sw.js caches %d versioned files, want every module", versioned)
	}

	for p, want := range map[string]struct {
		status int
		cache  string
	}{
		"/v/" + build + "/sw.js":        {404, ""},
		"/v/" + build + "/index.html":   {404, ""},
		"/v/" + build + "/js/nope.js":   {404, ""},
		"/v/0123456789abcdef/js/api.js": {200, "no-cache"}, // a page of another build
		"/js/api.js":                    {200, "no-cache"},
	} {
		res, _ := get(t, h, p)
		if res.StatusCode != want.status || (want.cache != "" && res.Header.Get("Cache-Control") != want.cache) {
			t.Errorf("%s: %d %q, want %d %q", p, res.StatusCode, res.Header.Get("Cache-Control"), want.status, want.cache)
		}
	}
}

// TestBuildNameFollowsContent: changing one byte of one module renames
// every file, so no browser keeps a stale copy under a current name.
func TestBuildNameFollowsContent(t *testing.T) {
	app := func(dom string) fstest.MapFS {
		return fstest.MapFS{
			"index.html": {Data: []byte(`<link rel="stylesheet" href="/app.css"><script type="module" src="/js/main.js"></script>`)},
			"sw.js":      {Data: []byte(`const CACHE = 'shell'; const SHELL = ['/', '/js/main.js', '/js/dom.js'];`)},
			"app.css":    {Data: []byte(`:root{}`)},
			"js/main.js": {Data: []byte(`import './dom.js';`)},
			"js/dom.js":  {Data: []byte(dom)},
		}
	}
	shell := func(dom string) (string, string) {
		h, err := handler(app(dom))
		if err != nil {
			t.Fatal(err)
		}
		_, index := get(t, h, "/")
		_, sw := get(t, h, "/sw.js")
		return index, sw
	}
	index1, sw1 := shell("export const a = 1;")
	index2, sw2 := shell("export const a = 2;")
	again, _ := shell("export const a = 1;")
	if index1 == index2 || sw1 == sw2 {
		t.Fatalf("one changed module left the shell as it was:\n%s\n%s", index1, sw1)
	}
	if index1 != again {
		t.Errorf("the same files named two builds:\n%s\n%s", index1, again)
	}
	if strings.Count(index2, "/v/") != 2 || strings.Count(sw2, "/v/") != 2 || !strings.Contains(sw2, "const CACHE = 'shell-") {
		t.Errorf("the shell does not name every file by its build:\n%s\n%s", index2, sw2)
	}

	bad := app("")
	bad["sw.js"] = &fstest.MapFile{Data: []byte(`const SHELL = ['/js/main.js'];`)}
	if _, err := handler(bad); err == nil {
		t.Error("a service worker without a cache name to version was accepted")
	}
}
