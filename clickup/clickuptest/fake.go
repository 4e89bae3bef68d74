// Package clickuptest is a fake ClickUp API v2 for tests: it answers the
// documented request shapes with the documented response shapes (ids and
// dates as strings), pages list tasks, holds time entries, and can refuse
// tokens, rate-limit, fail and answer slowly on demand.
package clickuptest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Task is a task the fake holds.
type Task struct {
	ID          string
	ListID      string
	Name        string
	Status      string // e.g. "to do", "complete"
	StatusType  string // "open", "custom", "done" or "closed"
	DateUpdated int64  // Unix ms
	Archived    bool
	Deleted     bool
}

// Request is one request the fake received.
type Request struct {
	Method, Path, RawQuery, Authorization string
}

// Server is the fake.
type Server struct {
	*httptest.Server
	Token    string
	TeamID   string
	TeamName string
	PageSize int // tasks per page; ClickUp's is 100

	mu        sync.Mutex
	lists     map[string]string // id → name
	tasks     []*Task
	limited   int           // the next this many requests answer 429
	resetIn   time.Duration // X-RateLimit-Reset is now + resetIn
	delay     time.Duration // every answer waits this long
	requests  []Request
	listOrder []string

	entries    []*heldEntry
	nextEntry  int64
	failing    int // the next this many requests answer failStatus
	failStatus int
}

// New starts a fake that accepts token, with one workspace.
func New(t testing.TB, token string) *Server {
	f := &Server{Token: token, TeamID: "9011223344", TeamName: "Acme", PageSize: 100, lists: map[string]string{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// URL is the base URL to give the client (like https://api.clickup.com/api/v2).
func (f *Server) URL() string { return f.Server.URL + "/api/v2" }

// AddList adds a list.
func (f *Server) AddList(id, name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists[id] = name
	f.listOrder = append(f.listOrder, id)
}

// Put adds or replaces a task (by id).
func (f *Server) Put(t Task) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t.StatusType == "" {
		t.StatusType = "open"
	}
	if t.Status == "" {
		t.Status = "to do"
	}
	for i, old := range f.tasks {
		if old.ID == t.ID {
			f.tasks[i] = &t
			return
		}
	}
	f.tasks = append(f.tasks, &t)
}

// Get returns a copy of a task.
func (f *Server) Get(id string) Task {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range f.tasks {
		if t.ID == id {
			return *t
		}
	}
	return Task{}
}

// RateLimit makes the next n requests answer 429 with X-RateLimit-Reset
// resetIn from now.
func (f *Server) RateLimit(n int, resetIn time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limited, f.resetIn = n, resetIn
}

// Delay makes every answer wait d.
func (f *Server) Delay(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

// Requests lists what the fake received, in order.
func (f *Server) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Authorization: r.Header.Get("Authorization")})
	delay := f.delay
	limited := f.limited > 0
	if limited {
		f.limited--
	}
	resetIn := f.resetIn
	failing := !limited && f.failing > 0
	if failing {
		f.failing--
	}
	failStatus := f.failStatus
	f.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("X-RateLimit-Limit", "100")
	if limited {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(resetIn).Unix(), 10))
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"err": "Rate limit reached", "ECODE": "APP_002"})
		return
	}
	if failing {
		writeJSON(w, failStatus, map[string]string{"err": http.StatusText(failStatus), "ECODE": "APP_500"})
		return
	}
	w.Header().Set("X-RateLimit-Remaining", "99")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10))
	if r.Header.Get("Authorization") != f.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"err": "Token invalid", "ECODE": "OAUTH_025"})
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/api/v2/")
	parts := strings.Split(path, "/")
	switch {
	case ok && r.Method == http.MethodGet && path == "team":
		writeJSON(w, http.StatusOK, map[string]any{"teams": []any{map[string]any{
			"id": f.TeamID, "name": f.TeamName, "color": "#7b68ee", "avatar": nil, "members": []any{}}}})
	case ok && r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "list":
		f.list(w, parts[1])
	case ok && r.Method == http.MethodGet && len(parts) == 3 && parts[0] == "list" && parts[2] == "task":
		f.listTasks(w, r, parts[1])
	case ok && r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "task":
		f.task(w, parts[1])
	case ok && r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "team" && parts[2] == "time_entries":
		f.timeEntries(w, r, parts[1], "")
	case ok && (r.Method == http.MethodPut || r.Method == http.MethodDelete) && len(parts) == 4 && parts[0] == "team" && parts[2] == "time_entries":
		f.timeEntries(w, r, parts[1], parts[3])
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"err": "Route not found", "ECODE": "APP_001"})
	}
}

func (f *Server) list(w http.ResponseWriter, id string) {
	f.mu.Lock()
	name, ok := f.lists[id]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"err": "List not found", "ECODE": "ITEM_013"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "name": name, "orderindex": 0, "content": "",
		"task_count": nil, "archived": false, "override_statuses": false})
}

func (f *Server) listTasks(w http.ResponseWriter, r *http.Request, listID string) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	includeClosed := q.Get("include_closed") == "true"
	archived := q.Get("archived") == "true"
	var since int64
	if v := q.Get("date_updated_gt"); v != "" {
		since, _ = strconv.ParseInt(v, 10, 64)
	}
	f.mu.Lock()
	_, known := f.lists[listID]
	var match []Task
	for _, t := range f.tasks {
		if t.ListID != listID || t.Deleted || t.Archived != archived ||
			(!includeClosed && t.StatusType == "closed") || (since > 0 && t.DateUpdated <= since) {
			continue
		}
		match = append(match, *t)
	}
	size := f.PageSize
	f.mu.Unlock()
	if !known {
		writeJSON(w, http.StatusNotFound, map[string]string{"err": "List not found", "ECODE": "ITEM_013"})
		return
	}
	lo, hi := min(page*size, len(match)), min((page+1)*size, len(match))
	out := []any{}
	for _, t := range match[lo:hi] {
		out = append(out, f.taskJSON(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tasks": out, "last_page": hi >= len(match)})
}

func (f *Server) task(w http.ResponseWriter, id string) {
	t := f.Get(id)
	if t.ID == "" || t.Deleted {
		writeJSON(w, http.StatusNotFound, map[string]string{"err": "Task not found, deleted", "ECODE": "ITEM_013"})
		return
	}
	writeJSON(w, http.StatusOK, f.taskJSON(t))
}

// taskJSON is a task as ClickUp shapes it: ids and dates are strings.
func (f *Server) taskJSON(t Task) map[string]any {
	f.mu.Lock()
	listName := f.lists[t.ListID]
	f.mu.Unlock()
	updated := strconv.FormatInt(t.DateUpdated, 10)
	var closed any
	if t.StatusType == "closed" {
		closed = updated
	}
	return map[string]any{
		"id": t.ID, "custom_id": nil, "name": t.Name, "text_content": "", "description": "",
		"status":     map[string]any{"status": t.Status, "color": "#d3d3d3", "orderindex": 0, "type": t.StatusType},
		"orderindex": "1.00000000000000000000000000000000", "date_created": "1567780450202",
		"date_updated": updated, "date_closed": closed, "archived": t.Archived,
		"creator":       map[string]any{"id": 183, "username": "John Doe"},
		"list":          map[string]any{"id": t.ListID, "name": listName, "access": true},
		"folder":        map[string]any{"id": "456", "name": "Folder", "hidden": false, "access": true},
		"space":         map[string]any{"id": "789"},
		"url":           "https://app.clickup.com/t/" + t.ID,
		"time_estimate": nil, "time_spent": "0",
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
