// Package clickuptest is a fake ClickUp API v2 for tests. It follows
// ClickUp's published API reference (developer.clickup.com, the "ClickUp
// API v2 Reference" OpenAPI document): the documented request shapes, with
// the fields the reference marks required checked and a request missing
// them refused as {"err", "ECODE"}; the documented response shapes (ids and
// dates as strings, no "archived" on a task that is not archived); list
// pages of 100 that hold only the tasks whose home list is the list unless
// include_timl=true, and no subtasks unless subtasks=true; workspace
// members with their emails; tasks the token cannot reach (401 "Team not
// authorized"); webhooks created with a secret that is shown only then.
// It can also refuse tokens, rate-limit, fail and answer slowly on demand.
//
// The ECODE values of refusals the reference does not list are the fake's
// own; clients must not depend on them.
package clickuptest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is one request the fake received.
type Request struct {
	Method, Path, RawQuery, Authorization string
	Body                                  string
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
	inFolder  map[string]bool   // lists in the one folder (spaces.go)
	listOrder []string
	tasks     []*Task
	members   []Member
	owner     int64         // the token owner's member id
	limited   int           // the next this many requests answer 429
	resetIn   time.Duration // X-RateLimit-Reset is now + resetIn
	delay     time.Duration // every answer waits this long
	requests  []Request

	entries    []*heldEntry
	nextEntry  int64
	failing    int // the next this many requests answer failStatus
	failStatus int

	webhooks       []*Webhook
	nextWebhook    int
	webhookRefusal string // Create Webhook answers 400 with it
}

// Owner is the member whose personal token the fake accepts.
var Owner = Member{ID: 183, Username: "John Doe", Email: "john@example.com"}

// New starts a fake that accepts token, with one workspace whose only
// member is Owner, the token's owner.
func New(t testing.TB, token string) *Server {
	f := &Server{Token: token, TeamID: "9011223344", TeamName: "Acme", PageSize: 100, lists: map[string]string{},
		members: []Member{Owner}, owner: Owner.ID}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// URL is the base URL to give the client (like https://api.clickup.com/api/v2).
func (f *Server) URL() string { return f.Server.URL + "/api/v2" }

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

// Fail makes the next n requests answer status (e.g. 500).
func (f *Server) Fail(n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failing, f.failStatus = n, status
}

// SetToken makes the fake accept only token from now on: the one it
// accepted before is refused (401 "Token invalid"), as ClickUp refuses a
// revoked token.
func (f *Server) SetToken(token string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Token = token
}

// RefuseWebhooks makes Create Webhook answer 400 with reason ("" to stop).
func (f *Server) RefuseWebhooks(reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.webhookRefusal = reason
}

// Requests lists what the fake received, in order.
func (f *Server) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	f.mu.Lock()
	f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Authorization: r.Header.Get("Authorization"), Body: string(body)})
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
	token := f.Token
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
		refuse(w, http.StatusTooManyRequests, "Rate limit reached", "APP_002")
		return
	}
	if failing {
		refuse(w, failStatus, http.StatusText(failStatus), "APP_500")
		return
	}
	w.Header().Set("X-RateLimit-Remaining", "99")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10))
	if r.Header.Get("Authorization") != token {
		refuse(w, http.StatusUnauthorized, "Token invalid", "OAUTH_025")
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/api/v2/")
	if !ok {
		refuse(w, http.StatusNotFound, "Route not found", "APP_001")
		return
	}
	parts := strings.Split(path, "/")
	get, post, put, del := r.Method == http.MethodGet, r.Method == http.MethodPost, r.Method == http.MethodPut, r.Method == http.MethodDelete
	switch {
	case get && path == "team":
		f.team(w)
	case get && len(parts) == 3 && parts[0] == "team" && parts[2] == "space":
		f.spaces(w, parts[1])
	case get && len(parts) == 3 && parts[0] == "space" && (parts[2] == "folder" || parts[2] == "list"):
		f.spaceLists(w, parts[1], parts[2] == "folder")
	case get && len(parts) == 2 && parts[0] == "list":
		f.list(w, parts[1])
	case get && len(parts) == 3 && parts[0] == "list" && parts[2] == "task":
		f.listTasks(w, r, parts[1])
	case get && len(parts) == 2 && parts[0] == "task":
		f.task(w, parts[1])
	case post && len(parts) == 3 && parts[0] == "team" && parts[2] == "time_entries":
		f.createTimeEntry(w, r, parts[1], body)
	case put && len(parts) == 4 && parts[0] == "team" && parts[2] == "time_entries":
		f.updateTimeEntry(w, r, parts[1], parts[3], body)
	case del && len(parts) == 4 && parts[0] == "team" && parts[2] == "time_entries":
		f.deleteTimeEntry(w, parts[1], parts[3])
	case post && len(parts) == 3 && parts[0] == "team" && parts[2] == "webhook":
		f.createWebhook(w, r, parts[1], body)
	case del && len(parts) == 2 && parts[0] == "webhook":
		f.deleteWebhook(w, parts[1])
	default:
		refuse(w, http.StatusNotFound, "Route not found", "APP_001")
	}
}

// refuse answers ClickUp's error shape.
func refuse(w http.ResponseWriter, status int, reason, code string) {
	writeJSON(w, status, map[string]string{"err": reason, "ECODE": code})
}

// jsonBody decodes a request body into v, refusing what ClickUp refuses:
// no JSON content type, or a body that is not the documented object.
func jsonBody(w http.ResponseWriter, r *http.Request, body []byte, v any) bool {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || json.Unmarshal(body, v) != nil {
		refuse(w, http.StatusBadRequest, "Invalid body", "INPUT_005")
		return false
	}
	return true
}

// teamOK refuses a workspace id other than the fake's, as ClickUp does.
func (f *Server) teamOK(w http.ResponseWriter, teamID string) bool {
	if teamID != f.TeamID {
		refuse(w, http.StatusUnauthorized, "Team not authorized", "OAUTH_027")
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
