package api_test

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type openInvite struct {
	ID       string  `json:"id"`
	Email    string  `json:"email"`
	TeamID   *string `json:"team_id"`
	TeamName *string `json:"team_name"`
}

type newInvite struct {
	ID     string  `json:"id"`
	Code   string  `json:"code"`
	Email  string  `json:"email"`
	TeamID *string `json:"team_id"`
}

func (w *world) openInvites() []openInvite {
	w.T.Helper()
	var list []openInvite
	w.Must(http.StatusOK, "GET", "/api/v1/invites", w.admin.Token, nil).JSON(w.T, &list)
	return list
}

func inviteIDs(list []openInvite) []string {
	out := []string{}
	for _, i := range list {
		out = append(out, i.ID)
	}
	return out
}

// An invite can put the person who uses it straight into a team, as a
// member: they see the team's leaderboard at once.
func TestInviteIntoATeam(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		team := w.team("Crew")
		var inv newInvite
		w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token,
			map[string]string{"email": "Nia@Example.com", "team_id": team}).JSON(t, &inv)
		if inv.ID == "" || inv.Code == "" || inv.Email != "nia@example.com" || inv.TeamID == nil || *inv.TeamID != team {
			t.Fatalf("invite = %+v", inv)
		}
		nia := w.Register("Nia", "invite_code", inv.Code)
		var members []memberRow
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+team+"/members", w.admin.Token, nil).JSON(t, &members)
		if len(members) != 1 || members[0].User.ID != nia.ID || members[0].Role != "member" {
			t.Errorf("members = %+v, want Nia as member", members)
		}
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+team+"/leaderboard", nia.Token, nil)
		var mine []teamView
		w.Must(http.StatusOK, "GET", "/api/v1/teams", nia.Token, nil).JSON(t, &mine)
		if diff := cmp.Diff([]string{"Crew"}, teamNames(mine)); diff != "" {
			t.Errorf("Nia's teams (-want +got):\n%s", diff)
		}

		// An invite without a team leaves the person in none.
		w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token, nil).JSON(t, &inv)
		if inv.TeamID != nil || inv.Email != "" {
			t.Errorf("plain invite = %+v", inv)
		}
		omar := w.Register("Omar", "invite_code", inv.Code)
		w.Must(http.StatusOK, "GET", "/api/v1/teams", omar.Token, nil).JSON(t, &mine)
		if len(mine) != 0 {
			t.Errorf("Omar's teams = %v, want none", mine)
		}

		before := w.openInvites()
		wantProblem(t, w.Do("POST", "/api/v1/invites", w.admin.Token, map[string]string{"team_id": "no-such-team"}), http.StatusUnprocessableEntity, "team_id")
		wantProblem(t, w.Do("POST", "/api/v1/invites", w.admin.Token, map[string]string{"email": "not-an-email", "team_id": "nope"}), http.StatusUnprocessableEntity, "email", "team_id")
		wantProblem(t, w.Do("POST", "/api/v1/invites", w.admin.Token, map[string]any{"team_id": 7}), http.StatusUnprocessableEntity, "team_id")
		wantProblem(t, w.Do("POST", "/api/v1/invites", nia.Token, map[string]string{"team_id": team}), http.StatusForbidden)
		if diff := cmp.Diff(inviteIDs(before), inviteIDs(w.openInvites())); diff != "" {
			t.Errorf("a refused invite was made (-before +after):\n%s", diff)
		}
	})
}

// The admin lists open invites (no codes) and revokes one by id or code; a
// revoked code no longer registers; used and expired invites are not open.
func TestListAndRevokeInvites(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		team := w.team("Crew")
		if got := w.openInvites(); len(got) != 0 {
			t.Fatalf("open invites on a fresh install = %+v", got)
		}
		var a, b, c, used newInvite
		w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token, map[string]string{"email": "a@example.com"}).JSON(t, &a)
		w.Clock.Advance(time.Minute)
		w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token, map[string]string{"team_id": team}).JSON(t, &b)
		w.Clock.Advance(time.Minute)
		w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token, nil).JSON(t, &c)
		w.Clock.Advance(time.Minute)
		w.Must(http.StatusCreated, "POST", "/api/v1/invites", w.admin.Token, nil).JSON(t, &used)
		w.Register("Uma", "invite_code", used.Code)

		list := w.openInvites()
		if diff := cmp.Diff([]string{c.ID, b.ID, a.ID}, inviteIDs(list)); diff != "" {
			t.Fatalf("open invites, newest first (-want +got):\n%s", diff)
		}
		if list[2].Email != "a@example.com" || list[1].TeamName == nil || *list[1].TeamName != "Crew" || list[0].TeamID != nil {
			t.Errorf("open invites = %+v", list)
		}
		r := w.Must(http.StatusOK, "GET", "/api/v1/invites", w.admin.Token, nil)
		for _, code := range []string{a.Code, b.Code, c.Code} {
			if bytes.Contains(r.Body, []byte(code)) {
				t.Errorf("the list shows a code: %s", r.Body)
			}
		}

		member := w.CreateUser(w.admin, "Mo", "UTC")
		wantProblem(t, w.Do("GET", "/api/v1/invites", member.Token, nil), http.StatusForbidden)
		wantProblem(t, w.Do("DELETE", "/api/v1/invites/"+a.ID, member.Token, nil), http.StatusForbidden)
		wantProblem(t, w.Do("GET", "/api/v1/invites", "", nil), http.StatusUnauthorized)

		w.Must(http.StatusNoContent, "DELETE", "/api/v1/invites/"+a.ID, w.admin.Token, nil)
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/invites/"+b.Code, w.admin.Token, nil)
		wantProblem(t, w.Do("DELETE", "/api/v1/invites/"+a.ID, w.admin.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("DELETE", "/api/v1/invites/"+used.Code, w.admin.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("DELETE", "/api/v1/invites/no-such-invite", w.admin.Token, nil), http.StatusNotFound)
		if diff := cmp.Diff([]string{c.ID}, inviteIDs(w.openInvites())); diff != "" {
			t.Errorf("open invites after revoking (-want +got):\n%s", diff)
		}
		for _, code := range []string{a.Code, b.Code} {
			wantProblem(t, w.Do("POST", "/api/v1/auth/register", "", map[string]string{
				"email": "a@example.com", "password": "correct horse", "name": "A", "invite_code": code}), http.StatusForbidden)
		}

		w.Clock.Advance(8 * 24 * time.Hour)
		w.Relogin(w.admin)
		if got := w.openInvites(); len(got) != 0 {
			t.Errorf("expired invites are listed: %+v", got)
		}
	})
}

func TestPatchTeam(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		team := w.team("Crew")
		var tv teamView
		w.Must(http.StatusOK, "PATCH", "/api/v1/teams/"+team, w.admin.Token, map[string]string{"name": " Night Crew "}).JSON(t, &tv)
		if tv.ID != team || tv.Name != "Night Crew" || tv.Timezone != "UTC" {
			t.Errorf("renamed team = %+v", tv)
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/teams/"+team, w.admin.Token, map[string]string{"timezone": "Asia/Tokyo"}).JSON(t, &tv)
		if tv.Name != "Night Crew" || tv.Timezone != "Asia/Tokyo" {
			t.Errorf("team with a new zone = %+v", tv)
		}
		wantProblem(t, w.Do("PATCH", "/api/v1/teams/"+team, w.admin.Token, map[string]string{"name": ""}), http.StatusUnprocessableEntity, "name")
		wantProblem(t, w.Do("PATCH", "/api/v1/teams/"+team, w.admin.Token, map[string]string{"name": "Ok", "timezone": "Mars/Base"}), http.StatusUnprocessableEntity, "timezone")
		wantProblem(t, w.Do("PATCH", "/api/v1/teams/"+team, w.admin.Token, map[string]string{"timezone": ""}), http.StatusUnprocessableEntity, "timezone")
		wantProblem(t, w.Do("PATCH", "/api/v1/teams/"+team, w.admin.Token, map[string]string{"colour": "red"}), http.StatusBadRequest)
		wantProblem(t, w.Do("PATCH", "/api/v1/teams/no-such-team", w.admin.Token, map[string]string{"name": "X"}), http.StatusNotFound)
		lead := w.CreateUser(w.admin, "Lee", "UTC")
		w.Must(http.StatusCreated, "PUT", "/api/v1/teams/"+team+"/members/"+lead.ID, w.admin.Token, map[string]string{"role": "lead"})
		wantProblem(t, w.Do("PATCH", "/api/v1/teams/"+team, lead.Token, map[string]string{"name": "Lee's"}), http.StatusForbidden)
		w.Must(http.StatusOK, "GET", "/api/v1/teams/"+team, lead.Token, nil).JSON(t, &tv)
		if tv.Name != "Night Crew" || tv.Timezone != "Asia/Tokyo" {
			t.Errorf("after refused changes the team is %+v", tv)
		}
	})
}
