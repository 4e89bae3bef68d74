package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// both sends two requests at once and returns their answers in order.
func both(env *apitest.Env, a, b func() *apitest.Response) (*apitest.Response, *apitest.Response) {
	var ra, rb *apitest.Response
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); ra = a() }()
	go func() { defer wg.Done(); rb = b() }()
	wg.Wait()
	return ra, rb
}

// TestConcurrentEntryEdits: two edits of one entry sent at once never undo
// each other. Edits of different fields both stay; edits of the same field
// made against the same version (If-Match) give one 200 and one 409, and
// the entry holds the winner's value.
func TestConcurrentEntryEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		today := env.Clock.Now().UTC().Format("2006-01-02")
		id := env.Log(ana, task, today, 30)
		path := "/api/v1/entries/" + id
		type entry struct {
			Minutes int    `json:"minutes"`
			Note    string `json:"note"`
		}
		get := func() (entry, string) {
			var e entry
			r := env.Must(http.StatusOK, "GET", path, ana.Token, nil)
			r.JSON(t, &e)
			return e, r.Header.Get("ETag")
		}
		for i := 1; i <= 5; i++ {
			m, note := 30+i, fmt.Sprintf("round %d", i)
			ra, rb := both(env,
				func() *apitest.Response { return env.Do("PATCH", path, ana.Token, map[string]any{"minutes": m}) },
				func() *apitest.Response { return env.Do("PATCH", path, ana.Token, map[string]any{"note": note}) })
			if ra.Status != http.StatusOK || rb.Status != http.StatusOK {
				t.Fatalf("round %d: %d %s / %d %s", i, ra.Status, ra.Body, rb.Status, rb.Body)
			}
			if got, _ := get(); got.Minutes != m || got.Note != note {
				t.Fatalf("round %d: entry is %+v, want both edits (%d minutes, note %q)", i, got, m, note)
			}
		}
		for i := 1; i <= 3; i++ {
			_, tag := get()
			if tag == "" {
				t.Fatal("GET /entries/{id} gives no ETag")
			}
			patch := func(m int) func() *apitest.Response {
				return func() *apitest.Response {
					return env.Do("PATCH", path, ana.Token, map[string]any{"minutes": m}, "If-Match", tag)
				}
			}
			ra, rb := both(env, patch(100+i), patch(200+i))
			want := 0
			switch {
			case ra.Status == http.StatusOK && rb.Status == http.StatusConflict:
				want = 100 + i
			case ra.Status == http.StatusConflict && rb.Status == http.StatusOK:
				want = 200 + i
			default:
				t.Fatalf("same field, same version: %d %s / %d %s; want one 200 and one 409", ra.Status, ra.Body, rb.Status, rb.Body)
			}
			if got, now := get(); got.Minutes != want || now == tag {
				t.Fatalf("entry has %d minutes (ETag %s, was %s), want the winner's %d", got.Minutes, now, tag, want)
			}
		}
		// The ETag of an edit's answer is the one GET gives; a stale one is
		// refused and changes nothing; "*" and no If-Match edit whatever.
		r := env.Must(http.StatusOK, "PATCH", path, ana.Token, map[string]any{"note": "fresh"})
		before, tag := get()
		if r.Header.Get("ETag") != tag {
			t.Errorf("PATCH ETag %q, GET ETag %q", r.Header.Get("ETag"), tag)
		}
		env.Must(http.StatusConflict, "PATCH", path, ana.Token, map[string]any{"note": "stale"}, "If-Match", `"0123"`)
		if after, _ := get(); after != before {
			t.Errorf("a refused edit changed the entry: %+v -> %+v", before, after)
		}
		env.Must(http.StatusOK, "PATCH", path, ana.Token, map[string]any{"note": "any"}, "If-Match", "*")
		_, tag = get()
		env.Must(http.StatusOK, "PATCH", path, ana.Token, map[string]any{"note": "weak"}, "If-Match", `"x", W/`+tag)
	})
}

// TestConcurrentProfileEdits: two changes of one profile sent at once,
// while the signed-in user is cached, both stay when they touch different
// settings; against a stale version (If-Match) a change is 409 and changes
// nothing.
func TestConcurrentProfileEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		type profile struct {
			Name         string  `json:"name"`
			Target       int     `json:"daily_target_minutes"`
			ReminderTime *string `json:"reminder_time"`
		}
		get := func() (profile, string) {
			var p profile
			r := env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil)
			r.JSON(t, &p)
			return p, r.Header.Get("ETag")
		}
		for i := 1; i <= 5; i++ {
			get() // the user is now in the auth cache
			name, target := fmt.Sprintf("Ana %d", i), 400+i
			ra, rb := both(env,
				func() *apitest.Response {
					return env.Do("PATCH", "/api/v1/me", ana.Token, map[string]any{"name": name})
				},
				func() *apitest.Response {
					return env.Do("PATCH", "/api/v1/me", ana.Token, map[string]any{"daily_target_minutes": target})
				})
			if ra.Status != http.StatusOK || rb.Status != http.StatusOK {
				t.Fatalf("round %d: %d %s / %d %s", i, ra.Status, ra.Body, rb.Status, rb.Body)
			}
			if got, _ := get(); got.Name != name || got.Target != target {
				t.Fatalf("round %d: profile is %+v, want both changes (%q, %d)", i, got, name, target)
			}
		}
		before, tag := get()
		if tag == "" {
			t.Fatal("GET /me gives no ETag")
		}
		env.Must(http.StatusOK, "PATCH", "/api/v1/me", ana.Token, map[string]any{"reminder_time": "17:00"}, "If-Match", tag)
		env.Must(http.StatusConflict, "PATCH", "/api/v1/me", ana.Token, map[string]any{"name": "Stale"}, "If-Match", tag)
		if got, _ := get(); got.Name != before.Name || got.ReminderTime == nil || *got.ReminderTime != "17:00" {
			t.Errorf("profile %+v: the refused change is in, or the accepted one is not", got)
		}
	})
}
