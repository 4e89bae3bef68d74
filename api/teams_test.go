package api_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type teamView struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
}

type memberRow struct {
	User struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email"`
	} `json:"user"`
	Role string `json:"role"`
}

func teamNames(ts []teamView) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

func TestCreateTeams(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		var tv teamView
		w.Must(http.StatusCreated, "POST", "/api/v1/teams", w.admin.Token, map[string]string{"name": " Berlin ", "timezone": "Europe/Berlin"}).JSON(t, &tv)
		if tv.ID == "" || tv.Name != "Berlin" || tv.Timezone != "Europe/Berlin" {
			t.Errorf("team = %+v", tv)
		}
		w.Must(http.StatusCreated, "POST", "/api/v1/teams", w.admin.Token, map[string]string{"name": "Remote"}).JSON(t, &tv)
		if tv.Timezone != "UTC" {
			t.Errorf("default team zone = %q, want UTC", tv.Timezone)
		}
		wantProblem(t, w.Do("POST", "/api/v1/teams", w.admin.Token, map[string]string{"name": ""}), http.StatusUnprocessableEntity, "name")
		wantProblem(t, w.Do("POST", "/api/v1/teams", w.admin.Token, map[string]string{"name": "X", "timezone": "Mars/Base"}), http.StatusUnprocessableEntity, "timezone")
		wantProblem(t, w.Do("POST", "/api/v1/teams", w.admin.Token, map[string]string{"name": "X", "lead": "me"}), http.StatusBadRequest)
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		wantProblem(t, w.Do("POST", "/api/v1/teams", bob.Token, map[string]string{"name": "Bob's"}), http.StatusForbidden)

		var all []teamView
		w.Must(http.StatusOK, "GET", "/api/v1/teams", w.admin.Token, nil).JSON(t, &all)
		if diff := cmp.Diff([]string{"Berlin", "Remote"}, teamNames(all)); diff != "" {
			t.Errorf("admin's teams (-want +got):\n%s", diff)
		}
	})
}

func TestTeamVisibility(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		alpha, beta, gamma := w.team("Alpha"), w.team("Beta"), w.team("Gamma")
		mia := w.CreateUser(w.admin, "Mia", "UTC")
		loner := w.CreateUser(w.admin, "Loner", "UTC")
		w.join(alpha, mia, "member")
		w.join(gamma, mia, "lead")

		var mine []teamView
		w.Must(http.StatusOK, "GET", "/api/v1/teams", mia.Token, nil).JSON(t, &mine)
		if diff := cmp.Diff([]string{"Alpha", "Gamma"}, teamNames(mine)); diff != "" {
			t.Errorf("Mia's teams (-want +got):\n%s", diff)
		}
		if r := w.Must(http.StatusOK, "GET", "/api/v1/teams", loner.Token, nil); string(r.Body) != "[]\n" {
			t.Errorf("a user in no team sees %s, want []", r.Body)
		}
		var tv teamView
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+alpha, mia.Token, nil).JSON(t, &tv)
		if tv.ID != alpha || tv.Name != "Alpha" {
			t.Errorf("GET own team = %+v", tv)
		}
		wantProblem(t, w.Do("GET", "/api/v1/teams/"+beta, mia.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/teams/"+beta+"/members", mia.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/teams/nope", w.admin.Token, nil), http.StatusNotFound)
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+beta, w.admin.Token, nil)
	})
}

func TestTeamMembership(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		alpha, beta := w.team("Alpha"), w.team("Beta")
		lea := w.CreateUser(w.admin, "Lea", "UTC")
		mia := w.CreateUser(w.admin, "Mia", "UTC")
		noa := w.CreateUser(w.admin, "Noa", "UTC")
		path := func(team string, u *apitest.User) string { return "/api/v1/teams/" + team + "/members/" + u.ID }

		// The admin makes Lea lead: created, then a role change is an update.
		r := w.Must(http.StatusCreated, "PUT", path(alpha, lea), w.admin.Token, map[string]string{"role": "member"})
		if diff := cmp.Diff(map[string]any{"team_id": alpha, "user_id": lea.ID, "role": "member"}, r.Map(t)); diff != "" {
			t.Errorf("PUT member (-want +got):\n%s", diff)
		}
		w.Must(http.StatusOK, "PUT", path(alpha, lea), w.admin.Token, map[string]string{"role": "lead"})

		// Lea manages Alpha: add (role defaults to member), promote, remove.
		w.Must(http.StatusCreated, "PUT", path(alpha, mia), lea.Token, nil)
		w.Must(http.StatusCreated, "PUT", path(alpha, noa), lea.Token, map[string]string{"role": "member"})
		w.Must(http.StatusOK, "PUT", path(alpha, noa), lea.Token, map[string]string{"role": "lead"})
		w.Must(http.StatusOK, "PUT", path(alpha, noa), lea.Token, map[string]string{"role": "member"})
		wantProblem(t, w.Do("PUT", path(alpha, noa), lea.Token, map[string]string{"role": "owner"}), http.StatusUnprocessableEntity, "role")
		wantProblem(t, w.Do("PUT", "/api/v1/teams/"+alpha+"/members/nobody", lea.Token, nil), http.StatusNotFound)

		var members []memberRow
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+alpha+"/members", mia.Token, nil).JSON(t, &members)
		type m struct{ ID, Name, Email, Role string }
		var got []m
		for _, x := range members {
			got = append(got, m{x.User.ID, x.User.Name, x.User.Email, x.Role})
		}
		want := []m{{lea.ID, "Lea", lea.Email, "lead"}, {mia.ID, "Mia", mia.Email, "member"}, {noa.ID, "Noa", noa.Email, "member"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("members (-want +got):\n%s", diff)
		}

		// A member cannot manage; a lead cannot manage another team.
		wantProblem(t, w.Do("PUT", path(alpha, w.admin), mia.Token, nil), http.StatusForbidden)
		wantProblem(t, w.Do("PUT", path(alpha, mia), mia.Token, map[string]string{"role": "lead"}), http.StatusForbidden)
		wantProblem(t, w.Do("DELETE", path(alpha, noa), mia.Token, nil), http.StatusForbidden)
		wantProblem(t, w.Do("PUT", path(beta, mia), lea.Token, nil), http.StatusNotFound)
		w.join(beta, lea, "member")
		wantProblem(t, w.Do("PUT", path(beta, mia), lea.Token, nil), http.StatusForbidden)

		w.Must(http.StatusNoContent, "DELETE", path(alpha, noa), lea.Token, nil)
		wantProblem(t, w.Do("DELETE", path(alpha, noa), lea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/teams/"+alpha, noa.Token, nil), http.StatusNotFound)
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+alpha+"/members", w.admin.Token, nil).JSON(t, &members)
		if len(members) != 2 {
			t.Errorf("%d members after removing Noa, want 2", len(members))
		}
		// The admin manages every team without being in it.
		w.Must(http.StatusNoContent, "DELETE", path(alpha, mia), w.admin.Token, nil)
	})
}
