package frontend_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/timestreak/timestreak/internal/testnow"
)

// BenchmarkFirstRender measures, against the real server binary on
// loopback, how soon a cold navigation paints (first contentful paint,
// "fcp-ms") and shows the screen's main content ("ready-ms"), both from the
// start of the navigation, as the median over b.N navigations:
//
//	go test ./frontend/ -run XXX -bench FirstRender -benchtime 10x
//
// Each navigation runs in a new tab of a new browser context (its own empty
// HTTP cache, storage and service workers) with the cache disabled too.
// "ready" is the first animation frame after the content is in the DOM and
// visible: the sign-in form for a fresh visitor, and for a signed-in user
// the Today screen with its logged entries listed. It skips without Chromium.
func BenchmarkFirstRender(b *testing.B) {
	exe := benchChromePath(b)
	srv := benchServer(b)
	session := benchUserWithEntries(b, srv.URL, 3)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(b.TempDir()),
		chromedp.WindowSize(1280, 900),
	)...)
	b.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	b.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		b.Fatalf("start the browser: %v", err)
	}

	screens := []struct {
		name, session, ready string
	}{
		{"signin", "", `document.querySelector('form input[name=email]')?.checkVisibility()`},
		{"today", session, `document.querySelector('#today-h')?.checkVisibility() && document.querySelector('#next-step')?.textContent &&
			document.querySelectorAll('#today-entries li.entry').length >= 3`},
	}
	for _, sc := range screens {
		b.Run(sc.name, func(b *testing.B) {
			var fcp, ready []float64
			for range b.N {
				m := firstRender(b, browserCtx, srv.URL+"/", sc.session, sc.ready)
				fcp, ready = append(fcp, m[0]), append(ready, m[1])
			}
			b.ReportMetric(median(fcp), "fcp-ms")
			b.ReportMetric(median(ready), "ready-ms")
		})
	}
}

// firstRender opens url in a new tab of a new browser context and returns the
// first contentful paint and the ready time, in ms from the navigation start.
// A non-empty session is put in localStorage before the app's scripts run.
func firstRender(b *testing.B, browserCtx context.Context, url, session, ready string) [2]float64 {
	b.Helper()
	tab, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	probe := shiftedDate(testnow.Must()) + `(() => {
		const session = ` + jsString(session) + `;
		if (session) localStorage.setItem('timestreak.session', session);
		const m = window.__firstRender = {fcp: null, ready: null};
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') m.fcp = e.startTime;
		}).observe({type: 'paint', buffered: true});
		let seen = false;
		const check = () => {
			if (seen || !document.body || !(` + ready + `)) return;
			seen = true;
			mo.disconnect();
			requestAnimationFrame(() => { m.ready = performance.now(); });
		};
		const mo = new MutationObserver(check);
		mo.observe(document, {childList: true, subtree: true, characterData: true, attributes: true});
	})()`
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe})
		return err
	}), chromedp.Navigate(url))
	if err != nil {
		b.Fatalf("open %s: %v", url, err)
	}
	// The marks are taken in the page; polling only collects them.
	m, err := chromedp.Run(ctx, chromedp.Poll[[]float64](
		`__firstRender.fcp !== null && __firstRender.ready !== null && [__firstRender.fcp, __firstRender.ready]`,
		chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil || len(m) != 2 {
		text, _ := chromedp.Run(tab, chromedp.Evaluate[string](`location.href + ' ' + document.body.innerText.slice(0, 500)`))
		b.Fatalf("waiting for the first render of %s: %v %v\npage: %s", url, err, m, text)
	}
	return [2]float64{m[0], m[1]}
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ---- tiny testing.TB versions of harness helpers that take a *testing.T

// benchChromePath is chromePath for a benchmark: it always skips without a browser.
func benchChromePath(b *testing.B) string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	b.Skip("no Chromium found; install it (apt-get install chromium) or set CHROME_PATH")
	return ""
}

// benchServer is startServer for a benchmark: the binary built by TestMain
// on a free port with its own data directory, stopped with SIGTERM.
func benchServer(b *testing.B) *server {
	b.Helper()
	if serverBin == "" {
		b.Fatal(buildErr)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &server{URL: "http://" + addr, out: &lockedBuffer{}}
	s.cmd = exec.Command(serverBin)
	s.cmd.Env = append(os.Environ(), "TIMESTREAK_ADDR="+addr, "TIMESTREAK_DATA_DIR="+b.TempDir(), "TIMESTREAK_SIGNUP=open",
		// The suite's instant, as every test server: no benchmark reads the real calendar.
		"TIMESTREAK_TEST_CLOCK=true", "TIMESTREAK_TEST_CLOCK_START="+testnow.Must().Format(time.RFC3339))
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		_ = s.cmd.Wait()
	})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(s.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			b.Fatalf("the server was not ready within 30 s\n%s", tail(s.out.String(), 40))
		}
	}
}

// benchUserWithEntries registers the first user (an admin) through the API,
// logs n entries for today, and returns the session as the app stores it.
func benchUserWithEntries(b *testing.B, base string, n int) string {
	b.Helper()
	api := func(method, path, token string, body any, want int, out any) {
		b.Helper()
		data, _ := json.Marshal(body)
		req, err := http.NewRequest(method, base+"/api/v1"+path, bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != want {
			b.Fatalf("%s %s: status %d, want %d", method, path, res.StatusCode, want)
		}
		if out != nil {
			if err := json.NewDecoder(res.Body).Decode(out); err != nil {
				b.Fatalf("%s %s: %v", method, path, err)
			}
		}
	}
	var auth struct {
		authResponse
		ExpiresIn int `json:"expires_in"`
	}
	api("POST", "/auth/register", "", map[string]any{"email": "bench@example.com", "password": password, "name": "Bench User", "timezone": "UTC"}, 201, &auth)
	tok := auth.AccessToken
	api("PATCH", "/me", tok, map[string]any{"workdays": allDays}, 200, nil)
	var p, task struct {
		ID string `json:"id"`
	}
	api("POST", "/projects", tok, map[string]any{"name": "Website", "color": "#0ea5e9"}, 201, &p)
	api("POST", "/projects/"+p.ID+"/tasks", tok, map[string]any{"name": "Design review"}, 201, &task)
	for i := range n {
		api("POST", "/entries", tok, map[string]any{"task_id": task.ID, "date": utcToday(), "minutes": 30 + 15*i, "note": fmt.Sprintf("entry %d", i+1)}, 201, nil)
	}
	// The shape of saveSession in static/js/api.js. All navigations share
	// this pair; it stays fresh for expires_in, so the app never refreshes
	// (a refresh would rotate the pair under the other navigations).
	s, _ := json.Marshal(map[string]any{
		"access":    auth.AccessToken,
		"refresh":   auth.RefreshToken,
		"expiresAt": testnow.Must().Add(time.Duration(auth.ExpiresIn) * time.Second).UnixMilli(),
		"userId":    auth.User.ID,
	})
	return string(s)
}
