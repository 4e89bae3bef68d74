package api_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

func TestExportCSV(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		formula := w.taskIn(w.project("=HYPERLINK(\"http://x\")"), "@task")
		notes := []struct {
			date       string
			minutes    int
			hours      string
			note, want string
		}{
			{"2026-02-20", 30, "0.50", "=1+2", "'=1+2"},
			{"2026-02-21", 31, "0.52", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
			{"2026-02-22", 32, "0.53", "-2+3", "'-2+3"},
			{"2026-02-23", 33, "0.55", "@SUM(A1:A9)", "'@SUM(A1:A9)"},
			{"2026-02-24", 34, "0.57", "\tTab first", "'\tTab first"},
			{"2026-02-25", 35, "0.58", "plain, with \"quotes\"\nand a second line", "plain, with \"quotes\"\nand a second line"},
			{"2026-02-26", 1440, "24.00", "a = b is fine mid-text", "a = b is fine mid-text"},
			{"2026-02-27", 1, "0.02", "", ""},
		}
		for i, n := range notes {
			w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": n.date, "minutes": n.minutes, "note": n.note, "billable": i%2 == 0})
		}
		w.logEntry(w.admin, map[string]any{"task_id": formula, "date": "2026-03-02", "minutes": 90})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		w.logEntry(bob, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 15, "note": "not Ada's"})

		r := w.Must(http.StatusOK, "GET", "/api/v1/entries/export.csv?from=2026-02-01&to=2026-03-02", w.admin.Token, nil)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type = %q, want text/csv", ct)
		}
		header, _, _ := strings.Cut(string(r.Body), "\n")
		if header != "date,user,project,task,minutes,hours,note,billable" {
			t.Errorf("header line = %q", header)
		}
		rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
		if err != nil {
			t.Fatalf("parse CSV: %v\n%s", err, r.Body)
		}
		want := [][]string{{"date", "user", "project", "task", "minutes", "hours", "note", "billable"}}
		for i, n := range notes {
			billable := "false"
			if i%2 == 0 {
				billable = "true"
			}
			want = append(want, []string{n.date, "Ada Admin", "Build project", "Build", strconv.Itoa(n.minutes), n.hours, n.want, billable})
		}
		want = append(want, []string{"2026-03-02", "Ada Admin", "'=HYPERLINK(\"http://x\")", "'@task", "90", "1.50", "", "false"})
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("CSV rows (-want +got):\n%s", diff)
		}

		// Same access rules as GET /entries; errors stay problem+json.
		wantProblem(t, w.Do("GET", "/api/v1/entries/export.csv?from=yesterday", w.admin.Token, nil), http.StatusUnprocessableEntity, "from")
		wantProblem(t, w.Do("GET", "/api/v1/entries/export.csv?user_id="+w.admin.ID, bob.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/entries/export.csv", "", nil), http.StatusUnauthorized)
		// An empty range is just the header.
		empty := w.Must(http.StatusOK, "GET", "/api/v1/entries/export.csv?from=2026-01-01&to=2026-01-31", w.admin.Token, nil)
		if string(empty.Body) != "date,user,project,task,minutes,hours,note,billable\n" {
			t.Errorf("empty export = %q", empty.Body)
		}
		// The default range is the last seven days, like GET /entries.
		rows, _ = csv.NewReader(strings.NewReader(string(w.Must(http.StatusOK, "GET", "/api/v1/entries/export.csv", w.admin.Token, nil).Body))).ReadAll()
		var dates []string
		for _, row := range rows[1:] {
			dates = append(dates, row[0])
		}
		if diff := cmp.Diff([]string{"2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-03-02"}, dates); diff != "" {
			t.Errorf("default export dates (-want +got):\n%s", diff)
		}
	})
}

type summary struct {
	From         string `json:"from"`
	To           string `json:"to"`
	TotalMinutes int    `json:"total_minutes"`
	Groups       []struct {
		Key     string `json:"key"`
		Label   string `json:"label"`
		Minutes int    `json:"minutes"`
	} `json:"groups"`
}

type group struct {
	Key, Label string
	Minutes    int
}

func (s summary) groups() []group {
	out := []group{}
	for _, g := range s.Groups {
		out = append(out, group{g.Key, g.Label, g.Minutes})
	}
	return out
}

func TestSummary(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		web := w.project("Website")
		design, code := w.taskIn(web, "Design"), w.taskIn(web, "Code")
		lead := w.CreateUser(w.admin, "Lea Lead", "UTC")
		mia := w.CreateUser(w.admin, "Mia Member", "UTC")
		out := w.CreateUser(w.admin, "Otto Outside", "UTC")
		build, err := w.Tracking.Task(context.Background(), w.task)
		if err != nil {
			t.Fatal(err)
		}
		team := w.team("Alpha")
		w.join(team, lead, "lead")
		w.join(team, mia, "member")

		w.Log(mia, design, "2026-02-27", 60)
		w.Log(mia, code, "2026-02-27", 30)
		w.Log(mia, code, "2026-03-02", 120)
		w.Log(mia, w.task, "2026-03-02", 15)
		w.Log(lead, code, "2026-03-01", 45)
		w.Log(out, code, "2026-03-01", 999)

		get := func(u *apitest.User, q string) summary {
			t.Helper()
			var s summary
			w.Must(http.StatusOK, "GET", "/api/v1/reports/summary?"+q, u.Token, nil).JSON(t, &s)
			return s
		}
		cases := []struct {
			name  string
			u     *apitest.User
			query string
			want  []group
		}{
			{"by project", mia, "group_by=project", []group{{web, "Website", 210}, {build.ProjectID, "Build project", 15}}},
			{"by task", mia, "group_by=task", []group{{code, "Code", 150}, {design, "Design", 60}, {w.task, "Build", 15}}},
			{"by day", mia, "group_by=day", []group{{"2026-03-02", "2026-03-02", 135}, {"2026-02-27", "2026-02-27", 90}}},
			{"by user", mia, "group_by=user", []group{{mia.ID, "Mia Member", 225}}},
			{"range", mia, "group_by=day&from=2026-02-27&to=2026-02-27", []group{{"2026-02-27", "2026-02-27", 90}}},
			// Lea and Mia joined Alpha on 2026-03-02: the team's report and
			// the lead hold only the time from then on (PRODUCT.md §7).
			{"team by user, lead", lead, "group_by=user&team_id=" + team, []group{{mia.ID, "Mia Member", 135}}},
			{"team by user, admin", w.admin, "group_by=user&team_id=" + team, []group{{mia.ID, "Mia Member", 135}}},
			{"team by task, lead", lead, "group_by=task&team_id=" + team, []group{{code, "Code", 120}, {w.task, "Build", 15}}},
			{"lead reads one member", lead, "group_by=user&user_id=" + mia.ID, []group{{mia.ID, "Mia Member", 135}}},
			{"team before anyone joined", w.admin, "group_by=user&to=2026-03-01&team_id=" + team, []group{}},
			{"admin reads anyone", w.admin, "group_by=user&user_id=" + out.ID, []group{{out.ID, "Otto Outside", 999}}},
			{"nothing logged", w.admin, "group_by=project", []group{}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				s := get(c.u, c.query)
				if diff := cmp.Diff(c.want, s.groups()); diff != "" {
					t.Errorf("groups (-want +got):\n%s", diff)
				}
				total := 0
				for _, g := range c.want {
					total += g.Minutes
				}
				if s.TotalMinutes != total {
					t.Errorf("total_minutes = %d, want %d", s.TotalMinutes, total)
				}
			})
		}
		s := get(mia, "")
		if s.From != "2026-02-24" || s.To != "2026-03-02" || len(s.Groups) != 2 {
			t.Errorf("defaults: %+v, want the last 7 days grouped by project", s)
		}

		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?group_by=week", mia.Token, nil), http.StatusUnprocessableEntity, "group_by")
		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?from=2026-03-02&to=2026-03-01", mia.Token, nil), http.StatusUnprocessableEntity, "from")
		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?team_id="+team, mia.Token, nil), http.StatusForbidden)
		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?team_id="+team, out.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?team_id=nope", w.admin.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?user_id="+out.ID, lead.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/reports/summary?user_id="+lead.ID, mia.Token, nil), http.StatusNotFound)
	})
}
