package api_test

import (
	"encoding/csv"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestLeadSeesMembershipDates: a lead sees a member's entries, one entry,
// the CSV export and the reports only for the dates on which the member
// belonged to the lead's team: from the member's local date of joining
// through their local date of leaving, each period again after re-joining.
// Kai lives in Auckland, a day ahead of the UTC clock at noon.
func TestLeadSeesMembershipDates(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		alpha, beta := w.team("Alpha"), w.team("Beta")
		lea := w.CreateUser(w.admin, "Lea", "UTC")
		bea := w.CreateUser(w.admin, "Bea", "UTC")
		kai := w.CreateUser(w.admin, "Kai", "Pacific/Auckland")
		w.join(alpha, lea, "lead")
		w.join(beta, bea, "lead")
		member := "/api/v1/teams/" + alpha + "/members/" + kai.ID

		ids := map[string]string{} // date -> Kai's entry
		log := func(date string, minutes int) { ids[date] = w.Log(kai, w.task, date, minutes) }
		at := func(s string) {
			d, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatal(err)
			}
			w.Set(d)
			for _, u := range []*apitest.User{w.admin, lea, bea, kai} {
				w.Relogin(u) // access tokens last 15 minutes
			}
		}

		// Monday 12:00 UTC is Tuesday 01:00 in Auckland: Kai joins on his
		// Tuesday 2026-03-03, so Monday's entry is from before.
		log("2026-03-02", 10)
		w.Must(http.StatusCreated, "PUT", member, w.admin.Token, nil)
		log("2026-03-03", 20)
		at("2026-03-04T12:00:00Z") // Thursday 03-05 in Auckland: he logs, then leaves
		log("2026-03-05", 30)
		w.Must(http.StatusNoContent, "DELETE", member, w.admin.Token, nil)
		at("2026-03-06T12:00:00Z") // Saturday 03-07: out of the team
		log("2026-03-06", 40)
		log("2026-03-07", 50)
		at("2026-03-08T12:00:00Z") // Monday 03-09: back in, a new period
		w.Must(http.StatusCreated, "PUT", member, w.admin.Token, map[string]string{"role": "member"})
		log("2026-03-09", 60)

		all := []string{"2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-09"}
		inTeam := []string{"2026-03-03", "2026-03-05", "2026-03-09"}
		const rangeQ = "from=2026-03-01&to=2026-03-10"

		listed := func(u *apitest.User, query string) []string {
			t.Helper()
			out := []string{}
			cursor := ""
			for {
				var page struct {
					Items []struct {
						ID, Date string
					}
					NextCursor string `json:"next_cursor"`
				}
				w.Must(http.StatusOK, "GET", "/api/v1/entries?"+query+"&limit=2&cursor="+cursor, u.Token, nil).JSON(t, &page)
				for _, e := range page.Items {
					if ids[e.Date] != e.ID {
						t.Errorf("listed entry %s of %s is not Kai's", e.ID, e.Date)
					}
					out = append(out, e.Date)
				}
				if cursor = page.NextCursor; cursor == "" {
					break
				}
			}
			sort.Strings(out)
			return out
		}
		exported := func(u *apitest.User) []string {
			t.Helper()
			r := w.Must(http.StatusOK, "GET", "/api/v1/entries/export.csv?user_id="+kai.ID+"&"+rangeQ, u.Token, nil)
			rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, row := range rows[1:] {
				out = append(out, row[0])
			}
			return out
		}
		summed := func(u *apitest.User, query string) ([]string, int) {
			t.Helper()
			var s struct {
				TotalMinutes int `json:"total_minutes"`
				Groups       []struct{ Key string }
			}
			w.Must(http.StatusOK, "GET", "/api/v1/reports/summary?group_by=day&"+rangeQ+"&"+query, u.Token, nil).JSON(t, &s)
			out := []string{}
			for _, g := range s.Groups {
				out = append(out, g.Key)
			}
			sort.Strings(out)
			return out, s.TotalMinutes
		}

		for _, c := range []struct {
			name    string
			who     *apitest.User
			want    []string
			minutes int
		}{
			{"Kai himself", kai, all, 210},
			{"the admin", w.admin, all, 210},
			{"Alpha's lead", lea, inTeam, 110},
		} {
			if diff := cmp.Diff(c.want, listed(c.who, "user_id="+kai.ID+"&"+rangeQ)); diff != "" {
				t.Errorf("%s: GET /entries (-want +got):\n%s", c.name, diff)
			}
			if diff := cmp.Diff(c.want, exported(c.who)); diff != "" {
				t.Errorf("%s: export.csv (-want +got):\n%s", c.name, diff)
			}
			days, minutes := summed(c.who, "user_id="+kai.ID)
			if diff := cmp.Diff(c.want, days); diff != "" || minutes != c.minutes {
				t.Errorf("%s: summary of %d minutes, want %d (-want +got days):\n%s", c.name, minutes, c.minutes, diff)
			}
			for _, d := range all {
				want := http.StatusNotFound
				for _, v := range c.want {
					if v == d {
						want = http.StatusOK
					}
				}
				if got := w.Do("GET", "/api/v1/entries/"+ids[d], c.who.Token, nil).Status; got != want {
					t.Errorf("%s: GET Kai's entry of %s: %d, want %d", c.name, d, got, want)
				}
			}
		}
		// The team's report holds Kai's time of his periods in the team,
		// for the lead and the admin alike.
		for _, u := range []*apitest.User{lea, w.admin} {
			days, minutes := summed(u, "team_id="+alpha)
			if diff := cmp.Diff(inTeam, days); diff != "" || minutes != 110 {
				t.Errorf("Alpha's summary: %d minutes, want 110 (-want +got days):\n%s", minutes, diff)
			}
		}

		// Another team's lead sees nothing of Kai.
		wantProblem(t, w.Do("GET", "/api/v1/entries?user_id="+kai.ID+"&"+rangeQ, bea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/entries/export.csv?user_id="+kai.ID, bea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?user_id="+kai.ID, bea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/entries/"+ids["2026-03-09"], bea.Token, nil), http.StatusNotFound)

		// Moving an entry out of the membership dates takes it out of the
		// lead's sight.
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+ids["2026-03-09"], kai.Token, map[string]string{"date": "2026-03-08"})
		wantProblem(t, w.Do("GET", "/api/v1/entries/"+ids["2026-03-09"], lea.Token, nil), http.StatusNotFound)

		// A lead no more: Lea, demoted, sees nothing of Kai.
		w.Must(http.StatusOK, "PUT", "/api/v1/teams/"+alpha+"/members/"+lea.ID, w.admin.Token, map[string]string{"role": "member"})
		wantProblem(t, w.Do("GET", "/api/v1/entries?user_id="+kai.ID+"&"+rangeQ, lea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/entries/"+ids["2026-03-03"], lea.Token, nil), http.StatusNotFound)
	})
}
