package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type reportRow struct {
	Key     string      `json:"key"`
	Label   string      `json:"label"`
	Minutes int         `json:"minutes"`
	Groups  []reportRow `json:"groups"`
}

type pivotReport struct {
	From, To     string
	GroupBy      []string    `json:"group_by"`
	TotalMinutes int         `json:"total_minutes"`
	Rows         []reportRow `json:"rows"`
}

// flat is a report as "label / sublabel → minutes", checking on the way
// that every row is the sum of its groups and the total the sum of rows.
func (p pivotReport) flat(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	total := 0
	for _, r := range p.Rows {
		total += r.Minutes
		if len(r.Groups) == 0 {
			out[r.Label] = r.Minutes
			continue
		}
		sum := 0
		for _, g := range r.Groups {
			sum += g.Minutes
			out[r.Label+" / "+g.Label] = g.Minutes
		}
		if sum != r.Minutes {
			t.Errorf("row %s: %d minutes, its groups sum to %d", r.Label, r.Minutes, sum)
		}
	}
	if total != p.TotalMinutes {
		t.Errorf("total %d, the rows sum to %d", p.TotalMinutes, total)
	}
	return out
}

// TestReport: the reports screen's one request. Groups sum to the minute,
// weeks and months fold days, filters narrow, and each person sees what
// PRODUCT.md §7 lets them: an admin everyone, a lead their team's members
// on the dates they were in it, a member only themselves.
func TestReport(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday}) // Monday 2 March 2026
		admin := env.Register("Ada Admin")
		lea := env.CreateUser(admin, "Lea Lead", "UTC")
		mia := env.CreateUser(admin, "Mia Member", "UTC")
		web := env.Task(admin, "Design")
		var ops struct{ ID string }
		env.Must(http.StatusCreated, "POST", "/api/v1/projects", admin.Token, map[string]string{"name": "Ops"}).JSON(t, &ops)
		var deploy struct{ ID string }
		env.Must(http.StatusCreated, "POST", "/api/v1/projects/"+ops.ID+"/tasks", admin.Token, map[string]string{"name": "Deploy"}).JSON(t, &deploy)

		env.Log(mia, web, "2026-02-27", 60) // late, before she joined the team
		env.Log(mia, web, "2026-03-02", 30) // on time
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", mia.Token, map[string]any{"task_id": deploy.ID, "date": "2026-03-02", "minutes": 45, "billable": true})
		env.Log(lea, deploy.ID, "2026-03-02", 20)
		env.Log(admin, web, "2026-03-01", 15)
		togglBody := togglHeader + "Mia Member,mia.member@example.com,Acme,Ops,Deploy,old,No,2026-01-30,09:00:00,2026-01-30,10:00:00,01:00:00,,\n"
		env.Must(http.StatusOK, "POST", "/api/v1/import/toggl", admin.Token, togglBody, "Content-Type", "text/csv")
		var team struct{ ID string }
		env.Must(http.StatusCreated, "POST", "/api/v1/teams", admin.Token, map[string]string{"name": "Crew"}).JSON(t, &team)
		env.Must(http.StatusCreated, "PUT", "/api/v1/teams/"+team.ID+"/members/"+lea.ID, admin.Token, map[string]string{"role": "lead"})
		env.Must(http.StatusCreated, "PUT", "/api/v1/teams/"+team.ID+"/members/"+mia.ID, admin.Token, map[string]string{"role": "member"})

		report := func(u *apitest.User, q url.Values) map[string]int {
			t.Helper()
			var p pivotReport
			env.Must(http.StatusOK, "GET", "/api/v1/reports?"+q.Encode(), u.Token, nil).JSON(t, &p)
			return p.flat(t)
		}
		year := url.Values{"from": {"2026-01-01"}, "to": {"2026-03-08"}}
		with := func(kv ...string) url.Values {
			q := url.Values{}
			for k, v := range year {
				q[k] = v
			}
			for i := 0; i+1 < len(kv); i += 2 {
				q.Add(kv[i], kv[i+1])
			}
			return q
		}
		cases := []struct {
			name string
			who  *apitest.User
			q    url.Values
			want map[string]int
		}{
			{"admin, by project", admin, with(), map[string]int{"Design project": 105, "Ops": 125}},
			{"admin, by person and month", admin, with("group_by", "user,month"),
				map[string]int{"Mia Member / 2026-01": 60, "Mia Member / 2026-02": 60, "Mia Member / 2026-03": 75, "Lea Lead / 2026-03": 20, "Ada Admin / 2026-03": 15}},
			{"admin, by week and task", admin, with("group_by", "week", "group_by", "task"),
				map[string]int{"2026-01-26 / Ops / Deploy": 60, "2026-02-23 / Design project / Design": 75, "2026-03-02 / Ops / Deploy": 65, "2026-03-02 / Design project / Design": 30}},
			{"admin, late and imported", admin, with("kind", "late,imported", "group_by", "day"),
				map[string]int{"2026-01-30": 60, "2026-02-27": 60, "2026-03-01": 15}},
			{"admin, on time only", admin, with("kind", "on_time", "group_by", "user"), map[string]int{"Mia Member": 75, "Lea Lead": 20}},
			{"admin, billable", admin, with("billable", "true"), map[string]int{"Ops": 45}},
			{"admin, one project, by person", admin, with("project_id", ops.ID, "group_by", "user"), map[string]int{"Mia Member": 105, "Lea Lead": 20}},
			{"admin, two people", admin, with("user_id", lea.ID, "user_id", mia.ID, "task_id", web, "group_by", "user"), map[string]int{"Mia Member": 90}},
			{"lead, the team: Mia only from the day she joined", lea, with("team_id", team.ID, "group_by", "user"), map[string]int{"Lea Lead": 20, "Mia Member": 75}},
			{"lead, everyone they may see", lea, with("group_by", "user"), map[string]int{"Lea Lead": 20, "Mia Member": 75}},
			{"lead, Mia", lea, with("user_id", mia.ID, "group_by", "day"), map[string]int{"2026-03-02": 75}},
			{"member, themselves", mia, with("group_by", "user"), map[string]int{"Mia Member": 195}},
		}
		for _, c := range cases {
			if diff := cmp.Diff(c.want, report(c.who, c.q)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.name, diff)
			}
		}

		// A member sees nobody else (someone they may not read is nobody: 404),
		// and no team (403: they know it, they do not lead it).
		wantProblem(t, env.Do("GET", "/api/v1/reports?"+with("user_id", lea.ID).Encode(), mia.Token, nil), http.StatusNotFound)
		wantProblem(t, env.Do("GET", "/api/v1/reports?"+with("team_id", team.ID).Encode(), mia.Token, nil), http.StatusForbidden)
		wantProblem(t, env.Do("GET", "/api/v1/reports?"+with("user_id", admin.ID).Encode(), lea.Token, nil), http.StatusNotFound)

		// Bad input: 422 naming the parameter.
		for q, field := range map[string]string{
			"group_by=project,task,user": "group_by", "group_by=week,week": "group_by", "group_by=color": "group_by",
			"kind=early": "kind", "billable=maybe": "billable", "from=2026-03-05&to=2026-03-01": "from",
			"from=2025-01-01&to=2026-03-01": "to", "from=yesterday": "from",
		} {
			wantProblem(t, env.Do("GET", "/api/v1/reports?"+q, admin.Token, nil), http.StatusUnprocessableEntity, field)
		}
	})
}
