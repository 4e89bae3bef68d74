package frontend_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/timestreak/timestreak/frontend"
)

// TestADeployReachesAnInstalledApp: after a deploy that changes one module,
// a browser that had the app (service worker and all) loads the new build
// on its next visit, its worker keeps only the new build's files, and the
// new build then starts offline.
func TestADeployReachesAnInstalledApp(t *testing.T) {
	t.Parallel()
	build := func(change func(fstest.MapFS)) http.Handler {
		files := fstest.MapFS{}
		err := fs.WalkDir(os.DirFS("static"), ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			body, err := os.ReadFile("static/" + name)
			files[name] = &fstest.MapFile{Data: body}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		change(files)
		h, err := frontend.HandlerFor(files)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	first := build(func(fstest.MapFS) {})
	next := build(func(f fstest.MapFS) {
		f["js/dates.js"].Data = append(f["js/dates.js"].Data, "\n// the next build\n"...)
	})
	var serving atomic.Pointer[http.Handler]
	serving.Store(&first)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*serving.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	const module = `document.querySelector('script[type=module]').src`
	const cached = `caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.keys())))).then((rs) => rs.flat().map((r) => r.url))`
	b := newBrowser(t, srv.URL)
	b.open("/signin")
	b.waitFor("the service worker", `navigator.serviceWorker.controller`)
	b.waitAsync("the first build in the cache", `caches.match(new URL('dates.js', `+module+`).href)`)
	old := eval[string](b, module)

	serving.Store(&next)
	b.open("/signin")
	b.waitFor("the next build's page", module+` !== '`+old+`'`)
	now := eval[string](b, module)
	newBuild := now[:strings.LastIndex(now, "/js/")]
	b.waitAsync("the first build's files dropped", cached+`.then((urls) => urls.length > 0 && urls.every((u) => !u.startsWith('`+old[:strings.LastIndex(old, "/js/")]+`')))`)
	b.waitAsync("the next build's files cached", `caches.match('`+newBuild+`/js/dates.js').then((r) => r && r.text()).then((s) => s && s.includes('the next build'))`)

	b.offline(true)
	b.open("/signin")
	b.waitFor("the next build, offline", module+` === '`+now+`' && document.querySelector('input[type=email]')`)
}
