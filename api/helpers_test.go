package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
)

// testSecret is the signing key apitest gives the server.
const testSecret = "test-secret-test-secret-test-secret!"

// problem is an RFC 9457 body as the API sends it.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// wantProblem fails the test unless r is a problem+json answer with the
// status, the five members of PRODUCT.md §2, and an error naming each field.
func wantProblem(t testing.TB, r *apitest.Response, status int, fields ...string) problem {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &raw); err != nil {
		t.Fatalf("problem body %q: %v", r.Body, err)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if want := []string{"detail", "errors", "status", "title", "type"}; !slices.Equal(keys, want) {
		t.Errorf("problem members = %v, want %v", keys, want)
	}
	var p problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("problem body %q: %v", r.Body, err)
	}
	if p.Status != status || p.Title == "" || p.Type == "" || p.Detail == "" || p.Errors == nil {
		t.Errorf("incomplete problem: %s", r.Body)
	}
	got := p.fields()
	for _, f := range fields {
		if !slices.Contains(got, f) {
			t.Errorf("problem names fields %v, want %q among them: %s", got, f, r.Body)
		}
	}
	return p
}

func (p problem) fields() []string {
	out := []string{}
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

// entry is a time entry as the API shows it.
type entry struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	TaskID    string    `json:"task_id"`
	ProjectID string    `json:"project_id"`
	Date      string    `json:"date"`
	Minutes   int       `json:"minutes"`
	Note      string    `json:"note"`
	Billable  bool      `json:"billable"`
	Source    string    `json:"source"`
	OnTime    bool      `json:"on_time"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type entryPage struct {
	Items      []entry `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// listEntries fetches GET /entries with a query string (without "?").
func listEntries(env *apitest.Env, u *apitest.User, query string) entryPage {
	env.T.Helper()
	var p entryPage
	env.Must(http.StatusOK, "GET", "/api/v1/entries?"+query, u.Token, nil).JSON(env.T, &p)
	return p
}

func ids(es []entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// world is a server with an admin and one task, the start of most tests.
type world struct {
	*apitest.Env
	admin *apitest.User
	task  string
}

func newWorld(t *testing.T, dialect string, o apitest.Options) *world {
	t.Helper()
	env := apitest.New(t, dialect, o)
	admin := env.Register("Ada Admin")
	return &world{Env: env, admin: admin, task: env.Task(admin, "Build")}
}

// project creates a project as admin and returns its id.
func (w *world) project(name string) string {
	w.T.Helper()
	var p struct {
		ID string `json:"id"`
	}
	w.Must(http.StatusCreated, "POST", "/api/v1/projects", w.admin.Token, map[string]string{"name": name}).JSON(w.T, &p)
	return p.ID
}

// taskIn creates a task in a project and returns its id.
func (w *world) taskIn(projectID, name string) string {
	w.T.Helper()
	var t struct {
		ID string `json:"id"`
	}
	w.Must(http.StatusCreated, "POST", "/api/v1/projects/"+projectID+"/tasks", w.admin.Token, map[string]string{"name": name}).JSON(w.T, &t)
	return t.ID
}

// team creates a team as admin and returns its id.
func (w *world) team(name string) string {
	w.T.Helper()
	var t struct {
		ID string `json:"id"`
	}
	w.Must(http.StatusCreated, "POST", "/api/v1/teams", w.admin.Token, map[string]string{"name": name}).JSON(w.T, &t)
	return t.ID
}

// join puts a user in a team with a role, as admin.
func (w *world) join(teamID string, u *apitest.User, role string) {
	w.T.Helper()
	r := w.Do("PUT", "/api/v1/teams/"+teamID+"/members/"+u.ID, w.admin.Token, map[string]string{"role": role})
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		w.T.Fatalf("join team: %d %s", r.Status, r.Body)
	}
}

// logEntry creates an entry with extra fields and returns it.
func (w *world) logEntry(u *apitest.User, body map[string]any) entry {
	w.T.Helper()
	var e entry
	w.Must(http.StatusCreated, "POST", "/api/v1/entries", u.Token, body).JSON(w.T, &e)
	return e
}

// rawResponse is an answer to a request sent off the test goroutine.
type rawResponse struct {
	Status int
	Body   []byte
	Err    error
}

// concurrently sends n copies of a request at once and returns the answers;
// it never calls t.Fatal off the test goroutine.
func concurrently(env *apitest.Env, n int, method, path, token, body string, headers ...string) []rawResponse {
	bodies := make([]string, n)
	for i := range bodies {
		bodies[i] = body
	}
	return concurrentBodies(env, method, path, token, bodies, headers...)
}

// concurrentBodies sends one request per body, all at once.
func concurrentBodies(env *apitest.Env, method, path, token string, bodies []string, headers ...string) []rawResponse {
	n := len(bodies)
	out := make([]rawResponse, n)
	var (
		wg    sync.WaitGroup
		ready sync.WaitGroup
		start = make(chan struct{})
	)
	ready.Add(n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var rd io.Reader
			if bodies[i] != "" {
				rd = strings.NewReader(bodies[i])
			}
			req, err := http.NewRequest(method, env.HTTP.URL+path, rd)
			if err != nil {
				out[i].Err = err
				ready.Done()
				return
			}
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			req.Header.Set("Content-Type", "application/json")
			for j := 0; j+1 < len(headers); j += 2 {
				req.Header.Set(headers[j], headers[j+1])
			}
			ready.Done()
			<-start
			resp, err := env.Client.Do(req)
			if err != nil {
				out[i].Err = err
				return
			}
			defer resp.Body.Close()
			out[i].Status = resp.StatusCode
			out[i].Body, out[i].Err = io.ReadAll(resp.Body)
		}()
	}
	ready.Wait()
	close(start)
	wg.Wait()
	return out
}

// statusCounts tallies the answers by status, failing on transport errors.
func statusCounts(t testing.TB, rs []rawResponse) map[int]int {
	t.Helper()
	m := map[int]int{}
	for _, r := range rs {
		if r.Err != nil {
			t.Fatalf("request failed: %v", r.Err)
		}
		m[r.Status]++
	}
	return m
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(fmt.Sprintf("bad time %q: %v", s, err))
	}
	return t
}

// slots caps how many tests hold a database at once: on PostgreSQL each
// has its own schema and pool, and the server's connections are finite.
var slots = make(chan struct{}, 8)

// parallel lets a test run alongside the others; every test has its own
// server, database and clock, so nothing is shared.
func parallel(t *testing.T) {
	t.Helper()
	t.Parallel()
	slots <- struct{}{}
	t.Cleanup(func() { <-slots })
}
