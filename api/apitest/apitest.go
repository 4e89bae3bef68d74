// Package apitest runs a complete timestreak server in-process for tests:
// the real echo instance over a real database (a SQLite file in the test's
// temp dir, or a private PostgreSQL schema), with a fake clock that tests
// move by hand.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/internal/apiclient"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/internal/testnow"
	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/slackapp"
	"github.com/timestreak/timestreak/sso"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

// Options tune the server under test.
type Options struct {
	Start      time.Time     // the fake clock's start; default testnow.Start (TIMESTREAK_TEST_NOW)
	Grace      time.Duration // default 2h
	SignupOpen bool
	LockDays   int
	Sender     game.Sender
	WriteRate  float64 // writes per second per user; 0: unlimited
	WriteBurst int
	BcryptCost int    // default bcrypt.MinCost, so that tests sign in fast
	ClickUpAPI string // the ClickUp API base URL (a clickuptest fake); default an unreachable one
	SlackAPI   string // the Slack Web API base URL (a slackfake fake); default an unreachable one
	// SlackAnswerWithin is how long a slash command works before it
	// answers "working on it" (slackapp.Config.AnswerWithin); default 2s.
	SlackAnswerWithin time.Duration
	BoardTTL          time.Duration // api.Config.BoardTTL; default 1s
	// HashSlots, HashWait and OnHash are auth.Config's: how many
	// password hashes run at once, how long one waits for a turn, and a
	// hook called before each (to count or hold them).
	HashSlots int
	HashWait  time.Duration
	OnHash    func()
	// OIDC, when set, signs people in with this identity provider (an
	// sso/ssotest one); PasswordLoginOff turns password sign-in off.
	OIDC             *sso.Config
	PasswordLoginOff bool
	// PushClient sends Web Push messages (a pushtest service's Client);
	// default a plain client.
	PushClient *http.Client
}

// Env is a running server and its parts.
type Env struct {
	T        testing.TB
	DB       *database.DB
	Clock    *clockwork.FakeClock
	Tracking *tracking.Service
	Engine   *game.Engine
	Server   *api.Server
	ClickUp  *clickup.Service
	Push     *clickup.Pusher // unpaced
	WebPush  *push.Service   // keys made in the test's temp dir
	Slack    *slackapp.App   // signed by SlackSigningSecret, with SlackBotToken
	HTTP     *httptest.Server
	Client   *http.Client
}

// The Slack app's credentials in every test server.
const (
	SlackSigningSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	SlackBotToken      = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
)

// MaxHeaderBytes is the request header limit (request line included) that
// cmd/timestreak/main.go gives its http.Server.
const MaxHeaderBytes = 64 << 10

// Monday is a Monday noon UTC: the start of the scenario tests that are
// written against a fixed calendar (their dates are in their text). Tests
// that do not pin a start run at testnow.Start.
var Monday = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// New starts a server on a fresh database of the given dialect.
func New(t testing.TB, dialect string, o Options) *Env {
	t.Helper()
	db := dbtest.Open(t, dialect)
	return NewOn(t, db, o)
}

// NewOn starts a server on an existing, migrated database.
func NewOn(t testing.TB, db *database.DB, o Options) *Env {
	t.Helper()
	if o.Start.IsZero() {
		o.Start = testnow.Start(t)
	}
	if o.Grace == 0 {
		o.Grace = 2 * time.Hour
	}
	if o.BcryptCost == 0 {
		o.BcryptCost = bcrypt.MinCost
	}
	if o.ClickUpAPI == "" {
		o.ClickUpAPI = "http://127.0.0.1:1/api/v2"
	}
	if o.SlackAPI == "" {
		o.SlackAPI = "http://127.0.0.1:1/api/"
	}
	if o.PushClient == nil {
		o.PushClient = &http.Client{Timeout: 10 * time.Second}
	}
	keyDir := t.TempDir()
	a, err := app.New(context.Background(), app.Config{DB: db, LogLevel: "error", TestClock: true, TestStart: o.Start,
		Tracking: tracking.Config{LockDays: o.LockDays, Organisation: org.Config{SignupOpen: o.SignupOpen},
			Accounts: auth.Config{BcryptCost: o.BcryptCost, HashSlots: o.HashSlots, HashWait: o.HashWait, OnHash: o.OnHash}},
		Grace: o.Grace, Sender: o.Sender,
		Secret:     func() ([]byte, error) { return []byte("test-secret-test-secret-test-secret!"), nil },
		PushKeys:   func() (push.Keys, error) { return push.LoadKeys(keyDir) },
		PushClient: o.PushClient, ClickUpAPI: o.ClickUpAPI, ClickUpPace: rate.NewLimiter(rate.Inf, 1), SSO: o.OIDC,
		Slack: &slackapp.Config{SigningSecret: SlackSigningSecret, BotToken: SlackBotToken, APIURL: o.SlackAPI, AnswerWithin: o.SlackAnswerWithin},
		API: api.Config{WriteRate: o.WriteRate, WriteBurst: o.WriteBurst, BoardTTL: o.BoardTTL,
			// Password sign-in stays on unless the test turns it off.
			PasswordLoginOff: o.PasswordLoginOff},
	}, io.Discard)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	t.Cleanup(a.Close) // the Slack app's answers and the entry writer, before the database closes
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a.Start(ctx)
	hs := httptest.NewUnstartedServer(a.Server.Handler())
	// The header limit of cmd/timestreak/main.go's http.Server, so that tests
	// see what production answers to oversized headers and URLs.
	hs.Config.MaxHeaderBytes = MaxHeaderBytes
	hs.Start()
	t.Cleanup(hs.Close)
	// Every answer a test receives is checked against the API's OpenAPI document.
	client := checked(t, hs.Client(), hs.Listener.Addr().String())
	return &Env{T: t, DB: db, Clock: a.Fake, Tracking: a.Tracking, Engine: a.Engine, Server: a.Server, ClickUp: a.ClickUp, Push: a.Pusher,
		WebPush: a.WebPush, Slack: a.Slack, HTTP: hs, Client: client}
}

// Response is an HTTP answer, read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it does not parse.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Do sends a request; body may be nil, a string or []byte (sent as is), or
// anything else (sent as JSON). headers are name, value pairs.
func (e *Env) Do(method, path, token string, body any, headers ...string) *Response {
	e.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			e.T.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := apiclient.NewRequest(method, e.HTTP.URL+path, token, rd, headers...)
	if err != nil {
		e.T.Fatalf("request: %v", err)
	}
	resp, err := e.Client.Do(req)
	if err != nil {
		e.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.T.Fatalf("read body: %v", err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// Must sends a request and fails the test unless it answers want.
func (e *Env) Must(want int, method, path, token string, body any, headers ...string) *Response {
	e.T.Helper()
	r := e.Do(method, path, token, body, headers...)
	if r.Status != want {
		e.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// User is a signed-up test user.
type User struct {
	ID, Email, Password, Token, Refresh string
}

// Register signs a user up (the first becomes admin); opts may set
// "timezone" and "invite_code".
func (e *Env) Register(name string, opts ...string) *User {
	e.T.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"
	body := map[string]any{"email": email, "password": "correct horse", "name": name}
	for i := 0; i+1 < len(opts); i += 2 {
		body[opts[i]] = opts[i+1]
	}
	r := e.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "", body)
	return e.signedIn(r, email, "correct horse")
}

// signedIn is the user a sign-in's answer r (register, login) signs in.
func (e *Env) signedIn(r *Response, email, password string) *User {
	var s struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	r.JSON(e.T, &s)
	return &User{ID: s.User.ID, Email: email, Password: password, Token: s.AccessToken, Refresh: s.RefreshToken}
}

// CreateUser has admin create a member with a time zone, and signs them in.
func (e *Env) CreateUser(admin *User, name, timezone string) *User {
	e.T.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"
	e.Must(http.StatusCreated, "POST", "/api/v1/users", admin.Token,
		map[string]any{"email": email, "name": name, "password": "correct horse", "role": "member", "timezone": timezone})
	return e.Login(email, "correct horse")
}

// Login signs in and returns the user with fresh tokens.
func (e *Env) Login(email, password string) *User {
	e.T.Helper()
	r := e.Must(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password})
	return e.signedIn(r, email, password)
}

// Relogin refreshes a user's access token (after the clock moved past 15 minutes).
func (e *Env) Relogin(u *User) {
	e.T.Helper()
	fresh := e.Login(u.Email, u.Password)
	u.Token, u.Refresh = fresh.Token, fresh.Refresh
}

// Task creates a project and a task in it (as admin) and returns the task id.
func (e *Env) Task(admin *User, name string) string {
	e.T.Helper()
	var p, t struct {
		ID string `json:"id"`
	}
	e.Must(http.StatusCreated, "POST", "/api/v1/projects", admin.Token, map[string]string{"name": name + " project"}).JSON(e.T, &p)
	e.Must(http.StatusCreated, "POST", "/api/v1/projects/"+p.ID+"/tasks", admin.Token, map[string]string{"name": name}).JSON(e.T, &t)
	return t.ID
}

// Log creates an entry and returns its id.
func (e *Env) Log(u *User, taskID, date string, minutes int) string {
	e.T.Helper()
	var en struct {
		ID string `json:"id"`
	}
	e.Must(http.StatusCreated, "POST", "/api/v1/entries", u.Token,
		map[string]any{"task_id": taskID, "date": date, "minutes": minutes}).JSON(e.T, &en)
	return en.ID
}

// Set moves the fake clock forward to t.
func (e *Env) Set(t time.Time) {
	e.T.Helper()
	d := t.Sub(e.Clock.Now())
	if d < 0 {
		e.T.Fatalf("clock cannot move back from %s to %s", e.Clock.Now(), t)
	}
	e.Clock.Advance(d)
}

// CloseOut runs the close-out job now.
func (e *Env) CloseOut() {
	e.T.Helper()
	if err := e.Engine.CloseOut(context.Background()); err != nil {
		e.T.Fatalf("close-out: %v", err)
	}
}

// Points returns a user's ledger as "date rule points" lines, in order.
func (e *Env) Points(u *User) []string {
	e.T.Helper()
	var rows []struct {
		Date   string `json:"date"`
		Rule   string `json:"rule"`
		Points int    `json:"points"`
	}
	e.Must(http.StatusOK, "GET", "/api/v1/me/points", u.Token, nil).JSON(e.T, &rows)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s %s %d", r.Date, r.Rule, r.Points)
	}
	return out
}
