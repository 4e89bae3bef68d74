package api_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// A hostile walk over GET /reports: repeated filters, two time groupings,
// and the people a lead of one team, a former lead and a member try to
// read. Each answer is what PRODUCT.md §7 lets the caller see, or a 4xx.
func TestReportAttacks(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{SignupOpen: true, Start: apitest.Monday}) // Monday 2 March 2026
		lea := w.CreateUser(w.admin, "Lea Lead", "UTC")
		mia := w.CreateUser(w.admin, "Mia Member", "UTC")
		bob := w.CreateUser(w.admin, "Bob Other", "UTC")
		w.Log(mia, w.task, "2026-02-27", 60) // late: before she joined
		w.Log(mia, w.task, "2026-03-02", 30) // on time
		w.Log(bob, w.task, "2026-03-02", 40)
		crew, other := w.team("Crew"), w.team("Other")
		w.join(crew, lea, "lead")
		w.join(crew, mia, "member")
		w.join(other, bob, "member")

		report := func(u *apitest.User, q string) map[string]int {
			t.Helper()
			var p pivotReport
			w.Must(http.StatusOK, "GET", "/api/v1/reports?from=2026-02-01&to=2026-03-08&"+q, u.Token, nil).JSON(t, &p)
			return p.flat(t)
		}
		for _, c := range []struct {
			name string
			who  *apitest.User
			q    string
			want map[string]int
		}{
			// A kind named again is the same kind, not all of them.
			{"late, thrice", w.admin, "kind=late,late,late&group_by=day", map[string]int{"2026-02-27": 60}},
			{"on time, thrice", w.admin, "kind=on_time&kind=on_time&kind=on_time&group_by=day", map[string]int{"2026-03-02": 70}},
			// Two time groupings keep their own keys.
			{"month, then day", w.admin, "group_by=month,day",
				map[string]int{"2026-02 / 2026-02-27": 60, "2026-03 / 2026-03-02": 70}},
			{"week, then month", w.admin, "group_by=week,month",
				map[string]int{"2026-02-23 / 2026-02": 60, "2026-03-02 / 2026-03": 70}},
			// A lead: Mia only from the day she joined, Bob never.
			{"lead, Mia twice", lea, "user_id=" + mia.ID + "," + mia.ID + "&group_by=day", map[string]int{"2026-03-02": 30}},
			{"lead, everyone", lea, "group_by=user", map[string]int{"Mia Member": 30}},
			{"lead, one project", lea, "project_id=nothing-here&group_by=user", map[string]int{}},
			{"member, themselves", mia, "group_by=user", map[string]int{"Mia Member": 90}},
		} {
			if diff := cmp.Diff(c.want, report(c.who, c.q)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.name, diff)
			}
		}
		q := func(kv ...string) string {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Add(kv[i], kv[i+1])
			}
			return "/api/v1/reports?from=2026-02-01&to=2026-03-08&" + v.Encode()
		}
		// The lead of Crew reads neither Other nor its member; a member
		// reads no team and nobody else, alone or among names they may read.
		wantProblem(t, w.Do("GET", q("team_id", other), lea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", q("user_id", bob.ID), lea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", q("user_id", mia.ID+","+bob.ID), lea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", q("team_id", crew, "user_id", bob.ID), lea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", q("team_id", crew), mia.Token, nil), http.StatusForbidden)
		wantProblem(t, w.Do("GET", q("user_id", mia.ID+","+lea.ID), mia.Token, nil), http.StatusNotFound)

		// Mia leaves; what she logs afterwards is hers alone.
		w.Clock.Advance(24 * time.Hour)
		w.Relogin(w.admin)
		w.Relogin(lea)
		w.Relogin(mia)
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/teams/"+crew+"/members/"+mia.ID, w.admin.Token, nil)
		w.Clock.Advance(24 * time.Hour)
		w.Relogin(w.admin)
		w.Relogin(lea)
		w.Relogin(mia)
		w.Log(mia, w.task, "2026-03-04", 15)
		if diff := cmp.Diff(map[string]int{"2026-03-02": 30}, report(lea, "user_id="+mia.ID+"&group_by=day")); diff != "" {
			t.Errorf("lead, after Mia left (-want +got):\n%s", diff)
		}
		// A lead made a member again sees only themselves, and no team.
		w.join(crew, lea, "member")
		if diff := cmp.Diff(map[string]int{}, report(lea, "group_by=user")); diff != "" {
			t.Errorf("former lead (-want +got):\n%s", diff)
		}
		wantProblem(t, w.Do("GET", q("user_id", mia.ID), lea.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", q("team_id", crew), lea.Token, nil), http.StatusForbidden)

		// Too many names, edges of the calendar: 422 naming the parameter.
		many := url.Values{"user_id": {}}
		for range 101 {
			many.Add("user_id", mia.ID)
		}
		wantProblem(t, w.Do("GET", "/api/v1/reports?"+many.Encode(), w.admin.Token, nil), http.StatusUnprocessableEntity, "user_id")
		for query, field := range map[string]string{
			"from=2026-02-30&to=2026-03-01": "from", "from=0000-01-01&to=0000-01-02": "", "to=9999-12-31&from=9999-12-30": "",
			"from=2026-3-1&to=2026-03-02": "from", "from=%E2%80%AE2026-03-01": "from", "kind=,,,": "",
		} {
			r := w.Do("GET", "/api/v1/reports?"+query, w.admin.Token, nil)
			if field == "" {
				if r.Status != http.StatusOK {
					t.Errorf("%s: %d %s", query, r.Status, r.Body)
				}
				continue
			}
			wantProblem(t, r, http.StatusUnprocessableEntity, field)
		}
	})
}
