package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/sso"
	"github.com/timestreak/timestreak/sso/ssotest"
)

// oidcWorld is a server that signs people in with an in-process provider.
type oidcWorld struct {
	*apitest.Env
	idp *ssotest.IdP
	cfg sso.Config
}

func newOIDCWorld(t *testing.T, dialect string, o apitest.Options, tune func(*sso.Config)) *oidcWorld {
	t.Helper()
	idp := ssotest.Start(t)
	cfg := idp.Config()
	if tune != nil {
		tune(&cfg)
	}
	o.OIDC = &cfg
	if o.Start.IsZero() {
		o.Start = apitest.Monday
	}
	return &oidcWorld{Env: apitest.New(t, dialect, o), idp: idp, cfg: cfg}
}

// person is who the provider vouches for, with tokens issued on the
// server's clock.
func (w *oidcWorld) person(email string) ssotest.Person {
	return ssotest.Person{Email: email, Name: "Pat " + strings.Split(email, "@")[0], IssuedAt: w.Clock.Now()}
}

// attempt is one sign-in as a browser makes it: the start (keeping its
// cookie), the provider, and the code and state it sent back.
type attempt struct {
	cookie, code, state string
}

// begin starts a sign-in for who; query is added to the start URL.
func (w *oidcWorld) begin(who ssotest.Person, query string) attempt {
	w.T.Helper()
	w.idp.Queue(who)
	c := *w.Client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Get(w.HTTP.URL + "/api/v1/auth/oidc/start?" + query)
	if err != nil {
		w.T.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		w.T.Fatalf("start: %d, want 302", res.StatusCode)
	}
	var cookie string
	for _, ck := range res.Cookies() {
		if ck.Name == "timestreak_oidc" {
			cookie = ck.Value
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/api/v1/auth/oidc" {
				w.T.Errorf("the state cookie is %+v, want HttpOnly, SameSite=Lax, Path=/api/v1/auth/oidc", ck)
			}
		}
	}
	to, _ := url.Parse(res.Header.Get("Location"))
	q := to.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") != cookie || cookie == "" {
		w.T.Fatalf("the authorization request lacks PKCE, nonce or state: %s (cookie %q)", to, cookie)
	}
	if q.Get("redirect_uri") != w.HTTP.URL+"/signin/oidc" {
		w.T.Errorf("redirect_uri = %q, want the web app's /signin/oidc", q.Get("redirect_uri"))
	}
	code, state := ssotest.Authorize(w.T, http.DefaultClient, to.String())
	return attempt{cookie: cookie, code: code, state: state}
}

// finish posts the provider's answer as the web app does.
func (w *oidcWorld) finish(a attempt) *apitest.Response {
	w.T.Helper()
	return w.Do("POST", "/api/v1/auth/oidc/callback", "", map[string]string{"code": a.code, "state": a.state},
		"Cookie", "timestreak_oidc="+a.cookie)
}

// signIn is a whole sign-in; it answers the callback's response.
func (w *oidcWorld) signIn(who ssotest.Person, query string) *apitest.Response {
	w.T.Helper()
	return w.finish(w.begin(who, query))
}

func wantStatus(t *testing.T, what string, r *apitest.Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Errorf("%s: status %d, want %d: %s", what, r.Status, want, r.Body)
	}
}

// TestOIDCSignIn: the provider's verified email signs its person in; a
// person without an account gets one only as the first person ever, with
// an invite (joining its team), or when signup is open; the account has
// no password that works.
func TestOIDCSignIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newOIDCWorld(t, dialect, apitest.Options{}, nil)
		// The first person ever becomes the admin, as with registration.
		r := w.signIn(w.person("Ada@Acme.example"), "timezone=Europe/Berlin")
		wantStatus(t, "first sign-in", r, http.StatusCreated)
		var s struct {
			User struct {
				ID, Email, Role, Name, Timezone string
			}
			AccessToken string `json:"access_token"`
		}
		r.JSON(t, &s)
		if s.User.Role != "admin" || s.User.Email != "ada@acme.example" || s.User.Timezone != "Europe/Berlin" || s.User.Name != "Pat Ada" {
			t.Errorf("first account: %+v", s.User)
		}
		admin := &apitest.User{ID: s.User.ID, Token: s.AccessToken}
		w.Must(http.StatusOK, "GET", "/api/v1/me", admin.Token, nil)

		// Known people sign in (200), matched by email in any case.
		mia := w.CreateUser(admin, "Mia", "UTC")
		r = w.signIn(w.person("MIA@example.com"), "")
		wantStatus(t, "known person", r, http.StatusOK)
		r.JSON(t, &s)
		if s.User.ID != mia.ID {
			t.Errorf("signed in as %s, want Mia (%s)", s.User.ID, mia.ID)
		}

		// A stranger is refused while signup is by invitation...
		wantStatus(t, "stranger", w.signIn(w.person("stranger@example.com"), ""), http.StatusForbidden)
		// ...and let in with an invite, into its team.
		var team, inv struct{ ID, Code string }
		w.Must(http.StatusCreated, "POST", "/api/v1/teams", admin.Token, map[string]string{"name": "Crew"}).JSON(t, &team)
		w.Must(http.StatusCreated, "POST", "/api/v1/invites", admin.Token, map[string]string{"team_id": team.ID}).JSON(t, &inv)
		r = w.signIn(w.person("stranger@example.com"), "invite="+url.QueryEscape(inv.Code))
		wantStatus(t, "stranger with an invite", r, http.StatusCreated)
		r.JSON(t, &s)
		if s.User.Role != "member" {
			t.Errorf("invited account has role %s", s.User.Role)
		}
		var members []struct{ User struct{ ID string } }
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+team.ID+"/members", admin.Token, nil).JSON(t, &members)
		if len(members) != 1 || members[0].User.ID != s.User.ID {
			t.Errorf("the invite's team has %+v, want the new account", members)
		}
		// The invite is used up.
		wantStatus(t, "second stranger with the used invite",
			w.signIn(w.person("other@example.com"), "invite="+url.QueryEscape(inv.Code)), http.StatusForbidden)

		// No password works for an account made this way, not even the
		// one compared against for unknown emails.
		for _, pw := range []string{"", "timestreak-no-such-user", "correct horse"} {
			r := w.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": "stranger@example.com", "password": pw})
			if r.Status == http.StatusOK {
				t.Errorf("password %q signs in to an account made by the provider", pw)
			}
		}
		// Nothing answered carries the client secret.
		for _, body := range [][]byte{r.Body, w.Must(http.StatusOK, "GET", "/api/v1/auth/methods", "", nil).Body} {
			if strings.Contains(string(body), w.cfg.ClientSecret) {
				t.Errorf("an answer carries the client secret: %s", body)
			}
		}
	})
}

// TestOIDCOpenSignupAndAutoCreate: open signup, or auto-create, makes an
// account for anyone the provider vouches for.
func TestOIDCOpenSignupAndAutoCreate(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    apitest.Options
		auto bool
	}{{"open signup", apitest.Options{SignupOpen: true}, false}, {"auto-create", apitest.Options{}, true}} {
		t.Run(tc.name, func(t *testing.T) {
			w := newOIDCWorld(t, "sqlite", tc.o, func(c *sso.Config) { c.AutoCreate = tc.auto })
			w.Register("Ada")
			wantStatus(t, "a stranger", w.signIn(w.person("new@example.com"), ""), http.StatusCreated)
			wantStatus(t, "again", w.signIn(w.person("new@example.com"), ""), http.StatusOK)
		})
	}
}

// TestOIDCRefusals: every way a sign-in must fail, and that it changes
// nothing.
func TestOIDCRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newOIDCWorld(t, dialect, apitest.Options{}, func(c *sso.Config) { c.AllowedDomains = []string{"example.com"} })
		admin := w.Register("Ada")
		dan := w.CreateUser(admin, "Dan", "UTC")
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+dan.ID, admin.Token, map[string]any{"active": false})
		mia := w.CreateUser(admin, "Mia", "UTC")

		// Wrong state: not the cookie's, or a cookie of no sign-in.
		a := w.begin(w.person(mia.Email), "")
		forged := a
		forged.state = "forged-state"
		wantStatus(t, "state not the cookie's", w.finish(forged), http.StatusForbidden)
		forged.cookie = "forged-state"
		wantStatus(t, "state of no sign-in", w.finish(forged), http.StatusForbidden)
		noCookie := w.Do("POST", "/api/v1/auth/oidc/callback", "", map[string]string{"code": a.code, "state": a.state})
		wantStatus(t, "no cookie", noCookie, http.StatusForbidden)
		// The real answer still works once, and a replay of it is refused.
		wantStatus(t, "the real answer", w.finish(a), http.StatusOK)
		wantStatus(t, "the same answer again", w.finish(a), http.StatusForbidden)
		// The code replayed in a new sign-in of this browser: the provider refuses it.
		b := w.begin(w.person(mia.Email), "")
		b.code = a.code
		wantStatus(t, "a used code in a fresh sign-in", w.finish(b), http.StatusUnauthorized)

		// A sign-in older than ten minutes is over.
		c := w.begin(w.person(mia.Email), "")
		w.Clock.Advance(11 * time.Minute)
		wantStatus(t, "a sign-in of 11 minutes ago", w.finish(c), http.StatusForbidden)

		refused := []struct {
			name string
			who  ssotest.Person
			want int
		}{
			{"unverified email", func() ssotest.Person { p := w.person(mia.Email); p.Unverified = true; return p }(), http.StatusForbidden},
			{"domain not allowed", w.person("mia@elsewhere.example"), http.StatusForbidden},
			{"deactivated person", w.person(dan.Email), http.StatusForbidden},
			{"ID token for another client", func() ssotest.Person { p := w.person(mia.Email); p.Audience = "someone-else"; return p }(), http.StatusUnauthorized},
			{"expired ID token", func() ssotest.Person {
				p := w.person(mia.Email)
				p.IssuedAt, p.TTL = w.Clock.Now().Add(-2*time.Hour), time.Hour
				return p
			}(), http.StatusUnauthorized},
			{"ID token of another sign-in (nonce)", func() ssotest.Person { p := w.person(mia.Email); p.Nonce = "other"; return p }(), http.StatusUnauthorized},
		}
		for _, tc := range refused {
			r := w.signIn(tc.who, "")
			wantStatus(t, tc.name, r, tc.want)
			if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s: Content-Type %q", tc.name, ct)
			}
		}
		// Nobody was made on the way.
		var users []struct{ Email string }
		w.Must(http.StatusOK, "GET", "/api/v1/users", admin.Token, nil).JSON(t, &users)
		if len(users) != 3 {
			t.Errorf("%d users after the refusals, want 3: %+v", len(users), users)
		}

		// Malformed answers are 422 naming the field.
		r := w.Do("POST", "/api/v1/auth/oidc/callback", "", map[string]string{"state": "x"})
		wantStatus(t, "no code", r, http.StatusUnprocessableEntity)
	})
}

// TestPasswordLoginOff: with password sign-in turned off, login,
// registration and password resets are 403; the provider still signs
// people in, and the sign-in screen is told.
func TestPasswordLoginOff(t *testing.T) {
	w := newOIDCWorld(t, "sqlite", apitest.Options{PasswordLoginOff: true}, nil)
	r := w.signIn(w.person("ada@example.com"), "")
	wantStatus(t, "the first person through the provider", r, http.StatusCreated)
	wantStatus(t, "login", w.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": "ada@example.com", "password": "correct horse"}), http.StatusForbidden)
	wantStatus(t, "register", w.Do("POST", "/api/v1/auth/register", "", map[string]string{"email": "b@example.com", "password": "correct horse", "name": "B"}), http.StatusForbidden)
	wantStatus(t, "password reset", w.Do("POST", "/api/v1/auth/password-reset", "", map[string]string{"code": "pwr_x", "password": "correct horse"}), http.StatusForbidden)
	m := w.Must(http.StatusOK, "GET", "/api/v1/auth/methods", "", nil).Map(t)
	if m["password"] != false || m["oidc"].(map[string]any)["name"] != "Acme ID" {
		t.Errorf("methods: %v", m)
	}
}

// TestOIDCOff: without a provider the routes are 404 and the methods say so.
func TestOIDCOff(t *testing.T) {
	env := apitest.New(t, "sqlite", apitest.Options{})
	env.Must(http.StatusNotFound, "GET", "/api/v1/auth/oidc/start", "", nil)
	env.Must(http.StatusNotFound, "POST", "/api/v1/auth/oidc/callback", "", map[string]string{"code": "c", "state": "s"})
	m := env.Must(http.StatusOK, "GET", "/api/v1/auth/methods", "", nil).Map(t)
	if m["password"] != true || m["oidc"] != nil {
		t.Errorf("methods: %v", m)
	}
}
