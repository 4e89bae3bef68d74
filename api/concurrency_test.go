package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// Double taps and retries race: each of these must answer as if the
// requests came one after another, never with a 5xx.

func TestConcurrentTimeOff(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		got := statusCounts(t, concurrently(w.Env, 8, "PUT", "/api/v1/me/time-off/2026-03-04", w.admin.Token, ""))
		if got[http.StatusCreated] != 1 || got[http.StatusOK] != 7 {
			t.Errorf("8 concurrent PUTs: %v, want one 201 and seven 200", got)
		}
	})
}

func TestConcurrentTeamMember(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		team := w.team("Alpha")
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		got := statusCounts(t, concurrently(w.Env, 8, "PUT", "/api/v1/teams/"+team+"/members/"+bob.ID, w.admin.Token, `{"role":"lead"}`))
		if got[http.StatusCreated] != 1 || got[http.StatusOK] != 7 {
			t.Errorf("8 concurrent PUTs: %v, want one 201 and seven 200", got)
		}
		var members []memberRow
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+team+"/members", w.admin.Token, nil).JSON(t, &members)
		if len(members) != 1 || members[0].Role != "lead" {
			t.Errorf("members = %+v, want Bob as lead", members)
		}
	})
}

func TestConcurrentUserCreation(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		admin := env.Register("Ana")
		body := mustJSON(t, map[string]any{"email": "bob@example.com", "name": "Bob", "password": "correct horse", "role": "member"})
		got := statusCounts(t, concurrently(env, 8, "POST", "/api/v1/users", admin.Token, body))
		if got[http.StatusCreated] != 1 || got[http.StatusConflict] != 7 {
			t.Errorf("8 concurrent creations of one email: %v, want one 201 and seven 409", got)
		}
	})
}

// Only one person can be the first to register.
func TestConcurrentFirstRegistration(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		var bodies []string
		for i := range 8 {
			bodies = append(bodies, mustJSON(t, map[string]any{"email": fmt.Sprintf("user%d@example.com", i), "name": "U", "password": "correct horse"}))
		}
		got := statusCounts(t, concurrentBodies(env, "POST", "/api/v1/auth/register", "", bodies))
		if got[http.StatusCreated] != 1 || got[http.StatusForbidden] != 7 {
			t.Errorf("8 concurrent first registrations: %v, want one 201 (the admin) and seven 403", got)
		}
	})
}
