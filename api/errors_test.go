package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// Every client error is RFC 9457 problem+json with the five members.
func TestEveryClientErrorIsProblemJSON(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		old := w.Log(w.admin, w.task, "2026-03-02", 10)
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task})
		for range 10 {
			w.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": bob.Email, "password": "wrong password"})
		}
		cases := []struct {
			name         string
			status       int
			method, path string
			token        string
			body         any
		}{
			{"malformed JSON", 400, "POST", "/api/v1/entries", w.admin.Token, `{`},
			{"unknown field", 400, "POST", "/api/v1/teams", w.admin.Token, map[string]any{"name": "x", "colour": "red"}},
			{"no token", 401, "GET", "/api/v1/entries", "", nil},
			{"bad token", 401, "GET", "/api/v1/me", "nonsense", nil},
			{"bad login", 401, "POST", "/api/v1/auth/login", "", map[string]string{"email": "x@example.com", "password": "y"}},
			{"member on admin route", 403, "POST", "/api/v1/projects", bob.Token, map[string]any{"name": "x"}},
			{"unknown API path", 404, "GET", "/api/v1/nope", "", nil},
			{"unknown API path with token", 404, "DELETE", "/api/v1/entries/a/b", w.admin.Token, nil},
			{"unknown API version", 404, "GET", "/api/v2/me", w.admin.Token, nil},
			{"someone else's entry", 404, "GET", "/api/v1/entries/" + old, bob.Token, nil},
			{"conflict", 409, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task}},
			{"too large", 413, "POST", "/api/v1/entries", w.admin.Token, strings.Repeat(" ", 70000)},
			{"invalid", 422, "POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 0}},
			{"locked", 423, "POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": "2025-01-01", "minutes": 5}},
			{"throttled", 429, "POST", "/api/v1/auth/login", "", map[string]string{"email": bob.Email, "password": "wrong password"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := w.Do(c.method, c.path, c.token, c.body)
				p := wantProblem(t, r, c.status)
				if p.Title != http.StatusText(c.status) {
					t.Errorf("title %q, want %q", p.Title, http.StatusText(c.status))
				}
				if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
					t.Errorf("X-Content-Type-Options = %q on a %d", got, c.status)
				}
			})
		}
	})
}

func TestOperationalEndpoints(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		if r := env.Must(http.StatusOK, "GET", "/healthz", "", nil); !strings.Contains(string(r.Body), "ok") {
			t.Errorf("/healthz = %s", r.Body)
		}
		if r := env.Must(http.StatusOK, "GET", "/readyz", "", nil); !strings.Contains(string(r.Body), "ready") {
			t.Errorf("/readyz = %s", r.Body)
		}
		env.Do("GET", "/api/v1/me", "", nil) // a 401 to count
		env.Register("Ana")
		r := env.Must(http.StatusOK, "GET", "/metrics", "", nil)
		body := string(r.Body)
		for _, want := range []string{
			`timestreak_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
			`timestreak_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1`,
			`timestreak_http_requests_total{method="POST",route="/api/v1/auth/register",status="201"} 1`,
			`timestreak_http_request_duration_seconds_bucket{method="GET",route="/readyz"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		// Unknown paths share one label instead of one series each.
		env.Do("GET", "/api/v1/no/such/thing", "", nil)
		env.Do("GET", "/api/v1/nor/this", "", nil)
		body = string(env.Must(http.StatusOK, "GET", "/metrics", "", nil).Body)
		if strings.Contains(body, "no/such") || !strings.Contains(body, `route="/api/*",status="404"} 2`) {
			t.Errorf("unknown paths in /metrics:\n%s", grepLines(body, "requests_total"))
		}

		// Readiness follows the database.
		sqlDB, err := env.DB.W.DB()
		if err != nil {
			t.Fatal(err)
		}
		sqlDB.Close()
		if r := env.Do("GET", "/readyz", "", nil); r.Status != http.StatusServiceUnavailable {
			t.Errorf("/readyz with the database closed: %d %s", r.Status, r.Body)
		}
		env.Must(http.StatusOK, "GET", "/healthz", "", nil)
	})
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestSecurityHeaders(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		for _, c := range []struct {
			method, path, token string
			body                any
		}{
			{"GET", "/healthz", "", nil},
			{"GET", "/api/v1/me", w.admin.Token, nil},
			{"POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 5}},
			{"GET", "/api/v1/entries/export.csv", w.admin.Token, nil},
			{"GET", "/api/v1/me", "", nil},
			{"GET", "/api/v1/nope", "", nil},
			{"POST", "/api/v1/entries", w.admin.Token, strings.Repeat(" ", 70000)},
			{"GET", "/api/v1/timer", w.admin.Token, nil}, // 204
		} {
			r := w.Do(c.method, c.path, c.token, c.body)
			csp := r.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("%s %s (%d): Content-Security-Policy = %q", c.method, c.path, r.Status, csp)
			}
			if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s %s (%d): X-Content-Type-Options = %q", c.method, c.path, r.Status, got)
			}
			if got := r.Header.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("%s %s (%d): Referrer-Policy = %q", c.method, c.path, r.Status, got)
			}
		}
	})
}

// Forwarded headers do not change who the throttle sees.
func TestLoginThrottleIgnoresForwardedFor(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		for i := range 10 {
			env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": "wrong password"},
				"X-Forwarded-For", "10.0.0."+string(rune('0'+i)), "X-Real-IP", "10.0.1."+string(rune('0'+i)))
		}
		r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": ana.Password}, "X-Forwarded-For", "10.9.9.9")
		wantProblem(t, r, http.StatusTooManyRequests)
	})
}

func TestAdminClock(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Ana")
		var got struct {
			Now time.Time `json:"now"`
		}
		r := env.Must(http.StatusOK, "PUT", "/api/v1/admin/clock", admin.Token, map[string]string{"now": "2026-03-02T13:00:00+01:00"})
		r.JSON(t, &got)
		if !got.Now.Equal(apitest.Monday) || !strings.HasSuffix(string(r.Body), "Z\"}\n") {
			t.Errorf("setting the clock to now: %s", r.Body)
		}
		env.Must(http.StatusOK, "PUT", "/api/v1/admin/clock", admin.Token, map[string]string{"now": "2026-03-02T12:10:00Z"}).JSON(t, &got)
		if want := apitest.Monday.Add(10 * time.Minute); !got.Now.Equal(want) || !env.Clock.Now().Equal(want) {
			t.Errorf("clock = %s (answered %s), want %s", env.Clock.Now(), got.Now, want)
		}
		// The server uses it: GET /me's today follows.
		env.Must(http.StatusOK, "PUT", "/api/v1/admin/clock", admin.Token, map[string]string{"now": "2026-03-02T23:59:59Z"})
		env.Relogin(admin)
		env.Must(http.StatusOK, "PUT", "/api/v1/admin/clock", admin.Token, map[string]string{"now": "2026-03-03T00:00:00Z"})
		var me meBody
		env.Must(http.StatusOK, "GET", "/api/v1/me", admin.Token, nil).JSON(t, &me)
		if me.Stats.Today.Date != "2026-03-03" {
			t.Errorf("today after moving the clock = %s", me.Stats.Today.Date)
		}

		for _, body := range []any{
			map[string]string{"now": "2026-03-02T23:59:59Z"}, // backwards
			map[string]string{"now": "yesterday"},
			map[string]string{"now": "2026-03-04"},
			map[string]any{"now": 1772668800},
			map[string]any{},
		} {
			wantProblem(t, env.Do("PUT", "/api/v1/admin/clock", admin.Token, body), http.StatusUnprocessableEntity, "now")
		}
		if !env.Clock.Now().Equal(at("2026-03-03T00:00:00Z")) {
			t.Errorf("refused requests moved the clock to %s", env.Clock.Now())
		}
		wantProblem(t, env.Do("PUT", "/api/v1/admin/clock", admin.Token, map[string]string{"now": "2026-03-04T00:00:00Z", "by": "x"}), http.StatusBadRequest)
	})
}

// Without the test clock, PUT /admin/clock does not exist.
func TestAdminClockOffInProduction(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		db := dbtest.Open(t, dialect)
		clock := clockwork.NewFakeClockAt(apitest.Monday)
		tr := tracking.New(db, clock, tracking.Config{Accounts: auth.Config{BcryptCost: bcrypt.MinCost}})
		eng := game.New(db, tr, clock, 2*time.Hour, nil)
		t.Cleanup(eng.Close)
		srv := api.New(tr, eng, noJobs{}, db, clock, api.Config{
			Secret: []byte(testSecret), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		hs := httptest.NewServer(srv.Handler())
		t.Cleanup(hs.Close)
		env := &apitest.Env{T: t, DB: db, Clock: clock, Tracking: tr, Engine: eng, Server: srv, HTTP: hs, Client: hs.Client()}
		admin := env.Register("Ana")
		wantProblem(t, env.Do("PUT", "/api/v1/admin/clock", admin.Token, map[string]string{"now": "2026-03-04T00:00:00Z"}), http.StatusNotFound)
		if !clock.Now().Equal(apitest.Monday) {
			t.Errorf("the clock moved to %s", clock.Now())
		}
	})
}

// noJobs is a server without jobs, for a test that wires api.New itself.
type noJobs struct{}

func (noJobs) List() []api.JobStatus             { return nil }
func (noJobs) Run(context.Context, string) error { return store.ErrNotFound }

func TestAdminJobs(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		admin := env.Register("Ana")
		var jobs []struct {
			Name string `json:"name"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/admin/jobs", admin.Token, nil).JSON(t, &jobs)
		var names []string
		for _, j := range jobs {
			names = append(names, j.Name)
		}
		if strings.Join(names, ",") != "closeout,weekly,reminders,cleanup,clickup-sync,clickup-push,slack-reminders,slack-weekly" {
			t.Errorf("jobs = %v", names)
		}
		for _, n := range names {
			env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/"+n+"/run", admin.Token, nil)
		}
		wantProblem(t, env.Do("POST", "/api/v1/admin/jobs/nope/run", admin.Token, nil), http.StatusNotFound)
		env.Must(http.StatusOK, "POST", "/api/v1/admin/recompute", admin.Token, nil)
	})
}

func TestNotifications(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		if r := env.Must(http.StatusOK, "GET", "/api/v1/me/notifications", ana.Token, nil); strings.TrimSpace(string(r.Body)) != "[]" {
			t.Errorf("notifications = %s, want []", r.Body)
		}
		env.Must(http.StatusNoContent, "POST", "/api/v1/me/notifications/read", ana.Token, map[string]any{"ids": []string{"unknown"}})
		env.Must(http.StatusNoContent, "POST", "/api/v1/me/notifications/read", ana.Token, map[string]any{"ids": []string{}})
		ids := make([]string, 1001)
		for i := range ids {
			ids[i] = "x"
		}
		wantProblem(t, env.Do("POST", "/api/v1/me/notifications/read", ana.Token, map[string]any{"ids": ids}), http.StatusUnprocessableEntity, "ids")
		wantProblem(t, env.Do("POST", "/api/v1/me/notifications/read", ana.Token, map[string]any{"ids": "x"}), http.StatusUnprocessableEntity, "ids")
		wantProblem(t, env.Do("GET", "/api/v1/me/points?from=nope", ana.Token, nil), http.StatusUnprocessableEntity, "from")
		if r := env.Must(http.StatusOK, "GET", "/api/v1/me/points", ana.Token, nil); strings.TrimSpace(string(r.Body)) != "[]" {
			t.Errorf("points = %s, want []", r.Body)
		}
	})
}

// "Times are RFC 3339 in UTC" (PRODUCT.md §1), whatever the server's own
// time zone.
func TestTimesAreUTC(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	saved := time.Local
	t.Cleanup(func() { time.Local = saved }) // runs after the servers below have stopped
	time.Local = tokyo
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		id := w.Log(w.admin, w.task, "2026-03-02", 10)
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task})
		for _, path := range []string{"/api/v1/entries/" + id, "/api/v1/entries", "/api/v1/timer", "/api/v1/projects", "/api/v1/users", "/api/v1/teams/" + w.team("T")} {
			body := string(w.Must(http.StatusOK, "GET", path, w.admin.Token, nil).Body)
			if strings.Contains(body, "+09:00") || !strings.Contains(body, "T12:00:00Z") {
				t.Errorf("GET %s shows times not in UTC: %s", path, body)
			}
		}
	})
}
