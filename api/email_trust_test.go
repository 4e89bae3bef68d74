package api_test

import (
	"net/http"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// With open signup anyone can register any email. Such an account is not
// handed to whoever the identity provider says owns that email, and a
// Slack account with that email is not linked to it; an account an admin
// made, or one registered with an invite tied to its email, is.
func TestUnverifiedEmailsAreNotTrusted(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newOIDCWorld(t, dialect, apitest.Options{SignupOpen: true}, nil)
		wantStatus(t, "the first person, the admin", w.signIn(w.person("ada@acme.example"), ""), http.StatusCreated)
		eve := w.Register("Eve", "email", "carl@example.com")
		r := w.signIn(w.person("carl@example.com"), "")
		wantStatus(t, "the real Carl, through the provider, onto Eve's account", r, http.StatusForbidden)
		wantProblem(t, r, http.StatusForbidden)
		w.Must(http.StatusOK, "GET", "/api/v1/me", eve.Token, nil)
	})
}

// A Slack link made with a one-time link ends with the person's sessions
// (a password reset, a deactivation): whoever opened it while signed in as
// them may not have been them. A self-registered email is not linked by
// email, so its owner's Slack time does not land in the squatter's account.
func TestSlackLinksFollowTrust(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newSlackWorld(t, dialect, apitest.Options{SignupOpen: true})
		bo := w.CreateUser(w.admin, "Bo", "UTC")
		eveS := w.member("U0EVE", "eve", "eve@elsewhere.example")
		code := linkCode.FindStringSubmatch(w.command(eveS, "today").Text)[2]
		w.Must(http.StatusOK, "POST", "/api/v1/me/integrations/slack/link", bo.Token, map[string]string{"code": code})
		if linkCode.FindStringSubmatch(w.command(eveS, "today").Text) != nil {
			t.Fatal("the link did not take")
		}
		rc := w.resetFor(bo)
		w.Must(http.StatusOK, "POST", "/api/v1/auth/password-reset", "", map[string]string{"code": rc.Code, "password": "bo's new secret"})
		if linkCode.FindStringSubmatch(w.command(eveS, "today").Text) == nil {
			t.Error("after Bo's password reset, the Slack account linked while signed in as him still reads his day")
		}

		// Linked again, then deactivated and reactivated: the link is gone.
		bo = w.Login(bo.Email, "bo's new secret")
		w.Clock.Advance(1)
		code = linkCode.FindStringSubmatch(w.command(eveS, "today").Text)[2]
		w.Must(http.StatusOK, "POST", "/api/v1/me/integrations/slack/link", bo.Token, map[string]string{"code": code})
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bo.ID, w.admin.Token, map[string]any{"active": false})
		w.Must(http.StatusOK, "PATCH", "/api/v1/users/"+bo.ID, w.admin.Token, map[string]any{"active": true})
		if linkCode.FindStringSubmatch(w.command(eveS, "today").Text) == nil {
			t.Error("after Bo's deactivation, the Slack account linked while signed in as him still reads his day")
		}

		carlS := w.member("U0CARL", "carl", "carl@example.com")
		eve := w.Register("Eve", "email", "carl@example.com")
		w.command(carlS, "30m build the quarterly salary sheet")
		var page struct {
			Items []struct{ Note string } `json:"items"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/entries", eve.Token, nil).JSON(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("Carl's Slack time is in the account Eve registered with his email: %+v", page.Items)
		}
	})
}
