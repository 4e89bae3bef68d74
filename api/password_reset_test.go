package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type resetCode struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (w *world) resetFor(u *apitest.User) resetCode {
	w.T.Helper()
	var rc resetCode
	w.Must(http.StatusCreated, "POST", "/api/v1/users/"+u.ID+"/password-reset", w.admin.Token, nil).JSON(w.T, &rc)
	return rc
}

// An admin issues a reset code for someone who forgot their password: it
// sets a new password once, signs them in, and ends their other sessions
// and tokens; the old password stops working.
func TestPasswordReset(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{SignupOpen: true})
		bea := w.Register("Bea")
		var tok struct {
			Token string `json:"token"`
		}
		w.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", bea.Token, map[string]any{"name": "script"}).JSON(t, &tok)

		rc := w.resetFor(bea)
		if rc.UserID != bea.ID || rc.Code == "" || !rc.ExpiresAt.Equal(w.Clock.Now().Add(24*time.Hour).Truncate(time.Second)) && rc.ExpiresAt.Sub(w.Clock.Now()) != 24*time.Hour {
			t.Fatalf("reset = %+v (now %s)", rc, w.Clock.Now())
		}
		// Bad input changes nothing.
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", map[string]string{"code": rc.Code, "password": "short"}), http.StatusUnprocessableEntity, "password")
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", map[string]string{"password": "long enough"}), http.StatusUnprocessableEntity, "code")
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", map[string]string{"code": "pwr_nope", "password": "long enough"}), http.StatusForbidden)
		w.Must(http.StatusOK, "GET", "/api/v1/me", bea.Token, nil)

		var s struct {
			User struct {
				ID string `json:"id"`
			} `json:"user"`
			AccessToken string `json:"access_token"`
		}
		w.Must(http.StatusOK, "POST", "/api/v1/auth/password-reset", "", map[string]string{"code": rc.Code, "password": "a new secret"}).JSON(t, &s)
		if s.User.ID != bea.ID || s.AccessToken == "" {
			t.Fatalf("session = %+v", s)
		}
		w.Must(http.StatusOK, "GET", "/api/v1/me", s.AccessToken, nil)
		wantProblem(t, w.Do("GET", "/api/v1/me", bea.Token, nil), http.StatusUnauthorized)
		wantProblem(t, w.Do("GET", "/api/v1/me", tok.Token, nil), http.StatusUnauthorized)
		wantProblem(t, w.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": bea.Refresh}), http.StatusUnauthorized)
		wantProblem(t, w.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": bea.Email, "password": bea.Password}), http.StatusUnauthorized)
		w.Login(bea.Email, "a new secret")

		// Single use.
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", map[string]string{"code": rc.Code, "password": "third secret"}), http.StatusForbidden)
	})
}

// Only the newest code works, a code expires after 24 hours, a deactivated
// person gets none and cannot use one issued before, and only an admin
// issues them.
func TestPasswordResetLimits(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{SignupOpen: true})
		bea := w.Register("Bea")
		first := w.resetFor(bea)
		second := w.resetFor(bea)
		body := func(code string) map[string]string {
			return map[string]string{"code": code, "password": "a new secret"}
		}
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", body(first.Code)), http.StatusForbidden)

		w.Clock.Advance(24*time.Hour + time.Second)
		w.Relogin(w.admin)
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", body(second.Code)), http.StatusForbidden)

		third := w.resetFor(bea)
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bea.ID, w.admin.Token, map[string]any{"active": false})
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", body(third.Code)), http.StatusForbidden)
		wantProblem(t, w.Do("POST", "/api/v1/users/"+bea.ID+"/password-reset", w.admin.Token, nil), http.StatusConflict)
		wantProblem(t, w.Do("POST", "/api/v1/users/nobody/password-reset", w.admin.Token, nil), http.StatusNotFound)

		cid := w.Register("Cid")
		wantProblem(t, w.Do("POST", "/api/v1/users/"+cid.ID+"/password-reset", cid.Token, nil), http.StatusForbidden)
		wantProblem(t, w.Do("POST", "/api/v1/users/"+cid.ID+"/password-reset", w.admin.Token, map[string]any{"x": 1}), http.StatusBadRequest)
	})
}

// The admin's list of people says which teams each is on, in which role,
// and the date of their latest entry.
func TestPeopleListFacts(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{SignupOpen: true})
		bea := w.Register("Bea")
		crew := w.team("Crew")
		w.join(crew, bea, "lead")
		yesterday := w.Clock.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
		w.Log(bea, w.task, yesterday, 30)
		// A deleted entry is no last entry.
		gone := w.Log(w.admin, w.task, yesterday, 15)
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/entries/"+gone, w.admin.Token, nil)
		var people []struct {
			ID    string `json:"id"`
			Teams []struct {
				ID, Name, Role string
			} `json:"teams"`
			LastEntryOn *string `json:"last_entry_on"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/users", w.admin.Token, nil).JSON(t, &people)
		seen := 0
		for _, p := range people {
			switch p.ID {
			case bea.ID:
				seen++
				if len(p.Teams) != 1 || p.Teams[0].ID != crew || p.Teams[0].Name != "Crew" || p.Teams[0].Role != "lead" || p.LastEntryOn == nil || *p.LastEntryOn != yesterday {
					t.Errorf("Bea = %+v", p)
				}
			case w.admin.ID:
				seen++
				if len(p.Teams) != 0 || p.LastEntryOn != nil {
					t.Errorf("admin = %+v", p)
				}
			}
		}
		if seen != 2 {
			t.Errorf("people = %+v", people)
		}
	})
}
