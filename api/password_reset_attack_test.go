package api_test

import (
	"net/http"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// A reset link is a way in like a token: deactivating the person ends it,
// and reactivating them revives it no more than their old tokens
// (PRODUCT.md §7); changing the password ends it as it ends tokens. Eight
// uses of one link at once sign in once.
func TestPasswordResetAttacks(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{SignupOpen: true})
		bea := w.Register("Bea")
		body := func(code string) map[string]string {
			return map[string]string{"code": code, "password": "a new secret"}
		}

		before := w.resetFor(bea)
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bea.ID, w.admin.Token, map[string]any{"active": false})
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bea.ID, w.admin.Token, map[string]any{"active": true})
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", body(before.Code)), http.StatusForbidden)
		bea = w.Login(bea.Email, bea.Password) // nothing changed

		// Bea remembers and changes her password: the link sent for the
		// forgotten one is over too.
		forgotten := w.resetFor(bea)
		w.Must(http.StatusOK, "PATCH", "/api/v1/me", bea.Token, map[string]string{"current_password": bea.Password, "password": "remembered it"})
		wantProblem(t, w.Do("POST", "/api/v1/auth/password-reset", "", body(forgotten.Code)), http.StatusForbidden)
		w.Login(bea.Email, "remembered it")

		rc := w.resetFor(bea)
		counts := statusCounts(t, concurrently(w.Env, 8, "POST", "/api/v1/auth/password-reset", "", mustJSON(t, body(rc.Code))))
		if counts[http.StatusOK] != 1 || counts[http.StatusOK]+counts[http.StatusForbidden] != 8 {
			t.Errorf("eight uses of one link at once: %v", counts)
		}
		w.Login(bea.Email, "a new secret")
	})
}
