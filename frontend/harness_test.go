package frontend_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/timestreak/timestreak/internal/testnow"
)

// These browser tests run the real server binary and a real Chromium.
//
//	go test ./frontend/                          run them
//	TIMESTREAK_SCREENSHOTS=1 go test ./frontend/ also write docs/screenshots/*.png
//	CHROME_PATH=/path/to/chrome                  use another browser
//
// Without a browser they skip, or fail when CI is set.

var (
	moduleRoot string // where go.mod lives
	serverBin  string // the built server, or empty when the build failed
	buildErr   error
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		fmt.Fprintln(os.Stderr, "frontend tests: cannot find the module root:", err)
		return 1
	}
	moduleRoot = filepath.Dir(strings.TrimSpace(string(out)))
	dir, err := os.MkdirTemp("", "timestreak-frontend-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "timestreak")
	build := exec.Command("go", "build", "-o", bin, "./cmd/timestreak")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build ./cmd/timestreak: %v\n%s", err, out)
	} else {
		serverBin = bin
	}
	return m.Run()
}

// ---- the server

type server struct {
	URL string
	cmd *exec.Cmd
	out *lockedBuffer
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer runs the binary on a free port with its own data directory,
// waits for /readyz, and stops it with SIGTERM when the test ends.
func startServer(t *testing.T, env ...string) *server {
	t.Helper()
	if serverBin == "" {
		t.Fatal(buildErr)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	s := &server{URL: "http://" + addr, out: &lockedBuffer{}}
	s.cmd = exec.Command(serverBin)
	s.cmd.Env = append(os.Environ(),
		"TIMESTREAK_ADDR="+addr,
		"TIMESTREAK_DATA_DIR="+t.TempDir(),
		"TIMESTREAK_SIGNUP=open",
		// The suite's instant, never the real calendar; the browsers run
		// from the same instant (newBrowser).
		"TIMESTREAK_TEST_CLOCK=true",
		"TIMESTREAK_TEST_CLOCK_START="+testnow.Start(t).Format(time.RFC3339),
	)
	s.cmd.Env = append(s.cmd.Env, env...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	t.Cleanup(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-exited
			t.Error("the server did not stop within 10 s of SIGTERM")
		}
		if t.Failed() {
			t.Logf("server output:\n%s", tail(s.out.String(), 60))
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(s.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("the server exited: %v\n%s", err, s.out.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server was not ready within 30 s\n%s", s.out.String())
		}
	}
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}

// ---- the API, as a test client

type client struct {
	t     *testing.T
	base  string
	token string
	user  user
}

type user struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

type authResponse struct {
	User         user   `json:"user"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

const password = "correct horse battery"

// register makes an account with the test password, through the API.
func (s *server) register(t *testing.T, name, email string) *client {
	t.Helper()
	c := &client{t: t, base: s.URL + "/api/v1"}
	var res authResponse
	c.must("POST", "/auth/register", map[string]any{"email": email, "password": password, "name": name, "timezone": "UTC"}, 201, &res)
	c.token, c.user = res.AccessToken, res.User
	return c
}

func (s *server) login(t *testing.T, email, pw string) *client {
	t.Helper()
	c := &client{t: t, base: s.URL + "/api/v1"}
	var res authResponse
	c.must("POST", "/auth/login", map[string]any{"email": email, "password": pw}, 200, &res)
	c.token, c.user = res.AccessToken, res.User
	return c
}

// adminAndMember registers Ana, the first account and so the admin, who
// makes Mia, a member in UTC; it answers Mia's client.
func (s *server) adminAndMember(t *testing.T) *client {
	t.Helper()
	s.register(t, "Ana Admin", "ana@example.com").
		must("POST", "/users", map[string]any{"name": "Mia Member", "email": "mia@example.com", "password": password, "timezone": "UTC"}, 201, nil)
	return s.login(t, "mia@example.com", password)
}

// setClock moves the server's test clock forward to at, as Ana the admin
// (signed in anew: a token from before the move may have expired in it).
func (s *server) setClock(t *testing.T, at time.Time) {
	t.Helper()
	s.login(t, "ana@example.com", password).must("PUT", "/admin/clock", map[string]any{"now": at.Format(time.RFC3339)}, 200, nil)
}

// do sends a request and decodes a JSON answer into out (when not nil).
func (c *client) do(method, path string, body any, out any, hdr ...string) int {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
	if res.StatusCode >= 300 && out != nil {
		c.t.Logf("%s %s → %d %s", method, path, res.StatusCode, data)
	}
	return res.StatusCode
}

// must is do with the status the test expects.
func (c *client) must(method, path string, body any, want int, out any) {
	c.t.Helper()
	var raw json.RawMessage
	got := c.do(method, path, body, &raw)
	if got != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, got, want, raw)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
}

type entry struct {
	ID      string `json:"id"`
	TaskID  string `json:"task_id"`
	Date    string `json:"date"`
	Minutes int    `json:"minutes"`
	Note    string `json:"note"`
	OnTime  bool   `json:"on_time"`
}

func (c *client) entries(from, to string) []entry {
	c.t.Helper()
	var res struct {
		Items []entry `json:"items"`
	}
	c.must("GET", "/entries?from="+from+"&to="+to+"&limit=1000", nil, 200, &res)
	return res.Items
}

type me struct {
	ID                 string   `json:"id"`
	Timezone           string   `json:"timezone"`
	Workdays           []string `json:"workdays"`
	DailyTargetMinutes int      `json:"daily_target_minutes"`
	ReminderTime       *string  `json:"reminder_time"`
	Stats              struct {
		Points int `json:"points"`
		Level  int `json:"level"`
		Today  struct {
			Date          string `json:"date"`
			Minutes       int    `json:"minutes"`
			PendingPoints int    `json:"pending_points"`
		} `json:"today"`
	} `json:"stats"`
}

func (c *client) me() me {
	c.t.Helper()
	var m me
	c.must("GET", "/me", nil, 200, &m)
	return m
}

var allDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// everyDayIsAWorkday keeps the tests independent of the day they run on.
func (c *client) everyDayIsAWorkday() {
	c.t.Helper()
	c.must("PATCH", "/me", map[string]any{"workdays": allDays}, 200, nil)
}

// projectAndTask makes a project (admin) and a task in it.
func (c *client) projectAndTask(project, color, task string) (projectID, taskID string) {
	c.t.Helper()
	var p, tk struct {
		ID string `json:"id"`
	}
	c.must("POST", "/projects", map[string]any{"name": project, "color": color}, 201, &p)
	if task != "" {
		c.must("POST", "/projects/"+p.ID+"/tasks", map[string]any{"name": task}, 201, &tk)
	}
	return p.ID, tk.ID
}

// ---- the browser

func chromePath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found (set CHROME_PATH); CI needs the browser tests")
	}
	t.Skip("no Chromium found; install it (apt-get install chromium) or set CHROME_PATH")
	return ""
}

type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	dialogs []string
}

// newBrowser starts a headless Chromium with its own profile for one test.
// At the end of the test it fails on uncaught exceptions, CSP violations and
// JavaScript dialogs (an alert means injected script ran).
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := chromePath(t)
	profile := t.TempDir() // made before the cancels, so removed after the browser exits
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancelCtx)
	b := &browser{t: t, ctx: ctx, base: base}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start the browser: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: shiftedDate(testnow.Start(t)) + layoutShifts}); err != nil {
		t.Fatalf("set the page's clock: %v", err)
	}
	messages := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
			b.mu.Unlock()
			// confirm() in the app (delete) is expected; accept it.
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, m := range b.console {
			text := m.Text
			switch {
			case m.IsException():
				t.Errorf("uncaught exception in the page: %s", text)
			case strings.Contains(text, "Content Security Policy"):
				t.Errorf("CSP violation: %s", text)
			case m.Type == chromedp.ConsoleError && !strings.Contains(text, "ERR_INTERNET_DISCONNECTED") && !strings.Contains(text, "Failed to load resource"):
				t.Logf("console error: %s", text)
			}
		}
		for _, d := range b.dialogs {
			if !strings.HasPrefix(d, "confirm") {
				t.Errorf("unexpected JavaScript dialog: %s", d)
			}
		}
	})
	return b
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v\npage: %s", err, b.pageText())
	}
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// eval runs a JS expression and decodes its result.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JS expression until it is truthy.
func (b *browser) waitFor(what, expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		b.t.Fatalf("waiting for %s: %v\nURL %s\npage: %s", what, err, eval[string](b, "location.href"), b.pageText())
	}
}

// waitAsync is waitFor for an expression that gives a promise.
func (b *browser) waitAsync(what, expr string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Promise.resolve("+expr+").then((v) => !!v)", chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitText waits until the element's textContent contains want.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	b.waitFor(fmt.Sprintf("%q in %s", want, sel),
		fmt.Sprintf(`[...document.querySelectorAll(%s)].some(e => e.textContent.includes(%s))`, jsString(sel), jsString(want)))
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(document.querySelector(%s)?.textContent ?? '')`, jsString(sel)))
}

// click clicks the element with the mouse, after scrolling it to the middle
// of the viewport (away from the fixed tab bar and the toasts).
func (b *browser) click(sel string) {
	b.t.Helper()
	b.do(chromedp.WaitVisible(chromedp.CSS(sel)))
	eval[chromedp.Void](b, fmt.Sprintf(`document.querySelector(%s).scrollIntoView({block: 'center'})`, jsString(sel)))
	b.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible))
}

// setValue sets a field's value (clearing what was there) and fires input and change.
func (b *browser) setValue(sel, value string) {
	b.t.Helper()
	eval[chromedp.Void](b, fmt.Sprintf(`(() => { const el = document.querySelector(%s); el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`, jsString(sel), jsString(value)))
}

func (b *browser) pageText() string {
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const c = document.body.cloneNode(true);
		c.querySelectorAll('select, script').forEach((e) => e.remove());
		c.querySelectorAll('h1,h2,h3,p,li,label,button,a,div').forEach((e) => e.append(' '));
		return c.textContent.replace(/\s+/g, ' ').trim();
	})()`))
	if err != nil {
		return "(unavailable: " + err.Error() + ")"
	}
	if len(s) > 3000 {
		s = s[len(s)-3000:]
	}
	return s
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkLabels fails the test for a form control with no label or a button
// or link with no accessible name on the current screen.
func (b *browser) checkLabels(screen string) {
	b.t.Helper()
	bad := eval[[]string](b, `(() => {
		const bad = [];
		for (const el of document.querySelectorAll('input, select, textarea')) {
			if (el.type === 'hidden') continue;
			if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) bad.push(el.outerHTML.slice(0, 100));
		}
		for (const el of document.querySelectorAll('button, a[href]')) {
			if (!(el.getAttribute('aria-label') || el.textContent).trim()) bad.push(el.outerHTML.slice(0, 100));
		}
		return bad;
	})()`)
	for _, el := range bad {
		b.t.Errorf("%s: no accessible name: %s", screen, el)
	}
}

// signIn uses the sign-in screen.
func (b *browser) signIn(email, pw string) {
	b.t.Helper()
	b.open("/signin")
	b.waitFor("the sign-in form", `document.querySelector('form input[name=email]')`)
	b.typeInto(`input[name=email]`, email)
	b.typeInto(`input[name=password]`, pw)
	b.click(`button[type=submit]`)
	b.waitFor("the Today screen", `document.querySelector('#today-h') && document.querySelector('#next-step')?.textContent`)
}

// goTo follows a link of the main navigation, as a person would.
// The tab bar is drawn again once the person's console role is known; a
// click that lands on the old bar as it is replaced is lost, so the click
// is repeated until the route changes.
func (b *browser) goTo(path string) {
	b.t.Helper()
	sel := fmt.Sprintf(`#nav a[href=%q]`, path)
	there := fmt.Sprintf(`location.pathname === %q`, path)
	for range 3 {
		b.click(sel)
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+there+")", chromedp.WithPollingInterval(50*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
	}
	b.waitFor("the route "+path, there)
}

// offline cuts the page off the network (and tells navigator.onLine), or brings it back.
func (b *browser) offline(off bool) {
	b.t.Helper()
	var rules []*network.Conditions
	if off {
		rules = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	}
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off,
			MatchedNetworkConditions:    rules,
		})
		if err != nil {
			return err
		}
		_, err = chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// shoot writes whole-page screenshots at 360 and 1280 px wide into
// docs/screenshots when TIMESTREAK_SCREENSHOTS is set. The viewport is made
// as tall as the page, so fixed bars sit where a person sees them.
func (b *browser) shoot(name string) {
	b.t.Helper()
	if os.Getenv("TIMESTREAK_SCREENSHOTS") == "" {
		return
	}
	dir := filepath.Join(moduleRoot, "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	viewport := func(w, h int64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: w, Height: h, DeviceScaleFactor: 1, Mobile: w < 600,
			})
			return err
		})
	}
	for _, w := range []int64{360, 1280} {
		b.do(viewport(w, 800), chromedp.Sleep(300*time.Millisecond))
		h := max(int64(eval[float64](b, `document.documentElement.scrollHeight`)), 800)
		b.do(viewport(w, h), chromedp.Sleep(300*time.Millisecond))
		ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		cancel()
		if err != nil {
			b.t.Fatalf("screenshot %s: %v", name, err)
		}
		file := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	}), chromedp.Sleep(200*time.Millisecond))
}

// shootDark is shoot with prefers-color-scheme: dark.
func (b *browser) shootDark(name string) {
	b.t.Helper()
	if os.Getenv("TIMESTREAK_SCREENSHOTS") == "" {
		return
	}
	b.emulateScheme("dark")
	b.shoot(name)
	b.emulateScheme("")
}

// layoutShifts sums the page's layout shifts (the Cumulative Layout Shift
// of the page so far) into window.layoutShift. Shifts flagged as after
// recent input count too, as Lighthouse counts them: Chromium flags the
// first half second after a navigation, when Today's hero grew (0.125).
const layoutShifts = `
window.layoutShift = 0;
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.layoutShift += e.value;
    window.layoutShifts.push(e.value.toFixed(3) + ' ' + e.sources.map((s) => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '?').join(', '));
  }
}).observe({type: 'layout-shift', buffered: true});`

// shiftedDate is a script that makes the page's clock start at start and
// run from there, as the server's test clock stands at start: the app's
// "today" is then the suite's, whatever the real calendar says.
func shiftedDate(start time.Time) string {
	offset := start.Sub(time.Now()).Milliseconds()
	return fmt.Sprintf(`(() => {
  const Real = Date, offset = %d;
  class Shifted extends Real {
    constructor(...args) { if (args.length === 0) super(Real.now() + offset); else super(...args); }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = Shifted;
})();`, offset)
}

// utcToday is the date the server uses for a user in UTC.
func utcToday() string { return testnow.Must().UTC().Format(time.DateOnly) }

func daysAgo(n int) string { return testnow.Must().UTC().AddDate(0, 0, -n).Format(time.DateOnly) }
