package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// textWorld is a server with objects of every kind that takes text.
type textWorld struct {
	*world
	bob                        *apitest.User
	project, task, entry, team string
	today                      string
}

func newTextWorld(t *testing.T, dialect string) *textWorld {
	w := &textWorld{world: newWorld(t, dialect, apitest.Options{SignupOpen: true})}
	w.today = w.Clock.Now().UTC().Format("2006-01-02")
	w.bob = w.CreateUser(w.admin, "Bob", "UTC")
	w.project = w.world.project("Website")
	w.task = w.taskIn(w.project, "Landing")
	w.entry = w.Log(w.bob, w.task, w.today, 30)
	w.team = w.world.team("Alpha")
	return w
}

// textCase sends body, with {V} replaced by a bad piece of text, and wants
// 422 naming field.
type textCase struct {
	method, path, body, field string
	admin                     bool // as the admin, else as Bob
	anonymous                 bool
}

func (w *textWorld) textCases() []textCase {
	return []textCase{
		{method: "POST", path: "/api/v1/auth/register", body: `{"email":"new{V}@example.com","password":"correct horse","name":"New"}`, field: "email", anonymous: true},
		{method: "POST", path: "/api/v1/auth/register", body: `{"email":"new@example.com","password":"correct horse","name":"N{V}"}`, field: "name", anonymous: true},
		{method: "POST", path: "/api/v1/auth/login", body: `{"email":"bob{V}@example.com","password":"correct horse"}`, field: "email", anonymous: true},
		{method: "POST", path: "/api/v1/auth/refresh", body: `{"refresh_token":"rt_{V}"}`, field: "refresh_token", anonymous: true},
		{method: "PATCH", path: "/api/v1/me", body: `{"name":"B{V}"}`, field: "name"},
		{method: "PATCH", path: "/api/v1/me", body: `{"timezone":"UTC{V}"}`, field: "timezone"},
		{method: "PATCH", path: "/api/v1/me", body: `{"reminder_time":"09:{V}"}`, field: "reminder_time"},
		{method: "POST", path: "/api/v1/me/tokens", body: `{"name":"script{V}"}`, field: "name"},
		{method: "POST", path: "/api/v1/me/notifications/read", body: `{"ids":["x{V}"]}`, field: "ids"},
		{method: "POST", path: "/api/v1/users", body: `{"email":"u{V}@example.com","name":"U","password":"correct horse"}`, field: "email", admin: true},
		{method: "POST", path: "/api/v1/users", body: `{"email":"u@example.com","name":"U{V}","password":"correct horse"}`, field: "name", admin: true},
		{method: "POST", path: "/api/v1/invites", body: `{"email":"i{V}@example.com"}`, field: "email", admin: true},
		{method: "POST", path: "/api/v1/teams", body: `{"name":"T{V}"}`, field: "name", admin: true},
		{method: "PATCH", path: "/api/v1/teams/" + w.team, body: `{"name":"T{V}"}`, field: "name", admin: true},
		{method: "PUT", path: "/api/v1/teams/" + w.team + "/members/" + w.bob.ID, body: `{"role":"lead{V}"}`, field: "role", admin: true},
		{method: "POST", path: "/api/v1/projects", body: `{"name":"P{V}"}`, field: "name", admin: true},
		{method: "PATCH", path: "/api/v1/projects/" + w.project, body: `{"name":"P{V}"}`, field: "name", admin: true},
		{method: "POST", path: "/api/v1/projects/" + w.project + "/tasks", body: `{"name":"T{V}"}`, field: "name"},
		{method: "POST", path: "/api/v1/projects/" + w.project + "/tasks", body: `{"name":"T","external_ref":"CU-{V}"}`, field: "external_ref"},
		{method: "PATCH", path: "/api/v1/tasks/" + w.task, body: `{"name":"T{V}"}`, field: "name", admin: true},
		{method: "POST", path: "/api/v1/entries", body: `{"task_id":"` + w.task + `","date":"` + w.today + `","minutes":5,"note":"n{V}"}`, field: "note"},
		{method: "PATCH", path: "/api/v1/entries/" + w.entry, body: `{"note":"n{V}"}`, field: "note"},
		{method: "POST", path: "/api/v1/timer", body: `{"task_id":"` + w.task + `","note":"n{V}"}`, field: "note"},
		{method: "POST", path: "/api/v1/integrations/clickup", body: `{"token":"pk_{V}","list_ids":["901"]}`, field: "token", admin: true},
	}
}

func (w *textWorld) token(c textCase) string {
	switch {
	case c.anonymous:
		return ""
	case c.admin:
		return w.admin.Token
	}
	return w.bob.Token
}

// PRODUCT.md §7 "Text": a NUL byte (JSON \u0000) or invalid UTF-8 in any
// text a request carries (names, emails, notes, tokens, references, query
// and path values, Idempotency-Key) is a 4xx that names it and changes
// nothing, before login too; never a 500 (PostgreSQL stores neither).
func TestTextNULAndInvalidUTF8(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newTextWorld(t, dialect)
		for _, c := range w.textCases() {
			for _, bad := range []struct {
				name string
				raw  string
			}{{"NUL", `\u0000`}, {"invalid UTF-8", "\xff\xfe"}, {"lone surrogate half", "\xed\xa0\x80"}} {
				body := strings.ReplaceAll(c.body, "{V}", bad.raw)
				r := w.Do(c.method, c.path, w.token(c), []byte(body))
				if r.Status != http.StatusUnprocessableEntity {
					t.Errorf("%s %s with %s in %s: %d %s", c.method, c.path, bad.name, c.field, r.Status, r.Body)
					continue
				}
				wantProblem(t, r, http.StatusUnprocessableEntity, c.field)
			}
		}

		for _, q := range []struct{ path, field string }{
			{"/api/v1/tasks?q=%00", "q"},
			{"/api/v1/tasks?q=ab%FFcd", "q"},
			{"/api/v1/entries?user_id=%00", "user_id"},
			{"/api/v1/entries?task_id=%C3", "task_id"},
			{"/api/v1/entries?cursor=%00", "cursor"},
			{"/api/v1/reports/summary?team_id=%FF", "team_id"},
			{"/api/v1/teams/" + w.team + "/leaderboard?period=%00", "period"},
			{"/api/v1/projects/" + w.project + "/tasks?cursor=%FF", "cursor"},
		} {
			wantProblem(t, w.Do("GET", q.path, w.bob.Token, nil), http.StatusUnprocessableEntity, q.field)
		}
		for _, p := range []struct{ method, path string }{
			{"GET", "/api/v1/entries/%00"},
			{"DELETE", "/api/v1/entries/%FF"},
			{"PATCH", "/api/v1/tasks/%00"},
			{"GET", "/api/v1/teams/%FF"},
			{"GET", "/api/v1/projects/%00/tasks"},
			{"DELETE", "/api/v1/me/tokens/%FF"},
		} {
			wantProblem(t, w.Do(p.method, p.path, w.bob.Token, map[string]any{"name": "x"}), http.StatusNotFound)
		}
		// Idempotency-Key: a header cannot carry NUL (net/http refuses it),
		// but can carry bytes that are not UTF-8.
		entry := map[string]any{"task_id": w.task, "date": w.today, "minutes": 5}
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.bob.Token, entry, "Idempotency-Key", "key-\xff\xfe"), http.StatusUnprocessableEntity, "Idempotency-Key")
		// 200 characters are fine, however many bytes; 201 are not.
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.bob.Token, entry, "Idempotency-Key", strings.Repeat("é", 200))
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.bob.Token, entry, "Idempotency-Key", strings.Repeat("é", 201)), http.StatusUnprocessableEntity, "Idempotency-Key")

		// Nothing changed: Bob's name, his one entry of 30 minutes plus the
		// keyed 5, the project's and task's names.
		if name := w.Must(http.StatusOK, "GET", "/api/v1/me", w.bob.Token, nil).Map(t)["name"]; name != "Bob" {
			t.Errorf("Bob's name is now %q", name)
		}
		total := 0
		for _, e := range listEntries(w.Env, w.bob, "").Items {
			total += e.Minutes
			if e.Note != "" {
				t.Errorf("entry note %q", e.Note)
			}
		}
		if total != 35 {
			t.Errorf("Bob's minutes %d, want 35", total)
		}
		var projects []projectView
		w.Must(http.StatusOK, "GET", "/api/v1/projects", w.admin.Token, nil).JSON(t, &projects)
		if len(projects) != 2 { // the world's and Website
			t.Errorf("projects %+v", projects)
		}
		var tasks taskPage
		w.Must(http.StatusOK, "GET", "/api/v1/projects/"+w.project+"/tasks", w.admin.Token, nil).JSON(t, &tasks)
		if len(tasks.Items) != 1 || tasks.Items[0].Name != "Landing" {
			t.Errorf("tasks %+v", tasks.Items)
		}
	})
}

// Names (of users, teams, projects, tasks) and emails refuse characters
// that hide or reorder text, so two names that look alike are alike; notes
// keep any valid text. Lengths count characters, not bytes.
func TestNameCharacters(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newTextWorld(t, dialect)
		names := []textCase{
			{method: "POST", path: "/api/v1/auth/register", body: `{"email":"new@example.com","password":"correct horse","name":"Bo{V}b"}`, field: "name", anonymous: true},
			{method: "POST", path: "/api/v1/auth/register", body: `{"email":"n{V}ew@example.com","password":"correct horse","name":"New"}`, field: "email", anonymous: true},
			{method: "PATCH", path: "/api/v1/me", body: `{"name":"Ad{V}a Admin"}`, field: "name"},
			{method: "POST", path: "/api/v1/users", body: `{"email":"u@example.com","name":"U{V}u","password":"correct horse"}`, field: "name", admin: true},
			{method: "POST", path: "/api/v1/users", body: `{"email":"u{V}@example.com","name":"U","password":"correct horse"}`, field: "email", admin: true},
			{method: "POST", path: "/api/v1/invites", body: `{"email":"i{V}@example.com"}`, field: "email", admin: true},
			{method: "POST", path: "/api/v1/teams", body: `{"name":"Al{V}pha"}`, field: "name", admin: true},
			{method: "PATCH", path: "/api/v1/teams/" + w.team, body: `{"name":"Al{V}pha"}`, field: "name", admin: true},
			{method: "POST", path: "/api/v1/projects", body: `{"name":"P{V}p"}`, field: "name", admin: true},
			{method: "PATCH", path: "/api/v1/projects/" + w.project, body: `{"name":"P{V}p"}`, field: "name", admin: true},
			{method: "POST", path: "/api/v1/projects/" + w.project + "/tasks", body: `{"name":"T{V}t"}`, field: "name"},
			{method: "PATCH", path: "/api/v1/tasks/" + w.task, body: `{"name":"T{V}t"}`, field: "name", admin: true},
		}
		for _, c := range names {
			// As the JSON text carries them: characters, or escapes for
			// the control characters JSON cannot hold raw.
			for _, bad := range []string{"\u202e", "\u2066", "\u200f", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", `\u0007`, `\n`} {
				body := strings.ReplaceAll(c.body, "{V}", bad)
				r := w.Do(c.method, c.path, w.token(c), []byte(body))
				if r.Status != http.StatusUnprocessableEntity {
					t.Errorf("%s %s with %+q in %s: %d %s", c.method, c.path, bad, c.field, r.Status, r.Body)
					continue
				}
				wantProblem(t, r, http.StatusUnprocessableEntity, c.field)
			}
		}
		// A note keeps any valid text, direction marks included.
		note := "שלום \u202eolleh\u202c — 👩\u200d💻 done"
		var e entry
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.bob.Token,
			map[string]any{"task_id": w.task, "date": w.today, "minutes": 5, "note": note}).JSON(t, &e)
		if e.Note != note {
			t.Errorf("note %q, want %q", e.Note, note)
		}
		// Characters, not bytes: 200 two-byte characters are a fine name.
		for _, c := range []struct {
			path  string
			n     int
			want  int
			admin bool
		}{
			{"/api/v1/projects", 200, http.StatusCreated, true},
			{"/api/v1/projects", 201, http.StatusUnprocessableEntity, true},
			{"/api/v1/teams", 200, http.StatusCreated, true},
			{"/api/v1/projects/" + w.project + "/tasks", 300, http.StatusCreated, false},
			{"/api/v1/projects/" + w.project + "/tasks", 301, http.StatusUnprocessableEntity, false},
		} {
			tok := w.bob.Token
			if c.admin {
				tok = w.admin.Token
			}
			r := w.Do("POST", c.path, tok, map[string]any{"name": strings.Repeat("é", c.n)})
			if r.Status != c.want {
				t.Errorf("POST %s with a name of %d characters: %d, want %d: %s", c.path, c.n, r.Status, c.want, r.Body)
			}
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/me", w.bob.Token, map[string]any{"name": strings.Repeat("ж", 200)})
		wantProblem(t, w.Do("PATCH", "/api/v1/me", w.bob.Token, map[string]any{"name": strings.Repeat("ж", 201)}), http.StatusUnprocessableEntity, "name")
	})
}
