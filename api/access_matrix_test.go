package api_test

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/tracking/auth"
)

// The access-control matrix (OWASP API1, API3, API5): every route of
// api/routes.go, called by every kind of caller, with the status each must
// get. TestAccessMatrix fails when a route is added without a row here.

// caller is who sends a request of the matrix.
type caller string

const (
	asAnonymous     caller = "anonymous"
	asMember        caller = "member"         // Mia, member of team Alpha; owns the objects under test
	asStranger      caller = "stranger"       // Sam, member of team Beta: no team in common with Mia
	asOtherLead     caller = "other-lead"     // Bea, lead of team Beta
	asSameLead      caller = "same-lead"      // Lea, lead of team Alpha, Mia's lead
	asAdmin         caller = "admin"          // Ada, in no team
	asDeactivated   caller = "deactivated"    // Dan, of Alpha, deactivated after his token was issued
	asPersonalToken caller = "personal-token" // Mia again, with her personal API token
	asReadToken     caller = "read-token"     // Mia again, with a read-only personal token
	asFormer        caller = "former-member"  // Fay, member of Alpha until the admin removed her
)

var callers = []caller{asAnonymous, asMember, asStranger, asOtherLead, asSameLead, asAdmin, asDeactivated, asPersonalToken, asFormer, asReadToken}

// codes is the expected status per caller.
type codes map[caller]int

// everyone: public routes, the same answer with or without a token.
func everyone(status int) codes {
	c := codes{}
	for _, who := range callers {
		c[who] = status
	}
	return c
}

// signedIn: every active user gets status; no token or a deactivated
// user's token is 401.
func signedIn(status int) codes {
	return everyone(status).but(codes{asAnonymous: 401, asDeactivated: 401})
}

// adminsOnly: the admin gets status, other users 403.
func adminsOnly(status int) codes {
	return signedIn(403).but(codes{asAdmin: status})
}

// alphaOrAdmin: Mia's team (Mia, her token, her lead) and the admin get
// status; team Beta's people and Alpha's former member get 404, as if it
// did not exist.
func alphaOrAdmin(status int) codes {
	return signedIn(status).but(codes{asStranger: 404, asOtherLead: 404, asFormer: 404})
}

// miasReaders: who may read Mia's entries of the dates she was in Alpha:
// she, her lead and the admin; the others get 404.
func miasReaders(status int) codes { return alphaOrAdmin(status) }

// faysReaders: who may read Fay's entries of the dates she was in Alpha:
// she, Alpha's lead and the admin.
func faysReaders(status int) codes {
	return signedIn(404).but(codes{asFormer: status, asSameLead: status, asAdmin: status})
}

// adminManages: team membership is the admin's (PRODUCT.md §7): 403 for
// every other user, leads included.
func adminManages(status int) codes { return adminsOnly(status) }

// miaOnly: only Mia (session or personal token) gets status, every other
// user 404: not even her lead or the admin may change her things.
func miaOnly(status int) codes {
	return signedIn(404).but(codes{asMember: status, asPersonalToken: status})
}

func (c codes) but(o codes) codes {
	out := maps.Clone(c)
	maps.Copy(out, o)
	return out
}

// vars fill the {placeholders} of a row's path and body.
type vars map[string]string

func (v vars) expand(s string) string {
	for k, x := range v {
		s = strings.ReplaceAll(s, "{"+k+"}", x)
	}
	return s
}

// accessCase is one row of the matrix: a request and the status per caller.
// fresh, when set, makes new objects before each cell so that cells do not
// depend on each other; check, when set, asserts more about a cell.
type accessCase struct {
	name   string
	method string
	path   string   // placeholders: see matrixWorld.vars
	body   any      // sent as JSON, placeholders expanded
	header []string // name, value pairs, placeholders expanded
	want   codes
	fresh  func(w *matrixWorld, who caller) vars
	check  func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response)
}

// matrixWorld: two teams, users in each role, and Mia's objects.
type matrixWorld struct {
	*world
	alpha, beta             string
	mia, sam, bea, lea, dan *apitest.User
	fay                     *apitest.User
	project, task, entry    string
	early                   string // Mia's entry dated before she joined Alpha
	fayIn, fayOut           string // Fay's entries dated in and before her time in Alpha
	pat, patID              string
	readPat                 string // Mia's read-only personal token
	timeOffDate             string
	tokens                  map[caller]string
	users                   map[caller]*apitest.User
	teamOf                  map[string]string // world user email -> team ("" for none)
	leads                   map[caller]string // the team each lead leads
	seq                     int
	ctx                     context.Context
}

func newMatrixWorld(t *testing.T, dialect string) *matrixWorld {
	t.Helper()
	w := &matrixWorld{world: newWorld(t, dialect, apitest.Options{Start: apitest.Monday}), ctx: context.Background()}
	w.alpha, w.beta = w.team("Alpha"), w.team("Beta")
	w.mia = w.CreateUser(w.admin, "Mia Member", "UTC")
	w.sam = w.CreateUser(w.admin, "Sam Stranger", "UTC")
	w.bea = w.CreateUser(w.admin, "Bea Beta Lead", "UTC")
	w.lea = w.CreateUser(w.admin, "Lea Alpha Lead", "UTC")
	w.dan = w.CreateUser(w.admin, "Dan Deactivated", "UTC")
	w.fay = w.CreateUser(w.admin, "Fay Former", "UTC")
	w.join(w.alpha, w.lea, "lead")
	w.join(w.alpha, w.mia, "member")
	w.join(w.alpha, w.dan, "member")
	w.join(w.beta, w.bea, "lead")
	w.join(w.beta, w.sam, "member")
	w.join(w.alpha, w.fay, "member")

	w.project = w.world.project("Apollo")
	var task struct{ ID string }
	w.Must(http.StatusCreated, "POST", "/api/v1/projects/"+w.project+"/tasks", w.mia.Token, map[string]string{"name": "Mia's task"}).JSON(t, &task)
	w.task = task.ID
	w.entry = w.Log(w.mia, w.task, "2026-03-02", 30)
	// Everyone joined on Monday 2026-03-02 (their local date): Sunday's
	// entries are from before, and Alpha's lead does not see them.
	w.early = w.Log(w.mia, w.task, "2026-03-01", 45)
	w.fayIn = w.Log(w.fay, w.task, "2026-03-02", 20)
	w.fayOut = w.Log(w.fay, w.task, "2026-03-01", 25)
	w.Must(http.StatusNoContent, "DELETE", "/api/v1/teams/"+w.alpha+"/members/"+w.fay.ID, w.admin.Token, nil)
	var tok struct{ ID, Token string }
	w.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", w.mia.Token, map[string]string{"name": "mia's script"}).JSON(t, &tok)
	w.pat, w.patID = tok.Token, tok.ID
	w.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", w.mia.Token, map[string]string{"name": "mia's reader", "scope": "read"}).JSON(t, &tok)
	w.readPat = tok.Token
	w.timeOffDate = "2026-03-20"
	w.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/"+w.timeOffDate, w.mia.Token, nil)
	w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.mia.Token, map[string]string{"task_id": w.task})
	// Dan's token was issued before this.
	w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+w.dan.ID, w.admin.Token, map[string]any{"active": false})

	w.tokens = map[caller]string{asAnonymous: "", asMember: w.mia.Token, asStranger: w.sam.Token, asOtherLead: w.bea.Token,
		asSameLead: w.lea.Token, asAdmin: w.admin.Token, asDeactivated: w.dan.Token, asPersonalToken: w.pat, asFormer: w.fay.Token, asReadToken: w.readPat}
	w.users = map[caller]*apitest.User{asMember: w.mia, asStranger: w.sam, asOtherLead: w.bea,
		asSameLead: w.lea, asAdmin: w.admin, asDeactivated: w.dan, asPersonalToken: w.mia, asFormer: w.fay, asReadToken: w.mia}
	w.teamOf = map[string]string{w.admin.Email: "", w.mia.Email: "alpha", w.lea.Email: "alpha", w.dan.Email: "alpha",
		w.sam.Email: "beta", w.bea.Email: "beta", w.fay.Email: ""}
	w.leads = map[caller]string{asSameLead: "alpha", asOtherLead: "beta"}
	return w
}

// vars are the placeholders every row may use: {self} is the caller's id
// (Mia's for the anonymous caller).
func (w *matrixWorld) vars(who caller) vars {
	self := w.mia.ID
	if u := w.users[who]; u != nil {
		self = u.ID
	}
	return vars{"alpha": w.alpha, "beta": w.beta, "mia": w.mia.ID, "self": self, "project": w.project,
		"task": w.task, "entry": w.entry, "today": "2026-03-02", "timeoff": w.timeOffDate,
		"early": w.early, "fay": w.fay.ID, "fayin": w.fayIn, "fayout": w.fayOut}
}

func (w *matrixWorld) next() int { w.seq++; return w.seq }

// trUser is the tracking row of a test user.
func (w *matrixWorld) trUser(u *apitest.User) *auth.User {
	w.T.Helper()
	tu, err := w.Tracking.User(w.ctx, u.ID)
	if err != nil {
		w.T.Fatalf("user %s: %v", u.ID, err)
	}
	return tu
}

// freshUser has the admin create a user in no team, and signs them in.
func (w *matrixWorld) freshUser() *apitest.User {
	w.T.Helper()
	return w.CreateUser(w.admin, fmt.Sprintf("Fresh %d", w.next()), "UTC")
}

// freshTeam has the admin create a team with the given users as members.
func (w *matrixWorld) freshTeam(members ...*apitest.User) string {
	w.T.Helper()
	id := w.team(fmt.Sprintf("Fresh team %d", w.next()))
	for _, u := range members {
		if _, err := w.Tracking.SetMember(w.ctx, w.trUser(w.admin), id, u.ID, auth.RoleMember); err != nil {
			w.T.Fatalf("join fresh team: %v", err)
		}
	}
	return id
}

// timer starts (on) or stops (off) a user's timer, whatever its state.
func (w *matrixWorld) timer(u *apitest.User, on bool) {
	w.T.Helper()
	tu := w.trUser(u)
	_, err := w.Tracking.RunningTimer(w.ctx, tu)
	switch running := err == nil; {
	case on && !running:
		_, err = w.Tracking.StartTimer(w.ctx, tu, w.task, "")
	case !on && running:
		_, err = w.Engine.StopTimer(w.ctx, tu)
	default:
		err = nil
	}
	if err != nil {
		w.T.Fatalf("timer: %v", err)
	}
}

func (w *matrixWorld) timerRuns(u *apitest.User) bool {
	_, err := w.Tracking.RunningTimer(w.ctx, w.trUser(u))
	return err == nil
}

// freshDate is a future date nobody has used yet, for time off.
func (w *matrixWorld) freshDate() string {
	return civil.AddDays("2026-04-01", w.next())
}

// entryAsAdmin reads an entry through the admin, who may read all.
func (w *matrixWorld) entryAsAdmin(id string) (entry, bool) {
	w.T.Helper()
	r := w.Do("GET", "/api/v1/entries/"+id, w.admin.Token, nil)
	var e entry
	if r.Status == http.StatusOK {
		r.JSON(w.T, &e)
	}
	return e, r.Status == http.StatusOK
}

// isMia tells whether the caller acts as Mia.
// miasTask is a new task Mia made and logged time on; the admin too when
// others is set.
func (w *matrixWorld) miasTask(others bool) string {
	var task struct{ ID string }
	w.Must(http.StatusCreated, "POST", "/api/v1/projects/"+w.project+"/tasks", w.mia.Token, map[string]string{"name": "Mia's own task"}).JSON(w.T, &task)
	w.Log(w.mia, task.ID, "2026-03-02", 5)
	if others {
		w.Log(w.admin, task.ID, "2026-03-02", 5)
	}
	return task.ID
}

func isMia(who caller) bool { return who == asMember || who == asPersonalToken }

// devicePublicKey is a browser's P-256 key, as a push subscription carries it.
var devicePublicKey = func() string {
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes())
}()

func accessCases() []accessCase {
	miasEntry := func(w *matrixWorld, _ caller) vars {
		return vars{"fresh": w.Log(w.mia, w.task, "2026-03-02", 5)}
	}
	return []accessCase{
		// Operations and the catch-all.
		{name: "liveness", method: "GET", path: "/healthz", want: everyone(200)},
		{name: "readiness", method: "GET", path: "/readyz", want: everyone(200)},
		{name: "metrics", method: "GET", path: "/metrics", want: everyone(200)},
		{name: "API document", method: "GET", path: "/api/v1/openapi.json", want: everyone(200)},
		{name: "API docs page", method: "GET", path: "/api/docs", want: everyone(200)},
		{name: "API docs script", method: "GET", path: "/api/docs/docs.js", want: everyone(200)},
		{name: "unknown API path", method: "GET", path: "/api/v1/nope", want: everyone(404)},

		// Sign-up and sessions: public, the token is ignored.
		{name: "register without invite", method: "POST", path: "/api/v1/auth/register",
			body: map[string]string{"email": "{email}", "password": "correct horse", "name": "New"}, want: everyone(403),
			fresh: func(w *matrixWorld, _ caller) vars {
				return vars{"email": fmt.Sprintf("nobody%d@example.org", w.next())}
			}},
		{name: "register with invite", method: "POST", path: "/api/v1/auth/register",
			body: map[string]string{"email": "{email}", "password": "correct horse", "name": "New", "invite_code": "{code}"}, want: everyone(201),
			fresh: func(w *matrixWorld, _ caller) vars {
				var inv struct{ Code string }
				w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token, nil).JSON(w.T, &inv)
				return vars{"email": fmt.Sprintf("invited%d@example.org", w.next()), "code": inv.Code}
			},
			check: func(t *testing.T, w *matrixWorld, _ caller, _ vars, r *apitest.Response) {
				if role := r.Map(t)["user"].(map[string]any)["role"]; role != "member" {
					t.Errorf("registered with role %v, want member", role)
				}
			}},
		{name: "login", method: "POST", path: "/api/v1/auth/login",
			body: map[string]string{"email": "{email}", "password": "correct horse"}, want: everyone(200),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"email": w.freshUser().Email} }},
		{name: "login, wrong password", method: "POST", path: "/api/v1/auth/login",
			body: map[string]string{"email": "{email}", "password": "wrong horse"}, want: everyone(401),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"email": w.freshUser().Email} }},
		{name: "refresh", method: "POST", path: "/api/v1/auth/refresh",
			body: map[string]string{"refresh_token": "{refresh}"}, want: everyone(200),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"refresh": w.freshUser().Refresh} }},
		{name: "sign-in methods", method: "GET", path: "/api/v1/auth/methods", want: everyone(200)},
		// No identity provider in this world: its routes are not there
		// (TestOIDCSignIn and TestOIDCRefusals run them with one).
		{name: "start a sign-in with the identity provider", method: "GET", path: "/api/v1/auth/oidc/start", want: everyone(404)},
		{name: "finish a sign-in with the identity provider", method: "POST", path: "/api/v1/auth/oidc/callback",
			body: map[string]string{"code": "c", "state": "s"}, want: everyone(404)},
		{name: "refresh, unknown token", method: "POST", path: "/api/v1/auth/refresh",
			body: map[string]string{"refresh_token": "rt_forged"}, want: everyone(401)},
		{name: "logout with Mia's refresh token", method: "POST", path: "/api/v1/auth/logout",
			body: map[string]string{"refresh_token": "{refresh}"}, want: signedIn(204),
			fresh: func(w *matrixWorld, _ caller) vars {
				return vars{"refresh": w.Login(w.mia.Email, w.mia.Password).Refresh}
			},
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				// Only Mia can end her own session; anyone else's logout leaves it.
				want := http.StatusOK
				if isMia(who) {
					want = http.StatusUnauthorized
				}
				if got := w.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": v["refresh"]}).Status; got != want {
					t.Errorf("Mia's refresh after logout by %s: %d, want %d", who, got, want)
				}
				// Logging out ends the access tokens the caller's user held:
				// they sign in again for the rows after this one.
				if u := w.users[who]; u != nil && who != asDeactivated {
					w.Relogin(u)
					if who != asPersonalToken && who != asReadToken {
						w.tokens[who] = u.Token
					}
					for c, cu := range w.users {
						if cu == u && c != asPersonalToken && c != asReadToken && c != asDeactivated {
							w.tokens[c] = u.Token
						}
					}
				}
			}},

		// The caller's own profile and things.
		{name: "get me", method: "GET", path: "/api/v1/me", want: signedIn(200)},
		{name: "patch me", method: "PATCH", path: "/api/v1/me", body: map[string]any{"reminder_time": nil}, want: signedIn(200)},
		{name: "patch me cannot set a role", method: "PATCH", path: "/api/v1/me", body: map[string]any{"role": "admin"}, want: signedIn(400)},
		{name: "patch me cannot name another user", method: "PATCH", path: "/api/v1/me",
			body: map[string]any{"id": "{mia}", "name": "Hijacked"}, want: signedIn(400)},
		{name: "my points", method: "GET", path: "/api/v1/me/points", want: signedIn(200)},
		{name: "my history", method: "GET", path: "/api/v1/me/history", want: signedIn(200)},
		{name: "my notifications", method: "GET", path: "/api/v1/me/notifications", want: signedIn(200)},
		{name: "read notifications", method: "POST", path: "/api/v1/me/notifications/read", body: map[string]any{"ids": []string{"x"}}, want: signedIn(204)},
		{name: "my time off", method: "GET", path: "/api/v1/me/time-off", want: signedIn(200),
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if r.Status == 200 && !isMia(who) && who != asReadToken && strings.Contains(string(r.Body), w.timeOffDate) {
					t.Errorf("%s sees Mia's time off: %s", who, r.Body)
				}
			}},
		{name: "set time off", method: "PUT", path: "/api/v1/me/time-off/{date}", want: signedIn(201),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"date": w.freshDate()} }},
		{name: "delete own time off", method: "DELETE", path: "/api/v1/me/time-off/{date}", want: signedIn(204),
			fresh: func(w *matrixWorld, who caller) vars {
				d := w.freshDate()
				if u := w.users[who]; u != nil && who != asDeactivated {
					w.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/"+d, u.Token, nil)
				}
				return vars{"date": d}
			}},
		{name: "delete Mia's time off", method: "DELETE", path: "/api/v1/me/time-off/{date}", want: miaOnly(204),
			fresh: func(w *matrixWorld, _ caller) vars {
				d := w.freshDate()
				w.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/"+d, w.mia.Token, nil)
				return vars{"date": d}
			}},
		{name: "create personal token", method: "POST", path: "/api/v1/me/tokens", body: map[string]string{"name": "script"},
			want: signedIn(201).but(codes{asPersonalToken: 403})}, // a personal token cannot make tokens
		{name: "create an admin token", method: "POST", path: "/api/v1/me/tokens", body: map[string]string{"name": "ops", "scope": "admin"},
			want: signedIn(403).but(codes{asAdmin: 201})},
		{name: "list personal tokens", method: "GET", path: "/api/v1/me/tokens", want: signedIn(200),
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if r.Status == 200 && !isMia(who) && who != asReadToken && strings.Contains(string(r.Body), w.patID) {
					t.Errorf("%s sees Mia's token: %s", who, r.Body)
				}
			}},
		{name: "push key", method: "GET", path: "/api/v1/push/key", want: everyone(200)},
		{name: "subscribe a device to push reminders", method: "POST", path: "/api/v1/me/push-subscriptions",
			body: map[string]any{"endpoint": "{endpoint}", "keys": map[string]string{"p256dh": devicePublicKey, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
			want: signedIn(201),
			fresh: func(w *matrixWorld, _ caller) vars {
				return vars{"endpoint": fmt.Sprintf("https://push.example/%d", w.next())}
			}},
		{name: "list my push devices", method: "GET", path: "/api/v1/me/push-subscriptions", want: signedIn(200),
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if strings.Contains(string(r.Body), "push.example/") {
					t.Errorf("%s sees an endpoint: %s", who, r.Body)
				}
			}},
		{name: "delete Mia's push device", method: "DELETE", path: "/api/v1/me/push-subscriptions/{sub}", want: miaOnly(204),
			fresh: func(w *matrixWorld, _ caller) vars {
				sub, _, err := w.WebPush.Subscribe(w.ctx, w.mia.ID, push.NewSubscription{Endpoint: fmt.Sprintf("https://push.example/mia/%d", w.next()),
					P256dh: devicePublicKey, Auth: "AAAAAAAAAAAAAAAAAAAAAA"})
				if err != nil {
					w.T.Fatal(err)
				}
				return vars{"sub": sub.ID}
			}},
		{name: "delete Mia's personal token", method: "DELETE", path: "/api/v1/me/tokens/{token}", want: miaOnly(204),
			fresh: func(w *matrixWorld, _ caller) vars {
				tok, _, err := w.Tracking.CreateAPIToken(w.ctx, &auth.User{ID: w.mia.ID}, auth.NewAPIToken{Name: "to delete"})
				if err != nil {
					w.T.Fatal(err)
				}
				return vars{"token": tok.ID}
			}},

		// Administration.
		{name: "create user", method: "POST", path: "/api/v1/users", want: adminsOnly(201),
			body:  map[string]string{"email": "{email}", "name": "Made", "password": "correct horse", "role": "member"},
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"email": fmt.Sprintf("made%d@example.org", w.next())} }},
		{name: "create an admin", method: "POST", path: "/api/v1/users", want: adminsOnly(201),
			body:  map[string]string{"email": "{email}", "name": "Boss", "password": "correct horse", "role": "admin"},
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"email": fmt.Sprintf("boss%d@example.org", w.next())} }},
		{name: "list users", method: "GET", path: "/api/v1/users", want: adminsOnly(200)},
		{name: "raise own role", method: "PATCH", path: "/api/v1/users/{self}", body: map[string]string{"role": "admin"}, want: adminsOnly(200),
			check: func(t *testing.T, w *matrixWorld, who caller, _ vars, _ *apitest.Response) {
				if u := w.users[who]; u != nil && who != asAdmin {
					if role := w.trUser(u).Role; role != auth.RoleMember {
						t.Errorf("%s raised their role to %s", who, role)
					}
				}
			}},
		{name: "reactivate oneself", method: "PATCH", path: "/api/v1/users/{self}", body: map[string]bool{"active": true}, want: adminsOnly(200)},
		{name: "deactivate another user", method: "PATCH", path: "/api/v1/users/{user}", body: map[string]bool{"active": false}, want: adminsOnly(200),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"user": w.freshUser().ID} }},
		{name: "issue a password reset", method: "POST", path: "/api/v1/users/{user}/password-reset", want: adminsOnly(201),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"user": w.freshUser().ID} }},
		{name: "reset a password with a code", method: "POST", path: "/api/v1/auth/password-reset",
			body: map[string]string{"code": "{code}", "password": "new horse"}, want: everyone(200),
			fresh: func(w *matrixWorld, _ caller) vars {
				var rc struct{ Code string }
				w.Must(http.StatusCreated, "POST", "/api/v1/users/"+w.freshUser().ID+"/password-reset", w.admin.Token, nil).JSON(w.T, &rc)
				return vars{"code": rc.Code}
			}},
		{name: "reset a password with an unknown code", method: "POST", path: "/api/v1/auth/password-reset",
			body: map[string]string{"code": "pwr_unknown", "password": "new horse"}, want: everyone(403)},
		{name: "create invite", method: "POST", path: "/api/v1/invites", want: adminsOnly(201)},
		{name: "list open invites", method: "GET", path: "/api/v1/invites", want: adminsOnly(200)},
		{name: "revoke an invite", method: "DELETE", path: "/api/v1/invites/{invite}", want: adminsOnly(204),
			fresh: func(w *matrixWorld, _ caller) vars {
				var inv struct{ ID string }
				w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token, nil).JSON(w.T, &inv)
				return vars{"invite": inv.ID}
			}},

		// Teams.
		{name: "create team", method: "POST", path: "/api/v1/teams", body: map[string]string{"name": "Gamma"}, want: adminsOnly(201)},
		{name: "list teams", method: "GET", path: "/api/v1/teams", want: signedIn(200),
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				body := string(r.Body)
				if who == asAdmin {
					return // admins list every team
				}
				if (strings.Contains(body, w.alpha) && !w.inTeam(who, "alpha")) || (strings.Contains(body, w.beta) && !w.inTeam(who, "beta")) {
					t.Errorf("%s lists a team they are not in: %s", who, body)
				}
			}},
		{name: "get Mia's team", method: "GET", path: "/api/v1/teams/{alpha}", want: alphaOrAdmin(200)},
		{name: "rename Mia's team", method: "PATCH", path: "/api/v1/teams/{alpha}", body: map[string]string{"name": "Alpha"}, want: adminsOnly(200)},
		{name: "list Mia's team's members", method: "GET", path: "/api/v1/teams/{alpha}/members", want: alphaOrAdmin(200),
			check: func(t *testing.T, w *matrixWorld, who caller, _ vars, r *apitest.Response) {
				// Names to every member; emails only to the lead and the admin
				// (noLeaks checks that the others see none).
				if r.Status != 200 {
					return
				}
				body := strings.ToLower(string(r.Body))
				if !strings.Contains(body, "mia member") {
					t.Errorf("%s does not see Mia's name: %s", who, r.Body)
				}
				if sees := strings.Contains(body, strings.ToLower(w.mia.Email)); sees != (who == asSameLead || who == asAdmin) {
					t.Errorf("%s sees Mia's email: %v: %s", who, sees, r.Body)
				}
				if strings.Contains(body, w.fay.ID) {
					t.Errorf("%s lists Fay, who left: %s", who, r.Body)
				}
			}},
		{name: "leaderboard of Mia's team", method: "GET", path: "/api/v1/teams/{alpha}/leaderboard", want: alphaOrAdmin(200)},
		// Team membership is the admin's (PRODUCT.md §7): a lead can neither
		// add, promote nor remove anyone.
		{name: "add a user to Mia's team", method: "PUT", path: "/api/v1/teams/{alpha}/members/{user}", body: map[string]string{"role": "member"},
			want:  adminManages(201),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"user": w.freshUser().ID} }},
		{name: "add the admin to Mia's team", method: "PUT", path: "/api/v1/teams/{alpha}/members/{user}", body: map[string]string{"role": "lead"},
			want: adminManages(201),
			fresh: func(w *matrixWorld, who caller) vars {
				if who == asAdmin {
					return vars{"user": w.freshUser().ID} // the admin's own cell adds someone new
				}
				return vars{"user": w.admin.ID}
			}},
		{name: "make oneself lead of one's team", method: "PUT", path: "/api/v1/teams/{team}/members/{self}", body: map[string]string{"role": "lead"},
			want: adminManages(200),
			fresh: func(w *matrixWorld, who caller) vars {
				if u := w.users[who]; u != nil {
					return vars{"team": w.freshTeam(u)}
				}
				return vars{"team": w.freshTeam()}
			},
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if r.Status < 300 && who != asAdmin {
					t.Errorf("%s made themselves lead", who)
				}
			}},
		{name: "promote a member of Mia's team", method: "PUT", path: "/api/v1/teams/{alpha}/members/{user}", body: map[string]string{"role": "lead"},
			want: adminManages(200),
			fresh: func(w *matrixWorld, _ caller) vars {
				u := w.freshUser()
				w.join(w.alpha, u, "member")
				return vars{"user": u.ID}
			},
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if got := w.roleIn(w.alpha, v["user"]); got != map[bool]string{true: "lead", false: "member"}[who == asAdmin] {
					t.Errorf("after the promotion by %s the role is %q", who, got)
				}
			}},
		{name: "join a team", method: "PUT", path: "/api/v1/teams/{team}/members/{self}", want: adminManages(201),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"team": w.freshTeam()} }},
		{name: "join Mia's team", method: "PUT", path: "/api/v1/teams/{alpha}/members/{self}",
			want: adminManages(201), body: map[string]string{"role": "{role}"},
			fresh: func(w *matrixWorld, who caller) vars {
				if who == asSameLead {
					return vars{"role": "lead"} // Lea stays lead
				}
				return vars{"role": "member"}
			},
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if who == asAdmin && r.Status == http.StatusCreated { // undo, or the admin would be in Alpha from now on
					w.Must(http.StatusNoContent, "DELETE", "/api/v1/teams/"+w.alpha+"/members/"+w.admin.ID, w.admin.Token, nil)
				}
			}},
		{name: "remove a member of Mia's team", method: "DELETE", path: "/api/v1/teams/{alpha}/members/{user}",
			want: adminManages(204),
			fresh: func(w *matrixWorld, _ caller) vars {
				u := w.freshUser()
				w.join(w.alpha, u, "member")
				return vars{"user": u.ID}
			},
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if got := w.roleIn(w.alpha, v["user"]); (got == "") != (who == asAdmin) {
					t.Errorf("after DELETE by %s the member's role is %q", who, got)
				}
			}},

		// Projects and tasks: the admin writes projects, everyone tasks.
		{name: "create project", method: "POST", path: "/api/v1/projects", body: map[string]string{"name": "Zeus"}, want: adminsOnly(201)},
		{name: "list projects", method: "GET", path: "/api/v1/projects", want: signedIn(200)},
		{name: "patch project", method: "PATCH", path: "/api/v1/projects/{project}", body: map[string]string{"name": "Apollo"}, want: adminsOnly(200)},
		{name: "create task", method: "POST", path: "/api/v1/projects/{project}/tasks", body: map[string]string{"name": "Another task"}, want: signedIn(201)},
		{name: "list project's tasks", method: "GET", path: "/api/v1/projects/{project}/tasks", want: signedIn(200)},
		// PRODUCT.md §7: admins and leads (of any team) edit every task; its
		// creator only while nobody else has logged time on it; nobody else.
		{name: "patch task Mia made, another logged on", method: "PATCH", path: "/api/v1/tasks/{own}", body: map[string]string{"name": "Mia's task"},
			want:  signedIn(403).but(codes{asOtherLead: 200, asSameLead: 200, asAdmin: 200}),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"own": w.miasTask(true)} }},
		{name: "patch task Mia made, only she logged on", method: "PATCH", path: "/api/v1/tasks/{own}", body: map[string]string{"name": "Mia's own task"},
			want:  signedIn(403).but(codes{asMember: 200, asPersonalToken: 200, asOtherLead: 200, asSameLead: 200, asAdmin: 200}),
			fresh: func(w *matrixWorld, _ caller) vars { return vars{"own": w.miasTask(false)} }},
		{name: "search tasks", method: "GET", path: "/api/v1/tasks?q=task", want: signedIn(200)},

		// Entries.
		{name: "log an entry", method: "POST", path: "/api/v1/entries",
			body: map[string]any{"task_id": "{task}", "date": "{today}", "minutes": 5}, want: signedIn(201),
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if u := w.users[who]; r.Status == 201 && r.Map(t)["user_id"] != u.ID {
					t.Errorf("%s logged an entry for %v", who, r.Map(t)["user_id"])
				}
			}},
		// Idempotency keys are per user: reusing Mia's key neither replays
		// her entry to others nor blocks them. Her personal token is another
		// source (api, not web), so its request differs from hers: 409.
		{name: "log an entry with Mia's idempotency key", method: "POST", path: "/api/v1/entries",
			body:   map[string]any{"task_id": "{task}", "date": "{today}", "minutes": 5},
			header: []string{"Idempotency-Key", "{key}"}, want: signedIn(201).but(codes{asPersonalToken: 409}),
			fresh: func(w *matrixWorld, _ caller) vars {
				key := fmt.Sprintf("key-%d", w.next())
				var e entry
				w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.mia.Token,
					map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 5}, "Idempotency-Key", key).JSON(w.T, &e)
				return vars{"key": key, "first": e.ID}
			},
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if r.Status != 201 {
					return
				}
				var e entry
				r.JSON(t, &e)
				if e.UserID != w.users[who].ID || (e.ID == v["first"]) != (who == asMember) {
					t.Errorf("%s reusing Mia's key got %+v; Mia's entry is %s", who, e, v["first"])
				}
			}},
		{name: "log an entry for Mia", method: "POST", path: "/api/v1/entries",
			body: map[string]any{"user_id": "{mia}", "task_id": "{task}", "date": "{today}", "minutes": 5}, want: signedIn(400)},
		{name: "list own entries", method: "GET", path: "/api/v1/entries", want: signedIn(200)},
		{name: "list Mia's entries", method: "GET", path: "/api/v1/entries?user_id={mia}", want: miasReaders(200)},
		{name: "export Mia's entries", method: "GET", path: "/api/v1/entries/export.csv?user_id={mia}", want: miasReaders(200)},
		{name: "get Mia's entry", method: "GET", path: "/api/v1/entries/{entry}", want: miasReaders(200)},
		// A lead sees a member's entries only of the dates the member was in
		// the lead's team (PRODUCT.md §7): Mia and Fay joined Alpha on
		// 2026-03-02; Fay has left it since.
		{name: "get Mia's entry from before she joined", method: "GET", path: "/api/v1/entries/{early}",
			want: miasReaders(200).but(codes{asSameLead: 404})},
		{name: "list Mia's entries from before she joined", method: "GET", path: "/api/v1/entries?user_id={mia}&from=2026-02-23&to=2026-03-01",
			want: miasReaders(200), check: wantListed("early", asSameLead)},
		{name: "export Mia's entries from before she joined", method: "GET", path: "/api/v1/entries/export.csv?user_id={mia}&from=2026-02-23&to=2026-03-01",
			want: miasReaders(200), check: wantDay("2026-03-01", asSameLead)},
		{name: "summary of Mia's entries from before she joined", method: "GET", path: "/api/v1/reports/summary?user_id={mia}&from=2026-02-23&to=2026-03-01&group_by=day",
			want: miasReaders(200), check: wantDay("2026-03-01", asSameLead)},
		{name: "summary of Mia's team from before anyone joined", method: "GET", path: "/api/v1/reports/summary?team_id={alpha}&from=2026-02-23&to=2026-03-01&group_by=day",
			want: alphaOrAdmin(200).but(codes{asMember: 403, asPersonalToken: 403}), check: wantDay("2026-03-01", asSameLead, asAdmin)},
		{name: "get a former member's entry of her time in the team", method: "GET", path: "/api/v1/entries/{fayin}", want: faysReaders(200)},
		{name: "get a former member's entry from before she joined", method: "GET", path: "/api/v1/entries/{fayout}",
			want: faysReaders(200).but(codes{asSameLead: 404})},
		{name: "list a former member's entries", method: "GET", path: "/api/v1/entries?user_id={fay}&from=2026-02-23&to=2026-03-02",
			want: faysReaders(200), check: checks(wantListed("fayout", asSameLead), wantListed("fayin"))},
		{name: "export a former member's entries", method: "GET", path: "/api/v1/entries/export.csv?user_id={fay}&from=2026-02-23&to=2026-03-02",
			want: faysReaders(200), check: checks(wantDay("2026-03-01", asSameLead), wantDay("2026-03-02"))},
		{name: "summary of a former member's entries", method: "GET", path: "/api/v1/reports/summary?user_id={fay}&from=2026-02-23&to=2026-03-02&group_by=day",
			want: faysReaders(200), check: checks(wantDay("2026-03-01", asSameLead), wantDay("2026-03-02"))},
		{name: "patch Mia's entry", method: "PATCH", path: "/api/v1/entries/{fresh}", body: map[string]string{"note": "changed"},
			want: miaOnly(200), fresh: miasEntry,
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if e, ok := w.entryAsAdmin(v["fresh"]); !ok || (e.Note == "changed") != isMia(who) {
					t.Errorf("after PATCH by %s, Mia's entry is %+v (found %v)", who, e, ok)
				}
			}},
		{name: "delete Mia's entry", method: "DELETE", path: "/api/v1/entries/{fresh}", want: miaOnly(204), fresh: miasEntry,
			check: func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
				if _, ok := w.entryAsAdmin(v["fresh"]); ok == isMia(who) {
					t.Errorf("after DELETE by %s, Mia's entry exists: %v", who, ok)
				}
			}},
		{name: "summary of own entries", method: "GET", path: "/api/v1/reports/summary", want: signedIn(200)},
		{name: "report of own time", method: "GET", path: "/api/v1/reports", want: signedIn(200)},
		{name: "report of Mia's time", method: "GET", path: "/api/v1/reports?user_id={mia}&group_by=user", want: miasReaders(200)},
		{name: "report of Mia's team", method: "GET", path: "/api/v1/reports?team_id={alpha}&group_by=user,week",
			want: alphaOrAdmin(200).but(codes{asMember: 403, asPersonalToken: 403})},
		{name: "summary of Mia's entries", method: "GET", path: "/api/v1/reports/summary?user_id={mia}", want: miasReaders(200)},
		{name: "summary of Mia's team", method: "GET", path: "/api/v1/reports/summary?team_id={alpha}&group_by=user",
			want: alphaOrAdmin(200).but(codes{asMember: 403, asPersonalToken: 403})},

		// Imports are the admin's. An unknown tool keeps the row off the
		// importer's formats: the admin's 404 is the handler's answer, the
		// others never reach it.
		{name: "import entries", method: "POST", path: "/api/v1/import/no-such-tool?dry_run=true",
			want: adminsOnly(404)},
		{name: "upload an export", method: "POST", path: "/api/v1/import/uploads", body: "Date,Minutes\n", header: []string{"Content-Type", "text/csv"},
			want: adminsOnly(201)},

		// ClickUp: the admin connects (ClickUp is unreachable here: 422),
		// reads the status and disconnects; the webhook answers only
		// ClickUp's signature; each person reads and sets their time push.
		{name: "connect ClickUp", method: "POST", path: "/api/v1/integrations/clickup",
			body: map[string]any{"token": "pk_1_X", "list_ids": []string{"901"}}, want: adminsOnly(422)},
		{name: "ClickUp status", method: "GET", path: "/api/v1/integrations/clickup", want: adminsOnly(200)},
		{name: "browse ClickUp lists", method: "POST", path: "/api/v1/integrations/clickup/lists",
			body: map[string]any{"token": "pk_1_X"}, want: adminsOnly(422)},
		{name: "disconnect ClickUp (not connected: nothing to do)", method: "DELETE", path: "/api/v1/integrations/clickup", want: adminsOnly(204)},
		{name: "ClickUp webhook, unsigned", method: "POST", path: "/api/v1/integrations/clickup/webhook",
			body: map[string]any{"event": "taskCreated", "task_id": "1"}, header: []string{"X-Signature", "00"}, want: everyone(401)},
		{name: "ClickUp time push setting", method: "GET", path: "/api/v1/me/integrations/clickup", want: signedIn(200)},
		{name: "ClickUp time push opt-in", method: "PUT", path: "/api/v1/me/integrations/clickup", body: map[string]any{"push": false}, want: signedIn(200)},

		// Slack: its own routes answer only Slack's signature; each person
		// reads and ends their own Slack link; a one-time link is previewed
		// and spent by whoever is signed in (an unknown code is 422).
		{name: "Slack command, unsigned", method: "POST", path: "/api/v1/integrations/slack/commands",
			body: "team_id=T1&user_id=U1&command=%2Ftimestreak&text=today&response_url=x", want: everyone(401),
			header: []string{"Content-Type", "application/x-www-form-urlencoded", "X-Slack-Signature", "v0=00", "X-Slack-Request-Timestamp", "1"}},
		{name: "Slack button, unsigned", method: "POST", path: "/api/v1/integrations/slack/interactions",
			body: "payload=%7B%7D", want: everyone(401),
			header: []string{"Content-Type", "application/x-www-form-urlencoded", "X-Slack-Signature", "v0=00", "X-Slack-Request-Timestamp", "1"}},
		{name: "my Slack link", method: "GET", path: "/api/v1/me/integrations/slack", want: signedIn(200)},
		{name: "unlink my Slack account", method: "DELETE", path: "/api/v1/me/integrations/slack", want: signedIn(204)},
		{name: "preview a one-time Slack link", method: "GET", path: "/api/v1/me/integrations/slack/link?code=unknown", want: signedIn(422)},
		{name: "open a one-time Slack link", method: "POST", path: "/api/v1/me/integrations/slack/link",
			body: map[string]any{"code": "unknown"}, want: signedIn(422)},

		// The timer is always the caller's own.
		{name: "start timer", method: "POST", path: "/api/v1/timer", body: map[string]string{"task_id": "{task}"}, want: signedIn(201),
			fresh: func(w *matrixWorld, who caller) vars {
				if u := w.users[who]; u != nil {
					w.timer(u, false)
				}
				return nil
			}},
		{name: "get timer", method: "GET", path: "/api/v1/timer", want: signedIn(204).but(codes{asMember: 200, asPersonalToken: 200}),
			fresh: func(w *matrixWorld, who caller) vars {
				for _, u := range []*apitest.User{w.sam, w.bea, w.lea, w.admin, w.fay} {
					w.timer(u, false)
				}
				w.timer(w.mia, true)
				return nil
			}},
		{name: "stop timer, Mia's running", method: "DELETE", path: "/api/v1/timer", want: miaOnly(200),
			fresh: func(w *matrixWorld, who caller) vars {
				for _, u := range []*apitest.User{w.sam, w.bea, w.lea, w.admin, w.fay} {
					w.timer(u, false)
				}
				w.timer(w.mia, true)
				return nil
			},
			check: func(t *testing.T, w *matrixWorld, who caller, _ vars, _ *apitest.Response) {
				if w.timerRuns(w.mia) == isMia(who) {
					t.Errorf("after DELETE /timer by %s, Mia's timer runs: %v", who, w.timerRuns(w.mia))
				}
			}},
		{name: "stop own timer", method: "DELETE", path: "/api/v1/timer", want: signedIn(200),
			fresh: func(w *matrixWorld, who caller) vars {
				if u := w.users[who]; u != nil {
					w.timer(u, true)
				}
				return nil
			}},

		// Jobs and the test clock.
		{name: "list jobs", method: "GET", path: "/api/v1/admin/jobs", want: adminsOnly(200)},
		{name: "run a job", method: "POST", path: "/api/v1/admin/jobs/cleanup/run", want: adminsOnly(200)},
		{name: "recompute", method: "POST", path: "/api/v1/admin/recompute", want: adminsOnly(200)},
		{name: "set the test clock", method: "PUT", path: "/api/v1/admin/clock", body: map[string]string{"now": "{now}"}, want: adminsOnly(200),
			fresh: func(w *matrixWorld, _ caller) vars {
				return vars{"now": w.Clock.Now().UTC().Format("2006-01-02T15:04:05Z07:00")}
			}},
	}
}

// wantListed checks that an entry list shows the entry named by the
// placeholder to every reader but the hidden callers.
func wantListed(placeholder string, hidden ...caller) func(*testing.T, *matrixWorld, caller, vars, *apitest.Response) {
	return func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
		if r.Status != 200 {
			return
		}
		var page struct{ Items []entry }
		r.JSON(t, &page)
		listed := false
		for _, e := range page.Items {
			listed = listed || e.ID == v[placeholder]
		}
		if listed == slices.Contains(hidden, who) {
			t.Errorf("%s: entry %s listed: %v (%d items)", who, placeholder, listed, len(page.Items))
		}
	}
}

// checks runs several checks on one cell.
func checks(cs ...func(*testing.T, *matrixWorld, caller, vars, *apitest.Response)) func(*testing.T, *matrixWorld, caller, vars, *apitest.Response) {
	return func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
		for _, c := range cs {
			c(t, w, who, v, r)
		}
	}
}

// wantDay checks that a CSV export, or a summary grouped by day, has the
// date for every reader but the hidden callers, and never for them.
func wantDay(date string, hidden ...caller) func(*testing.T, *matrixWorld, caller, vars, *apitest.Response) {
	return func(t *testing.T, w *matrixWorld, who caller, v vars, r *apitest.Response) {
		if r.Status != 200 {
			return
		}
		var days []string
		if strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			for _, line := range strings.Split(strings.TrimSpace(string(r.Body)), "\n")[1:] {
				day, _, _ := strings.Cut(line, ",")
				days = append(days, day)
			}
		} else {
			var sum struct{ Groups []struct{ Key string } }
			r.JSON(t, &sum)
			for _, g := range sum.Groups {
				days = append(days, g.Key)
			}
		}
		if has := slices.Contains(days, date); has == slices.Contains(hidden, who) {
			t.Errorf("%s: %s shown: %v: %s", who, date, has, r.Body)
		}
	}
}

// roleIn is a user's role in a team now, "" when not a member.
func (w *matrixWorld) roleIn(team, userID string) string {
	w.T.Helper()
	ms, err := w.Tracking.Members(w.ctx, team)
	if err != nil {
		w.T.Fatal(err)
	}
	for _, m := range ms {
		if m.User.ID == userID {
			return m.Role
		}
	}
	return ""
}

func (w *matrixWorld) inTeam(who caller, team string) bool {
	u := w.users[who]
	return u != nil && w.teamOf[u.Email] == team
}

// run sends one cell and returns the answer and the placeholders it used.
func (w *matrixWorld) run(tc accessCase, who caller) (*apitest.Response, vars) {
	w.T.Helper()
	v := w.vars(who)
	if tc.fresh != nil {
		maps.Copy(v, tc.fresh(w, who))
	}
	path := v.expand(tc.path)
	var body any
	if tc.body != nil {
		body = v.expand(mustJSON(w.T, tc.body))
	}
	header := make([]string, len(tc.header))
	for i, h := range tc.header {
		header[i] = v.expand(h)
	}
	return w.Do(tc.method, path, w.tokens[who], body, header...), v
}

// secretHashes are the stored hashes of every token and invite code.
func (w *matrixWorld) secretHashes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, q := range []struct{ table, column string }{{"api_tokens", "token_hash"}, {"refresh_tokens", "token_hash"}, {"invites", "code_hash"}} {
		var hs []string
		if err := w.DB.R.Table(q.table).Pluck(q.column, &hs).Error; err != nil {
			t.Fatalf("%s: %v", q.table, err)
		}
		out = append(out, hs...)
	}
	return out
}

// noLeaks fails when a body shows a password hash, a stored token hash,
// Mia's personal token, or the email of anyone but the caller, except to
// the admin (who sees everyone) and to a lead (who sees their team's).
func (w *matrixWorld) noLeaks(t *testing.T, cell string, who caller, r *apitest.Response, hashes []string) {
	t.Helper()
	body := string(r.Body)
	for _, s := range []string{"$2a$", "$2b$", "$2y$"} {
		if strings.Contains(body, s) {
			t.Errorf("%s: body shows a password hash: %s", cell, body)
		}
	}
	for _, h := range hashes {
		if strings.Contains(body, h) {
			t.Errorf("%s: body shows a stored token hash %s", cell, h)
		}
	}
	sum := sha256.Sum256([]byte(w.pat))
	if strings.Contains(body, w.pat) || strings.Contains(body, hex.EncodeToString(sum[:])) {
		t.Errorf("%s: body shows Mia's personal token", cell)
	}
	if who == asAdmin {
		return
	}
	lower := strings.ToLower(body)
	for email, team := range w.teamOf {
		own := w.users[who] != nil && w.users[who].Email == email
		if strings.Contains(lower, email) && !own && (team == "" || w.leads[who] != team) {
			t.Errorf("%s: body shows %s, and the caller is not their lead: %s", cell, email, body)
		}
	}
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// checkCoverage fails unless every route of the server has a row.
func checkCoverage(t *testing.T, e *echo.Echo, cases []accessCase) {
	t.Helper()
	covered := map[string]bool{}
	for _, tc := range cases {
		path, _, _ := strings.Cut(placeholder.ReplaceAllString(tc.path, "x"), "?")
		c := e.NewContext(nil, nil)
		e.Router().Find(tc.method, path, c)
		covered[tc.method+" "+c.Path()] = true
	}
	if !covered["GET /api/*"] {
		t.Error("no row for an unknown API path")
	}
	for _, r := range e.Routes() {
		if r.Path == "/api/*" || r.Path == "/*" { // the catch-alls
			continue
		}
		if !covered[r.Method+" "+r.Path] {
			t.Errorf("route %s %s has no row in the access matrix", r.Method, r.Path)
		}
	}
}

// readOnly is what Mia's read-only token gets: what her write token gets
// for a read, 403 for any write that needs a token.
func readOnly(tc accessCase) (int, bool) {
	want, ok := tc.want[asPersonalToken]
	authenticated := tc.want[asAnonymous] == http.StatusUnauthorized && want != http.StatusUnauthorized
	if tc.method != http.MethodGet && tc.method != http.MethodHead && authenticated {
		return http.StatusForbidden, ok
	}
	return want, ok
}

func TestAccessMatrix(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newMatrixWorld(t, dialect)
		cases := accessCases()
		checkCoverage(t, w.Server.Handler().(*echo.Echo), cases)
		seen := map[string]bool{}
		for _, tc := range cases {
			if seen[tc.name] {
				t.Errorf("two rows are named %q", tc.name)
			}
			seen[tc.name] = true
			for _, who := range callers {
				cell := fmt.Sprintf("%s (%s %s) as %s", tc.name, tc.method, tc.path, who)
				want, ok := tc.want[who]
				if who == asReadToken {
					want, ok = readOnly(tc)
				}
				if !ok {
					t.Errorf("%s: no expected status", cell)
					continue
				}
				r, v := w.run(tc, who)
				if r.Status != want {
					t.Errorf("%s: status %d, want %d: %s", cell, r.Status, want, r.Body)
				}
				if r.Status >= 400 {
					if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
						t.Errorf("%s: error with Content-Type %q", cell, ct)
					}
				}
				w.noLeaks(t, cell, who, r, w.secretHashes(t))
				if tc.check != nil {
					tc.check(t, w, who, v, r)
				}
			}
		}

		// Nothing in the matrix changed who anyone is.
		for _, u := range []*apitest.User{w.mia, w.sam, w.bea, w.lea} {
			if role := w.trUser(u).Role; role != auth.RoleMember {
				t.Errorf("%s ends with role %s", u.Email, role)
			}
		}
		if w.trUser(w.dan).Active {
			t.Error("Dan is active again")
		}
		for team, want := range map[string]map[string]string{
			w.alpha: {w.mia.ID: "member", w.lea.ID: "lead", w.dan.ID: "member"},
			w.beta:  {w.sam.ID: "member", w.bea.ID: "lead"},
		} {
			ms, err := w.Tracking.Members(w.ctx, team)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, m := range ms {
				if _, world := want[m.User.ID]; world || m.User.ID == w.admin.ID {
					got[m.User.ID] = m.Role
				}
			}
			if !maps.Equal(got, want) {
				t.Errorf("team %s: world members %v, want %v", team, got, want)
			}
		}
		if e, ok := w.entryAsAdmin(w.entry); !ok || e.Minutes != 30 || e.Note != "" || e.UserID != w.mia.ID {
			t.Errorf("Mia's entry changed: %+v (found %v)", e, ok)
		}
	})
}
