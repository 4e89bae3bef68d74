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

// TestTeamMembership: team membership is the admin's (PRODUCT.md §7).
// The admin adds, promotes, demotes and removes; a lead, like any member,
// gets 403 for each, and nothing changes. Members see each other's names;
// only the team's leads and the admin see emails.
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
		w.Must(http.StatusCreated, "PUT", path(alpha, mia), w.admin.Token, nil) // role defaults to member
		wantProblem(t, w.Do("PUT", path(alpha, noa), w.admin.Token, map[string]string{"role": "owner"}), http.StatusUnprocessableEntity, "role")
		wantProblem(t, w.Do("PUT", "/api/v1/teams/"+alpha+"/members/nobody", w.admin.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("PUT", "/api/v1/teams/nope/members/"+noa.ID, w.admin.Token, nil), http.StatusNotFound)

		// The lead cannot add, promote, demote or remove, in her team or
		// another; neither can a member.
		for _, tc := range []struct {
			who          *apitest.User
			method, path string
			body         any
		}{
			{lea, "PUT", path(alpha, noa), nil},
			{lea, "PUT", path(alpha, w.admin), map[string]string{"role": "member"}},
			{lea, "PUT", path(alpha, mia), map[string]string{"role": "lead"}},
			{lea, "PUT", path(alpha, lea), map[string]string{"role": "member"}},
			{lea, "DELETE", path(alpha, mia), nil},
			{lea, "PUT", path(beta, noa), nil},
			{mia, "PUT", path(alpha, mia), map[string]string{"role": "lead"}},
			{mia, "PUT", path(alpha, noa), nil},
			{mia, "DELETE", path(alpha, lea), nil},
		} {
			wantProblem(t, w.Do(tc.method, tc.path, tc.who.Token, tc.body), http.StatusForbidden)
		}

		type m struct{ ID, Name, Email, Role string }
		members := func(u *apitest.User) []m {
			t.Helper()
			var rows []memberRow
			w.Must(http.StatusOK, "GET", "/api/v1/teams/"+alpha+"/members", u.Token, nil).JSON(t, &rows)
			out := []m{}
			for _, x := range rows {
				out = append(out, m{x.User.ID, x.User.Name, x.User.Email, x.Role})
			}
			return out
		}
		withEmails := []m{{lea.ID, "Lea", lea.Email, "lead"}, {mia.ID, "Mia", mia.Email, "member"}}
		if diff := cmp.Diff(withEmails, members(w.admin)); diff != "" {
			t.Errorf("the lead changed the team (or the admin sees no emails) (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(withEmails, members(lea)); diff != "" {
			t.Errorf("the lead sees (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]m{{lea.ID, "Lea", "", "lead"}, {mia.ID, "Mia", "", "member"}}, members(mia)); diff != "" {
			t.Errorf("a member sees names, never emails (-want +got):\n%s", diff)
		}
		// A lead of another team who is a plain member here sees no emails.
		w.join(beta, noa, "lead")
		w.join(alpha, noa, "member")
		for _, x := range members(noa) {
			if x.Email != "" && x.ID != noa.ID {
				t.Errorf("Noa, a plain member of Alpha, sees %s", x.Email)
			}
		}

		// The admin demotes and removes; removing twice is 404.
		w.Must(http.StatusOK, "PUT", path(alpha, lea), w.admin.Token, map[string]string{"role": "member"})
		w.Must(http.StatusNoContent, "DELETE", path(alpha, noa), w.admin.Token, nil)
		wantProblem(t, w.Do("DELETE", path(alpha, noa), w.admin.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/teams/"+alpha, noa.Token, nil), http.StatusNotFound)
		if got := members(w.admin); len(got) != 2 || got[0].Role != "member" {
			t.Errorf("after demoting Lea and removing Noa: %+v", got)
		}
	})
}
