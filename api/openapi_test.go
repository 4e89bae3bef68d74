package api_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
)

// echoParam is an echo path parameter, ":id"; OpenAPI writes "{id}".
var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// The document served at /api/v1/openapi.json is a valid OpenAPI document
// of exactly the routes echo has registered: none missing, none extra.
func TestOpenAPIDocumentListsEveryRoute(t *testing.T) {
	env := apitest.New(t, database.SQLite, apitest.Options{})
	r := env.Must(http.StatusOK, "GET", "/api/v1/openapi.json", "", nil)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	contract, err := apitest.NewContract(r.Body) // loads and validates it
	if err != nil {
		t.Fatal(err)
	}
	if v := contract.Doc.OpenAPI; v != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", v)
	}

	registered := map[string]bool{}
	for _, rt := range env.Server.Routes() {
		// The catch-alls answer 404 for unknown API paths and serve the web app.
		if strings.HasSuffix(rt.Path, "*") {
			continue
		}
		registered[rt.Method+" "+echoParam.ReplaceAllString(rt.Path, "{$1}")] = true
	}
	documented := map[string]bool{}
	for path, item := range contract.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+path] = true
			// The docs page lists operations by their summary; every
			// operation answers something when it works.
			if op.Summary == "" {
				t.Errorf("%s %s has no summary", method, path)
			}
			ok := false
			for status := range op.Responses.Map() {
				// A 302 is how a browser navigation works (the sign-in start).
				ok = ok || strings.HasPrefix(status, "2") || status == "302"
			}
			if !ok {
				t.Errorf("%s %s documents no 2xx (or 302) answer", method, path)
			}
		}
	}
	for _, k := range sortedKeys(registered) {
		if !documented[k] {
			t.Errorf("%s is registered but not in api/openapi.yaml", k)
		}
	}
	for _, k := range sortedKeys(documented) {
		if !registered[k] {
			t.Errorf("%s is in api/openapi.yaml but not registered", k)
		}
	}
	if len(registered) < 50 {
		t.Errorf("only %d routes registered: the comparison saw too little", len(registered))
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The check the test client runs on every answer reports a field the
// document does not have, a wrong type, an undocumented status and an
// undocumented route, and passes the real answer.
func TestContractCatchesWhatTheDocumentDoesNotSay(t *testing.T) {
	contract, err := apitest.LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	json := http.Header{"Content-Type": {"application/json"}}
	timer := `{"task_id":"t1","note":"","started_at":"2026-03-02T12:00:00Z"}`
	for _, tc := range []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		wantErr            string // "" when it must pass
	}{
		{"documented answer", "GET", "/api/v1/timer", 200, json, timer, ""},
		{"undocumented field", "GET", "/api/v1/timer", 200, json,
			`{"task_id":"t1","note":"","started_at":"2026-03-02T12:00:00Z","user_id":"u1"}`, "user_id"},
		{"undocumented field in a nested object", "POST", "/api/v1/auth/login", 200, json,
			`{"access_token":"a","refresh_token":"r","expires_in":900,"user":{"id":"u1","email":"a@example.com","name":"A",` +
				`"role":"member","timezone":"UTC","workdays":["mon"],"daily_target_minutes":480,"reminder_time":null,` +
				`"active":true,"created_at":"2026-03-02T12:00:00Z","password_hash":"$2a$..."}}`, "password_hash"},
		{"wrong type", "GET", "/api/v1/timer", 200, json,
			`{"task_id":"t1","note":5,"started_at":"2026-03-02T12:00:00Z"}`, "note"},
		{"missing field", "GET", "/api/v1/timer", 200, json, `{"task_id":"t1","note":""}`, "started_at"},
		{"not a date-time", "GET", "/api/v1/timer", 200, json, `{"task_id":"t1","note":"","started_at":"noon"}`, "started_at"},
		{"undocumented status", "GET", "/api/v1/timer", 418, json, timer, "status"},
		{"undocumented content type", "GET", "/api/v1/timer", 200, http.Header{"Content-Type": {"text/html"}}, timer, "Content-Type"},
		{"body where none is documented", "GET", "/api/v1/timer", 204, nil, timer, "without a body"},
		{"undocumented route", "GET", "/api/v1/nothing-here", 200, json, `{}`, "undocumented route"},
		{"unknown route answering 404", "GET", "/api/v1/nothing-here", 404, http.Header{"Content-Type": {"application/problem+json"}},
			`{"type":"about:blank","title":"Not Found","status":404,"detail":"No such resource.","errors":[]}`, ""},
		{"problem with an extra member", "GET", "/api/v1/timer", 401, http.Header{"Content-Type": {"application/problem+json"}},
			`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"x","errors":[],"trace":"..."}`, "trace"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			err := contract.CheckResponse(req, tc.status, tc.header, []byte(tc.body))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("a documented answer fails: %v", err)
			case tc.wantErr != "" && err == nil:
				t.Errorf("passed; want an error about %q", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("error %q does not mention %q", err, tc.wantErr)
			}
		})
	}
}

// A request the server accepted is checked too: a field, parameter or
// content type the document does not have is a gap in the document.
func TestContractChecksAcceptedRequests(t *testing.T) {
	contract, err := apitest.LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, target, contentType, body, wantErr string
	}{
		{"documented", "POST", "/api/v1/timer", "application/json", `{"task_id":"t1","note":"x"}`, ""},
		{"undocumented field", "POST", "/api/v1/timer", "application/json", `{"task_id":"t1","color":"red"}`, "color"},
		{"undocumented content type", "POST", "/api/v1/timer", "text/csv", "task_id\nt1\n", "Content-Type"},
		{"parameter out of range", "GET", "/api/v1/entries?limit=0", "", "", "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			var body []byte
			if tc.body != "" {
				req.Header.Set("Content-Type", tc.contentType)
				body = []byte(tc.body)
			}
			err := contract.CheckRequest(req, body)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("a documented request fails: %v", err)
			case tc.wantErr != "" && err == nil:
				t.Errorf("passed; want an error about %q", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("error %q does not mention %q", err, tc.wantErr)
			}
		})
	}
}

// The docs page and its assets are served without auth, under the app's
// CSP (which allows no inline script or style), and the page loads only
// them.
func TestDocsPage(t *testing.T) {
	env := apitest.New(t, database.SQLite, apitest.Options{})
	page := env.Must(http.StatusOK, "GET", "/api/docs", "", nil)
	if ct := page.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want text/html", ct)
	}
	csp := page.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "style-src 'self'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	html := string(page.Body)
	for _, want := range []string{`<script type="module" src="/api/docs/docs.js">`, `<link rel="stylesheet" href="/api/docs/docs.css">`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(html, "<style") || regexp.MustCompile(`<script(?:[^>]*)>[^<]`).MatchString(html) ||
		regexp.MustCompile(`\son[a-z]+=`).MatchString(html) || strings.Contains(html, "http") {
		t.Errorf("page has inline script or style, or loads from elsewhere:\n%s", html)
	}
	for file, ct := range map[string]string{"docs.js": "text/javascript", "docs.css": "text/css"} {
		r := env.Must(http.StatusOK, "GET", "/api/docs/"+file, "", nil)
		if got := r.Header.Get("Content-Type"); !strings.HasPrefix(got, ct) {
			t.Errorf("%s: Content-Type = %q, want %s", file, got, ct)
		}
		if r.Header.Get("Content-Security-Policy") == "" || len(r.Body) < 500 {
			t.Errorf("%s: no CSP or a near-empty body (%d bytes)", file, len(r.Body))
		}
	}
	env.Must(http.StatusNotFound, "GET", "/api/docs/index.html", "", nil)
	env.Must(http.StatusNotFound, "GET", "/api/docs/openapi.yaml", "", nil)
}
