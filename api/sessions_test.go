package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestRefreshGraceAnswersTheSamePair: a rotated refresh token presented
// again within 30 s answers the pair its rotation gave (an answer lost on
// the way), and revokes nothing; after 30 s it revokes the family.
func TestRefreshGraceAnswersTheSamePair(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		var first, again sessionBody
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": ana.Refresh}).JSON(t, &first)
		env.Clock.Advance(30 * time.Second)
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": ana.Refresh}).JSON(t, &again)
		if again.RefreshToken != first.RefreshToken || again.AccessToken != first.AccessToken {
			t.Errorf("the retry answered another pair:\n%+v\nwant\n%+v", again, first)
		}
		env.Must(http.StatusOK, "GET", "/api/v1/me", again.AccessToken, nil)

		// Parallel copies of one refresh all get the same pair.
		rs := concurrently(env, 8, "POST", "/api/v1/auth/refresh", "", mustJSON(t, map[string]string{"refresh_token": first.RefreshToken}))
		var pair string
		for _, r := range rs {
			if r.Err != nil || r.Status != http.StatusOK {
				t.Fatalf("parallel refresh: %d %v %s", r.Status, r.Err, r.Body)
			}
			var s sessionBody
			(&apitest.Response{Body: r.Body}).JSON(t, &s)
			if pair == "" {
				pair = s.RefreshToken
			}
			if s.RefreshToken != pair {
				t.Errorf("parallel refreshes answered different pairs")
			}
		}

		// After the grace, reuse revokes the whole family.
		env.Clock.Advance(time.Second)
		wantProblem(t, refresh(env, ana.Refresh), http.StatusUnauthorized)
		wantProblem(t, refresh(env, pair), http.StatusUnauthorized)
	})
}

// TestRefreshDatabaseFailureIsNotSignOut: when the database fails during a
// refresh or a personal token's lookup, the answer is 5xx, not 401, and the
// session (or token) works again once the database does.
func TestRefreshDatabaseFailureIsNotSignOut(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		env.AllowServerErrors() // the 500 is the point
		ana := env.Register("Ana")
		var tok struct {
			Token string `json:"token"`
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", ana.Token, map[string]string{"name": "script"}).JSON(t, &tok)
		rename := func(from, to string) {
			t.Helper()
			if err := env.DB.W.Exec("ALTER TABLE " + from + " RENAME TO " + to).Error; err != nil {
				t.Fatal(err)
			}
		}
		rename("refresh_tokens", "refresh_tokens_away")
		if r := refresh(env, ana.Refresh); r.Status < 500 {
			t.Errorf("refresh with the database failing: %d, want 5xx: %s", r.Status, r.Body)
		}
		rename("refresh_tokens_away", "refresh_tokens")
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": ana.Refresh})

		rename("api_tokens", "api_tokens_away")
		if r := env.Do("GET", "/api/v1/me", tok.Token, nil); r.Status < 500 {
			t.Errorf("personal token with the database failing: %d, want 5xx: %s", r.Status, r.Body)
		}
		rename("api_tokens_away", "api_tokens")
		env.Must(http.StatusOK, "GET", "/api/v1/me", tok.Token, nil)
	})
}

type tokenBody struct {
	ID        string    `json:"id"`
	Token     string    `json:"token"`
	Scope     string    `json:"scope"`
	ExpiresAt time.Time `json:"expires_at"`
}

func makeToken(env *apitest.Env, bearer string, body map[string]any) tokenBody {
	env.T.Helper()
	var tb tokenBody
	env.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", bearer, body).JSON(env.T, &tb)
	return tb
}

// TestPersonalTokenScopesAndExpiry: read only reads, write cannot reach
// admin routes, admin (an admin's only) can; no personal token makes
// tokens; a token ends after its days.
func TestPersonalTokenScopesAndExpiry(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		admin := env.Register("Ada")
		mia := env.CreateUser(admin, "Mia", "UTC")
		task := env.Task(admin, "Work")
		today := env.Clock.Now().UTC().Format("2006-01-02")
		entry := map[string]any{"task_id": task, "date": today, "minutes": 5}

		write := makeToken(env, admin.Token, map[string]any{"name": "default"})
		if write.Scope != "write" || !write.ExpiresAt.Equal(env.Clock.Now().Add(90*24*time.Hour)) {
			t.Errorf("default token: scope %q, expires %s; want write, in 90 days", write.Scope, write.ExpiresAt)
		}
		read := makeToken(env, admin.Token, map[string]any{"name": "reader", "scope": "read"})
		adm := makeToken(env, admin.Token, map[string]any{"name": "ops", "scope": "admin", "expires_in_days": 1})

		// read: GET only.
		env.Must(http.StatusOK, "GET", "/api/v1/me", read.Token, nil)
		env.Must(http.StatusOK, "GET", "/api/v1/entries", read.Token, nil)
		wantProblem(t, env.Do("POST", "/api/v1/entries", read.Token, entry), http.StatusForbidden)
		wantProblem(t, env.Do("PATCH", "/api/v1/me", read.Token, map[string]any{"name": "Read"}), http.StatusForbidden)
		wantProblem(t, env.Do("GET", "/api/v1/users", read.Token, nil), http.StatusForbidden)
		// write: what a member can do, not admin routes.
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", write.Token, entry)
		wantProblem(t, env.Do("GET", "/api/v1/users", write.Token, nil), http.StatusForbidden)
		wantProblem(t, env.Do("POST", "/api/v1/projects", write.Token, map[string]any{"name": "P"}), http.StatusForbidden)
		wantProblem(t, env.Do("POST", "/api/v1/invites", write.Token, map[string]any{}), http.StatusForbidden)
		// admin: admin routes.
		env.Must(http.StatusOK, "GET", "/api/v1/users", adm.Token, nil)
		env.Must(http.StatusCreated, "POST", "/api/v1/projects", adm.Token, map[string]any{"name": "Q"})
		// No personal token makes tokens.
		for _, tok := range []string{read.Token, write.Token, adm.Token} {
			wantProblem(t, env.Do("POST", "/api/v1/me/tokens", tok, map[string]any{"name": "child"}), http.StatusForbidden)
		}
		// Only an admin makes an admin token; bad values are 422.
		wantProblem(t, env.Do("POST", "/api/v1/me/tokens", mia.Token, map[string]any{"name": "x", "scope": "admin"}), http.StatusForbidden)
		wantProblem(t, env.Do("POST", "/api/v1/me/tokens", mia.Token, map[string]any{"name": "x", "scope": "root"}), http.StatusUnprocessableEntity, "scope")
		wantProblem(t, env.Do("POST", "/api/v1/me/tokens", mia.Token, map[string]any{"name": "x", "expires_in_days": 0}), http.StatusUnprocessableEntity, "expires_in_days")
		wantProblem(t, env.Do("POST", "/api/v1/me/tokens", mia.Token, map[string]any{"name": "x", "expires_in_days": 366}), http.StatusUnprocessableEntity, "expires_in_days")
		makeToken(env, mia.Token, map[string]any{"name": "year", "expires_in_days": 365})

		// Expiry: the one-day token works for a day, then is gone.
		env.Clock.Advance(24*time.Hour - time.Second)
		env.Must(http.StatusOK, "GET", "/api/v1/users", adm.Token, nil)
		env.Clock.Advance(time.Second)
		wantProblem(t, env.Do("GET", "/api/v1/users", adm.Token, nil), http.StatusUnauthorized)
		var listed []tokenBody
		env.Must(http.StatusOK, "GET", "/api/v1/me/tokens", write.Token, nil).JSON(t, &listed)
		if len(listed) != 2 {
			t.Errorf("listed %d tokens after one expired, want 2: %+v", len(listed), listed)
		}
	})
}

// TestPasswordChangeEndsOtherSessions: a new password ends every other
// session and every personal token at once, access tokens included; the
// session that made the change gets a new access token with its refresh
// token.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		phone := env.Login(ana.Email, ana.Password)
		tok := makeToken(env, ana.Token, map[string]any{"name": "script"})
		env.Must(http.StatusOK, "GET", "/api/v1/me", phone.Token, nil) // verified, and in the token cache
		env.Must(http.StatusOK, "GET", "/api/v1/me", tok.Token, nil)

		env.Must(http.StatusOK, "PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "a new password", "current_password": ana.Password})
		wantProblem(t, env.Do("GET", "/api/v1/me", phone.Token, nil), http.StatusUnauthorized)
		wantProblem(t, refresh(env, phone.Refresh), http.StatusUnauthorized)
		wantProblem(t, env.Do("GET", "/api/v1/me", tok.Token, nil), http.StatusUnauthorized)
		// The changing session lives on through its refresh token.
		var s sessionBody
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": ana.Refresh}).JSON(t, &s)
		var listed []tokenBody
		env.Must(http.StatusOK, "GET", "/api/v1/me/tokens", s.AccessToken, nil).JSON(t, &listed)
		if len(listed) != 0 {
			t.Errorf("tokens after a password change: %+v, want none", listed)
		}
		wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": ana.Password}), http.StatusUnauthorized)
		env.Login(ana.Email, "a new password")
	})
}

// TestLogoutEndsItsAccessTokens: after logout the session's access token
// is refused at once; another session's refresh token still works.
func TestLogoutEndsItsAccessTokens(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		laptop := env.Login(ana.Email, ana.Password)
		env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil)
		env.Must(http.StatusNoContent, "POST", "/api/v1/auth/logout", ana.Token, map[string]string{"refresh_token": ana.Refresh})
		wantProblem(t, env.Do("GET", "/api/v1/me", ana.Token, nil), http.StatusUnauthorized)
		wantProblem(t, refresh(env, ana.Refresh), http.StatusUnauthorized)
		var s sessionBody
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": laptop.Refresh}).JSON(t, &s)
		env.Must(http.StatusOK, "GET", "/api/v1/me", s.AccessToken, nil)
	})
}

// TestReactivationRevivesNothing: deactivating a user ends their sessions
// and personal tokens; reactivating them brings none back.
func TestReactivationRevivesNothing(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		admin := env.Register("Ada")
		bob := env.CreateUser(admin, "Bob", "UTC")
		tok := makeToken(env, bob.Token, map[string]any{"name": "script"})
		env.Must(http.StatusOK, "GET", "/api/v1/me", bob.Token, nil)
		env.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bob.ID, admin.Token, map[string]any{"active": false})
		env.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bob.ID, admin.Token, map[string]any{"active": true})
		wantProblem(t, env.Do("GET", "/api/v1/me", bob.Token, nil), http.StatusUnauthorized)
		wantProblem(t, env.Do("GET", "/api/v1/me", tok.Token, nil), http.StatusUnauthorized)
		wantProblem(t, refresh(env, bob.Refresh), http.StatusUnauthorized)
		fresh := env.Login(bob.Email, bob.Password)
		env.Must(http.StatusOK, "GET", "/api/v1/me", fresh.Token, nil)
	})
}
