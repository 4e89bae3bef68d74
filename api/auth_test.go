package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type sessionBody struct {
	User struct {
		ID       string `json:"id"`
		Email    string `json:"email"`
		Name     string `json:"name"`
		Role     string `json:"role"`
		Timezone string `json:"timezone"`
	} `json:"user"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
}

func register(env *apitest.Env, body map[string]any) *apitest.Response {
	env.T.Helper()
	return env.Do("POST", "/api/v1/auth/register", "", body)
}

func TestRegisterFirstUserBecomesAdmin(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		r := env.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "",
			map[string]any{"email": " Ana@Example.COM ", "password": "correct horse", "name": "Ana", "timezone": "Europe/Berlin"})
		var s sessionBody
		r.JSON(t, &s)
		if s.User.Role != "admin" || s.User.Email != "ana@example.com" || s.User.Timezone != "Europe/Berlin" {
			t.Errorf("first user = %+v, want admin ana@example.com in Europe/Berlin", s.User)
		}
		if s.AccessToken == "" || s.RefreshToken == "" || s.ExpiresIn != 900 {
			t.Errorf("session = %+v, want both tokens and expires_in 900", s)
		}
		if bytes.Contains(r.Body, []byte("password")) || bytes.Contains(r.Body, []byte("$2a$")) {
			t.Errorf("register answer leaks the password hash: %s", r.Body)
		}
		me := env.Must(http.StatusOK, "GET", "/api/v1/me", s.AccessToken, nil).Map(t)
		if me["role"] != "admin" || me["id"] != s.User.ID {
			t.Errorf("GET /me = %v, want the admin", me)
		}

		// Invite-only by default: a second person without a code is refused.
		p := wantProblem(t, register(env, map[string]any{"email": "bob@example.com", "password": "correct horse", "name": "Bob"}), http.StatusForbidden)
		if !strings.Contains(p.Detail, "invite") {
			t.Errorf("detail = %q, want it to mention the invite", p.Detail)
		}
		env.Must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", "", map[string]string{"email": "bob@example.com", "password": "correct horse"})
	})
}

func TestRegisterOpenSignup(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{SignupOpen: true})
		env.Register("Ana")
		var s sessionBody
		env.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "",
			map[string]any{"email": "bob@example.com", "password": "correct horse", "name": "Bob"}).JSON(t, &s)
		if s.User.Role != "member" || s.User.Timezone != "UTC" {
			t.Errorf("second user = %+v, want a member in UTC", s.User)
		}
		// Emails are unique case-insensitively.
		p := wantProblem(t, register(env, map[string]any{"email": "BOB@example.com", "password": "correct horse", "name": "Bob 2"}), http.StatusConflict)
		if p.Detail == "" {
			t.Error("conflict without detail")
		}
	})
}

func TestRegisterValidation(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{SignupOpen: true})
		cases := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"bad email", map[string]any{"email": "not-an-email", "password": "correct horse", "name": "X"}, "email"},
			{"display-name email", map[string]any{"email": "X <x@example.com>", "password": "correct horse", "name": "X"}, "email"},
			{"password 7", map[string]any{"email": "x@example.com", "password": "1234567", "name": "X"}, "password"},
			{"password 129", map[string]any{"email": "x@example.com", "password": strings.Repeat("p", 129), "name": "X"}, "password"},
			{"blank name", map[string]any{"email": "x@example.com", "password": "correct horse", "name": "  "}, "name"},
			{"bad zone", map[string]any{"email": "x@example.com", "password": "correct horse", "name": "X", "timezone": "Mars/Base"}, "timezone"},
			{"Local zone", map[string]any{"email": "x@example.com", "password": "correct horse", "name": "X", "timezone": "Local"}, "timezone"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				wantProblem(t, register(env, c.body), http.StatusUnprocessableEntity, c.field)
			})
		}
		// Nothing was created: the first valid registration is the admin.
		var s sessionBody
		env.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "",
			map[string]any{"email": "x@example.com", "password": "12345678", "name": "X"}).JSON(t, &s)
		if s.User.Role != "admin" {
			t.Errorf("role = %q after only invalid attempts, want admin", s.User.Role)
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "",
			map[string]any{"email": "y@example.com", "password": strings.Repeat("p", 128), "name": "Y"})
		wantProblem(t, register(env, map[string]any{"email": "z@example.com", "password": "correct horse", "name": "Z", "role": "admin"}), http.StatusBadRequest)
	})
}

func TestInvites(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Ana")
		var open, forCarol, late struct {
			Code      string    `json:"code"`
			ExpiresAt time.Time `json:"expires_at"`
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/invites", admin.Token, nil).JSON(t, &open)
		if want := apitest.Monday.Add(7 * 24 * time.Hour); !open.ExpiresAt.Equal(want) || open.Code == "" {
			t.Errorf("invite = %+v, want a code expiring at %s", open, want)
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/invites", admin.Token, map[string]string{"email": "Carol@Example.com"}).JSON(t, &forCarol)
		env.Must(http.StatusCreated, "POST", "/api/v1/invites", admin.Token, map[string]string{}).JSON(t, &late)
		wantProblem(t, env.Do("POST", "/api/v1/invites", admin.Token, map[string]string{"email": "nope"}), http.StatusUnprocessableEntity, "email")

		bob := env.Register("Bob", "invite_code", open.Code)
		if me := env.Must(http.StatusOK, "GET", "/api/v1/me", bob.Token, nil).Map(t); me["role"] != "member" {
			t.Errorf("invited user role = %v, want member", me["role"])
		}
		wantProblem(t, env.Do("POST", "/api/v1/invites", bob.Token, nil), http.StatusForbidden)

		// Single use.
		wantProblem(t, register(env, map[string]any{"email": "dan@example.com", "password": "correct horse", "name": "Dan", "invite_code": open.Code}), http.StatusForbidden)
		// Bound to its email, compared case-insensitively.
		wantProblem(t, register(env, map[string]any{"email": "dan@example.com", "password": "correct horse", "name": "Dan", "invite_code": forCarol.Code}), http.StatusForbidden)
		wantProblem(t, register(env, map[string]any{"email": "dan@example.com", "password": "correct horse", "name": "Dan", "invite_code": "inv_made_up"}), http.StatusForbidden)
		env.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "",
			map[string]any{"email": "CAROL@example.com", "password": "correct horse", "name": "Carol", "invite_code": forCarol.Code})

		// Seven days later the unused invite has expired.
		env.Set(late.ExpiresAt.Add(-time.Second))
		if env.Do("POST", "/api/v1/auth/register", "", map[string]any{"email": "eve@example.com", "password": "correct horse", "name": "Eve", "invite_code": late.Code}).Status != http.StatusCreated {
			t.Fatal("invite refused one second before it expires")
		}
		env.Relogin(admin)
		env.Must(http.StatusCreated, "POST", "/api/v1/invites", admin.Token, nil).JSON(t, &late)
		env.Set(late.ExpiresAt)
		wantProblem(t, register(env, map[string]any{"email": "fay@example.com", "password": "correct horse", "name": "Fay", "invite_code": late.Code}), http.StatusForbidden)
	})
}

func TestLoginFailuresLookAlike(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		wrong := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": "wrong password"})
		unknown := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.com", "password": "wrong password"})
		wantProblem(t, wrong, http.StatusUnauthorized)
		wantProblem(t, unknown, http.StatusUnauthorized)
		if !bytes.Equal(wrong.Body, unknown.Body) {
			t.Errorf("wrong password answers %s, unknown email %s: they must not differ", wrong.Body, unknown.Body)
		}
		// Emails compare case-insensitively at login.
		var s sessionBody
		env.Must(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"email": "  ANA@example.COM", "password": ana.Password}).JSON(t, &s)
		if s.User.ID != ana.ID || s.AccessToken == "" || s.RefreshToken == "" || s.ExpiresIn != 900 {
			t.Errorf("login = %+v, want Ana's session", s)
		}
		wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", `{"email":"ana@example.com"`), http.StatusBadRequest)
	})
}

func TestLoginThrottle(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		start := env.Clock.Now()
		ana := env.Register("Ana")
		bob := env.CreateUser(ana, "Bob", "UTC")
		login := func(email, pw string) *apitest.Response {
			return env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": pw})
		}
		// A success clears the count: 9 failures, a success, 9 more never throttle.
		for range 9 {
			wantProblem(t, login(ana.Email, "wrong password"), http.StatusUnauthorized)
		}
		env.Must(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": ana.Password})
		for range 9 {
			wantProblem(t, login(ana.Email, "wrong password"), http.StatusUnauthorized)
		}
		env.Clock.Advance(time.Minute)
		wantProblem(t, login("ANA@example.com", "wrong password"), http.StatusUnauthorized) // the tenth, same key whatever the case

		r := login(ana.Email, ana.Password)
		wantProblem(t, r, http.StatusTooManyRequests)
		if got := r.Header.Get("Retry-After"); got != "840" {
			t.Errorf("Retry-After = %q, want 840 (the oldest counted failure leaves the 15-minute window in 14 minutes)", got)
		}
		env.Clock.Advance(5 * time.Minute)
		if got := login(ana.Email, ana.Password).Header.Get("Retry-After"); got != "540" {
			t.Errorf("Retry-After = %q after 5 more minutes, want 540", got)
		}
		// The throttle is per email: Bob is not affected.
		env.Must(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"email": bob.Email, "password": bob.Password})
		// Nine failures were at T; the tenth at T+1m: at T+15m one has left the window.
		env.Set(start.Add(15 * time.Minute))
		env.Must(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": ana.Password})
	})
}

func refresh(env *apitest.Env, token string) *apitest.Response {
	env.T.Helper()
	return env.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": token})
}

func TestRefreshRotation(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		other := env.Login(ana.Email, ana.Password) // a second, independent family

		var s1, s2 sessionBody
		refresh(env, ana.Refresh).JSON(t, &s1)
		if s1.RefreshToken == "" || s1.RefreshToken == ana.Refresh || s1.User.ID != ana.ID {
			t.Fatalf("refresh = %+v, want a new pair for Ana", s1)
		}
		env.Must(http.StatusOK, "GET", "/api/v1/me", s1.AccessToken, nil)
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": s1.RefreshToken}).JSON(t, &s2)

		// Reusing the first token after the 30 s grace: 401, and the whole
		// family is revoked.
		env.Clock.Advance(31 * time.Second)
		wantProblem(t, refresh(env, ana.Refresh), http.StatusUnauthorized)
		wantProblem(t, refresh(env, s2.RefreshToken), http.StatusUnauthorized)
		wantProblem(t, refresh(env, s1.RefreshToken), http.StatusUnauthorized)
		// The other family lives on.
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": other.Refresh})

		wantProblem(t, refresh(env, "rt_unknown"), http.StatusUnauthorized)
		wantProblem(t, refresh(env, ""), http.StatusUnauthorized)
		wantProblem(t, env.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"token": "x"}), http.StatusBadRequest)
	})
}

func TestRefreshExpiresAfter30Days(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		keep := env.Login(ana.Email, ana.Password)
		env.Clock.Advance(30*24*time.Hour - time.Second)
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": keep.Refresh})
		env.Clock.Advance(time.Second)
		wantProblem(t, refresh(env, ana.Refresh), http.StatusUnauthorized)
	})
}

func TestLogout(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		var s sessionBody
		refresh(env, ana.Refresh).JSON(t, &s) // logging out revokes the family, rotated links included
		wantProblem(t, env.Do("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": s.RefreshToken}), http.StatusUnauthorized)
		r := env.Must(http.StatusNoContent, "POST", "/api/v1/auth/logout", s.AccessToken, map[string]string{"refresh_token": s.RefreshToken})
		if len(r.Body) != 0 {
			t.Errorf("204 with a body: %s", r.Body)
		}
		wantProblem(t, refresh(env, s.RefreshToken), http.StatusUnauthorized)
		// The session's access token stops working at once.
		wantProblem(t, env.Do("GET", "/api/v1/me", s.AccessToken, nil), http.StatusUnauthorized)
		// Logging out with a stale refresh token is harmless, and ends the
		// session of the access token used.
		again := env.Login(ana.Email, ana.Password)
		env.Must(http.StatusNoContent, "POST", "/api/v1/auth/logout", again.Token, map[string]string{"refresh_token": s.RefreshToken})
		wantProblem(t, refresh(env, again.Refresh), http.StatusUnauthorized)

		// Someone else's refresh token is not revoked by my logout.
		env.Relogin(ana)
		bob := env.CreateUser(ana, "Bob", "UTC")
		third := env.Login(ana.Email, ana.Password)
		env.Must(http.StatusNoContent, "POST", "/api/v1/auth/logout", third.Token, map[string]string{"refresh_token": bob.Refresh})
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": bob.Refresh})
	})
}

func TestAccessTokenExpiresAfter15Minutes(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		env.Clock.Advance(15*time.Minute - time.Second)
		env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil)
		env.Clock.Advance(time.Second)
		r := env.Do("GET", "/api/v1/me", ana.Token, nil)
		wantProblem(t, r, http.StatusUnauthorized)
		if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", r.Header.Get("WWW-Authenticate"))
		}
		// The refresh token still gets a fresh access token.
		var s sessionBody
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": ana.Refresh}).JSON(t, &s)
		env.Must(http.StatusOK, "GET", "/api/v1/me", s.AccessToken, nil)
	})
}

func TestUnauthenticated(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		cases := []struct{ name, header string }{
			{"none", ""},
			{"basic", "Basic " + ana.Token},
			{"bearer without token", "Bearer "},
			{"garbage", "Bearer not.a.jwt"},
			{"refresh token as bearer", "Bearer " + ana.Refresh},
			{"unknown personal token", "Bearer tsp_nothing"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var h []string
				if c.header != "" {
					h = []string{"Authorization", c.header}
				}
				wantProblem(t, env.Do("GET", "/api/v1/me", "", nil, h...), http.StatusUnauthorized)
			})
		}
		// The scheme is case-insensitive.
		env.Must(http.StatusOK, "GET", "/api/v1/me", "", nil, "Authorization", "bearer "+ana.Token)
	})
}
