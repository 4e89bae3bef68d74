package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

func TestPersonalTokens(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		var created struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			Token string `json:"token"`
		}
		w.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", w.admin.Token, map[string]string{"name": "sync script"}).JSON(t, &created)
		if created.ID == "" || created.Name != "sync script" || !strings.HasPrefix(created.Token, "tsp_") {
			t.Fatalf("token = %+v", created)
		}
		wantProblem(t, w.Do("POST", "/api/v1/me/tokens", w.admin.Token, map[string]string{"name": " "}), http.StatusUnprocessableEntity, "name")

		list := w.Must(http.StatusOK, "GET", "/api/v1/me/tokens", w.admin.Token, nil)
		var listed []map[string]any
		list.JSON(t, &listed)
		if len(listed) != 1 || listed[0]["id"] != created.ID || listed[0]["name"] != "sync script" {
			t.Errorf("GET /me/tokens = %s", list.Body)
		}
		if _, ok := listed[0]["token"]; ok || bytes.Contains(list.Body, []byte(created.Token)) {
			t.Errorf("the listing shows the secret: %s", list.Body)
		}
		for k := range listed[0] {
			if strings.Contains(k, "hash") {
				t.Errorf("the listing shows %q: %s", k, list.Body)
			}
		}

		// Usable as a bearer, past the access token's life, and marks entries as api.
		w.Clock.Advance(time.Hour)
		if me := w.Must(http.StatusOK, "GET", "/api/v1/me", created.Token, nil).Map(t); me["id"] != w.admin.ID {
			t.Errorf("personal token resolves to %v", me["id"])
		}
		e := w.logEntry(&apitest.User{Token: created.Token}, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 30})
		if e.Source != "api" {
			t.Errorf("source = %q with a personal token, want api", e.Source)
		}
		w.Relogin(w.admin)
		if e := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 30}); e.Source != "web" {
			t.Errorf("source = %q with a session, want web", e.Source)
		}

		// Only the owner can revoke it.
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		wantProblem(t, w.Do("DELETE", "/api/v1/me/tokens/"+created.ID, bob.Token, nil), http.StatusNotFound)
		w.Must(http.StatusOK, "GET", "/api/v1/me", created.Token, nil)
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/me/tokens/"+created.ID, w.admin.Token, nil)
		wantProblem(t, w.Do("GET", "/api/v1/me", created.Token, nil), http.StatusUnauthorized)
		wantProblem(t, w.Do("DELETE", "/api/v1/me/tokens/"+created.ID, w.admin.Token, nil), http.StatusNotFound)
		if body := w.Must(http.StatusOK, "GET", "/api/v1/me/tokens", w.admin.Token, nil).Body; string(bytes.TrimSpace(body)) != "[]" {
			t.Errorf("tokens after revoking = %s, want []", body)
		}
	})
}

func TestDeactivatedUser(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		var pt struct {
			Token string `json:"token"`
		}
		w.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", bob.Token, map[string]string{"name": "cli"}).JSON(t, &pt)
		e := w.logEntry(bob, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 60})

		var view map[string]any
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bob.ID, w.admin.Token, map[string]any{"active": false}).JSON(t, &view)
		if view["active"] != false || view["role"] != "member" {
			t.Errorf("PATCH /users = %v, want an inactive member", view)
		}
		wrong := w.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.com", "password": "x"})
		login := w.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": bob.Email, "password": bob.Password})
		wantProblem(t, login, http.StatusUnauthorized)
		if !bytes.Equal(login.Body, wrong.Body) {
			t.Errorf("a deactivated login answers %s, a bad one %s", login.Body, wrong.Body)
		}
		wantProblem(t, w.Do("GET", "/api/v1/me", bob.Token, nil), http.StatusUnauthorized)
		wantProblem(t, w.Do("GET", "/api/v1/me", pt.Token, nil), http.StatusUnauthorized)
		wantProblem(t, refresh(w.Env, bob.Refresh), http.StatusUnauthorized)

		// History stays.
		if p := listEntries(w.Env, w.admin, "user_id="+bob.ID); len(p.Items) != 1 || p.Items[0].ID != e.ID {
			t.Errorf("admin sees %v of the deactivated user's entries, want [%s]", ids(p.Items), e.ID)
		}
		// Reactivated, Bob signs in again; his old personal token stays dead.
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bob.ID, w.admin.Token, map[string]any{"active": true})
		w.Login(bob.Email, bob.Password)
		wantProblem(t, w.Do("GET", "/api/v1/me", pt.Token, nil), http.StatusUnauthorized)
	})
}

func TestUserAdministration(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		var created map[string]any
		env.Must(http.StatusCreated, "POST", "/api/v1/users", ana.Token, map[string]any{
			"email": "Bob@Example.com", "name": "Bob", "password": "correct horse", "role": "member", "timezone": "Asia/Tokyo"}).JSON(t, &created)
		want := map[string]any{"email": "bob@example.com", "name": "Bob", "role": "member", "timezone": "Asia/Tokyo", "active": true,
			"workdays": []any{"mon", "tue", "wed", "thu", "fri"}, "daily_target_minutes": float64(480), "reminder_time": nil}
		for k, v := range want {
			if diff := cmp.Diff(v, created[k]); diff != "" {
				t.Errorf("created %s (-want +got):\n%s", k, diff)
			}
		}
		bobID := created["id"].(string)
		wantProblem(t, env.Do("POST", "/api/v1/users", ana.Token, map[string]any{
			"email": "BOB@example.com", "name": "Bob", "password": "correct horse", "role": "member"}), http.StatusConflict)
		wantProblem(t, env.Do("POST", "/api/v1/users", ana.Token, map[string]any{
			"email": "c@example.com", "name": "C", "password": "correct horse", "role": "owner"}), http.StatusUnprocessableEntity, "role")

		list := env.Must(http.StatusOK, "GET", "/api/v1/users", ana.Token, nil)
		var users []map[string]any
		list.JSON(t, &users)
		if len(users) != 2 || users[0]["name"] != "Ana" || users[1]["name"] != "Bob" {
			t.Errorf("GET /users = %s", list.Body)
		}
		if bytes.Contains(list.Body, []byte("$2a$")) || bytes.Contains(list.Body, []byte("password")) {
			t.Errorf("GET /users leaks password hashes: %s", list.Body)
		}

		// The last admin can be neither demoted nor deactivated.
		wantProblem(t, env.Do("PATCH", "/api/v1/users/"+ana.ID, ana.Token, map[string]any{"role": "member"}), http.StatusConflict)
		wantProblem(t, env.Do("PATCH", "/api/v1/users/"+ana.ID, ana.Token, map[string]any{"active": false}), http.StatusConflict)
		wantProblem(t, env.Do("PATCH", "/api/v1/users/"+ana.ID, ana.Token, map[string]any{"role": "owner"}), http.StatusUnprocessableEntity, "role")
		wantProblem(t, env.Do("PATCH", "/api/v1/users/nope", ana.Token, map[string]any{"role": "member"}), http.StatusNotFound)
		wantProblem(t, env.Do("PATCH", "/api/v1/users/"+bobID, ana.Token, map[string]any{"email": "x@example.com"}), http.StatusBadRequest)

		env.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bobID, ana.Token, map[string]any{"role": "admin"})
		env.Must(http.StatusOK, "PATCH", "/api/v1/users/"+ana.ID, ana.Token, map[string]any{"role": "member"})
		bob := env.Login("bob@example.com", "correct horse")
		wantProblem(t, env.Do("PATCH", "/api/v1/users/"+bob.ID, bob.Token, map[string]any{"role": "member"}), http.StatusConflict)
		// Ana's role is read per request: her old token no longer opens admin endpoints.
		wantProblem(t, env.Do("GET", "/api/v1/users", ana.Token, nil), http.StatusForbidden)
	})
}

func TestMembersCannotCallAdminEndpoints(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		var projects []struct {
			ID string `json:"id"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/projects", bob.Token, nil).JSON(t, &projects)
		cases := []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/v1/users", map[string]any{"email": "x@example.com", "name": "X", "password": "correct horse", "role": "admin"}},
			{"GET", "/api/v1/users", nil},
			{"PATCH", "/api/v1/users/" + bob.ID, map[string]any{"role": "admin"}},
			{"POST", "/api/v1/invites", nil},
			{"POST", "/api/v1/teams", map[string]any{"name": "Mine"}},
			{"POST", "/api/v1/projects", map[string]any{"name": "Mine"}},
			{"PATCH", "/api/v1/projects/" + projects[0].ID, map[string]any{"archived": true}},
			{"GET", "/api/v1/admin/jobs", nil},
			{"POST", "/api/v1/admin/jobs/closeout/run", nil},
			{"POST", "/api/v1/admin/recompute", nil},
			{"PUT", "/api/v1/admin/clock", map[string]any{"now": "2026-03-03T00:00:00Z"}},
		}
		for _, c := range cases {
			t.Run(c.method+" "+c.path, func(t *testing.T) {
				wantProblem(t, w.Do(c.method, c.path, bob.Token, c.body), http.StatusForbidden)
			})
		}
		// Nothing changed.
		if me := w.Must(http.StatusOK, "GET", "/api/v1/me", bob.Token, nil).Map(t); me["role"] != "member" {
			t.Errorf("bob became %v", me["role"])
		}
		if !w.Clock.Now().Equal(apitest.Monday) {
			t.Errorf("a member moved the clock to %s", w.Clock.Now())
		}
	})
}

func TestPasswordChange(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		other := env.Login(ana.Email, ana.Password)
		wantProblem(t, env.Do("PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "new password"}), http.StatusUnprocessableEntity, "current_password")
		wantProblem(t, env.Do("PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "new password", "current_password": "wrong one"}), http.StatusUnprocessableEntity, "current_password")
		wantProblem(t, env.Do("PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "short", "current_password": ana.Password}), http.StatusUnprocessableEntity, "password")
		// Nothing changed yet.
		env.Login(ana.Email, ana.Password)

		env.Must(http.StatusOK, "PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "new password", "current_password": ana.Password})
		// Every other session ends; the one that made the change goes on.
		wantProblem(t, refresh(env, other.Refresh), http.StatusUnauthorized)
		env.Must(http.StatusOK, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": ana.Refresh})
		wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": ana.Password}), http.StatusUnauthorized)
		env.Login(ana.Email, "new password")
	})
}

// bcrypt reads only 72 bytes; passwords may be 128 characters, and every one
// of them must count.
func TestLongPasswords(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{SignupOpen: true})
		long := strings.Repeat("p", 100) + "-end"
		env.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "",
			map[string]any{"email": "ana@example.com", "password": long, "name": "Ana"})
		ana := env.Login("ana@example.com", long)
		wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": long[:72]}), http.StatusUnauthorized)
		wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": strings.Repeat("p", 100) + "-END"}), http.StatusUnauthorized)

		// Lengths are characters, not bytes: 128 two-byte characters pass, 7 do not.
		wide := strings.Repeat("é", 128)
		wantProblem(t, register(env, map[string]any{"email": "bob@example.com", "password": strings.Repeat("é", 7), "name": "Bob"}), http.StatusUnprocessableEntity, "password")
		env.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "", map[string]any{"email": "bob@example.com", "password": wide, "name": "Bob"})
		env.Login("bob@example.com", wide)

		// Changing to and from a long password.
		wider := strings.Repeat("é", 127) + "x"
		env.Must(http.StatusOK, "PATCH", "/api/v1/me", ana.Token, map[string]any{"password": wider, "current_password": long})
		ana = env.Login("ana@example.com", wider) // a password change ends the access tokens issued before
		wantProblem(t, env.Do("PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "short one", "current_password": long}), http.StatusUnprocessableEntity, "current_password")
		env.Must(http.StatusOK, "PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "short one", "current_password": wider})
		env.Login("ana@example.com", "short one")
	})
}

// TestDeactivatedElsewhere: a user deactivated by another replica (here,
// straight in the database) is refused within the user cache's second.
func TestDeactivatedElsewhere(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		w.Must(http.StatusOK, "GET", "/api/v1/me", bob.Token, nil) // cached now
		if err := w.DB.W.Exec("UPDATE users SET active = ? WHERE id = ?", false, bob.ID).Error; err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Second)
		for w.Do("GET", "/api/v1/me", bob.Token, nil).Status != http.StatusUnauthorized {
			if time.Now().After(deadline) {
				t.Fatal("a user deactivated by another process was still let in after 3 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}
