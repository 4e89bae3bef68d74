package frontend_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestReportsScreen: a lead opens a bookmarked report of their team; its
// table matches the entries in the database to the minute, per group, and
// the CSV is the table; a member's report holds only their own time, and
// the API refuses them anyone else's.
func TestReportsScreen(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	ids := map[string]string{}
	for _, p := range [][2]string{{"Lea Lead", "lea@example.com"}, {"Mia Member", "mia@example.com"}} {
		var u struct{ ID string }
		admin.must("POST", "/users", map[string]any{"name": p[0], "email": p[1], "password": password, "timezone": "UTC"}, 201, &u)
		ids[p[0]] = u.ID
	}
	var team teamRow
	admin.must("POST", "/teams", map[string]any{"name": "Crew", "timezone": "UTC"}, 201, &team)
	admin.must("PUT", "/teams/"+team.ID+"/members/"+ids["Lea Lead"], map[string]any{"role": "lead"}, 201, nil)
	admin.must("PUT", "/teams/"+team.ID+"/members/"+ids["Mia Member"], map[string]any{"role": "member"}, 201, nil)
	_, design := admin.projectAndTask("Website", "#0d9488", "Design")
	_, deploy := admin.projectAndTask("Ops", "#ea580c", "Deploy")
	lea := srv.login(t, "lea@example.com", password)
	mia := srv.login(t, "mia@example.com", password)
	for _, e := range []struct {
		who     *client
		task    string
		date    string
		minutes int
	}{
		{mia, design, utcToday(), 95}, {mia, deploy, utcToday(), 40}, {lea, design, utcToday(), 30},
		{mia, design, daysAgo(1), 60}, // before Mia joined the team: not the lead's to see
	} {
		e.who.must("POST", "/entries", map[string]any{"task_id": e.task, "date": e.date, "minutes": e.minutes}, 201, nil)
	}
	// What the database holds for the lead's report, by person and project.
	want := map[string]int{}
	designMinutes := 0 // Design's time in the lead's report
	for name, who := range map[string]string{"Lea Lead": ids["Lea Lead"], "Mia Member": ids["Mia Member"]} {
		var page struct {
			Items []struct {
				TaskID  string `json:"task_id"`
				Minutes int    `json:"minutes"`
			} `json:"items"`
		}
		admin.must("GET", "/entries?user_id="+who+"&from="+utcToday()+"&to="+utcToday(), nil, 200, &page)
		for _, e := range page.Items {
			project := map[string]string{design: "Website", deploy: "Ops"}[e.TaskID]
			want[name+" / "+project] += e.Minutes
			want[name+" / Subtotal"] += e.Minutes
			want["Total / "] += e.Minutes
			if e.TaskID == design {
				designMinutes += e.Minutes
			}
		}
	}

	b := newBrowser(t, srv.URL)
	b.signIn("lea@example.com", password)
	q := url.Values{"period": {"custom"}, "from": {daysAgo(6)}, "to": {utcToday()}, "g1": {"user"}, "g2": {"project"}, "team_id": {team.ID}}
	b.open("/reports?" + q.Encode())
	b.waitFor("the report", `document.querySelector('#report-table tbody tr')`)
	b.checkA11y("reports")
	b.shoot("reports")
	b.shootDark("reports-dark")
	table := eval[[][]string](b, `[...document.querySelectorAll('#report-table tr')].map((tr) => [...tr.cells].map((c) => c.textContent))`)
	got := map[string]int{}
	for _, row := range table[1:] {
		hh, mm, ok := strings.Cut(row[2], ":")
		h, err1 := strconv.Atoi(hh)
		m, err2 := strconv.Atoi(mm)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("row %v: hours %q are not h:mm", row, row[2])
		}
		got[row[0]+" / "+row[1]] = h*60 + m
	}
	if len(got) != len(want) {
		t.Errorf("table %v, want %v", got, want)
	}
	for k, m := range want {
		if got[k] != m {
			t.Errorf("%s: %d minutes in the table, %d in the database", k, got[k], m)
		}
	}
	if !strings.Contains(eval[string](b, `location.search`), "team_id="+team.ID) {
		t.Error("the URL does not hold the report")
	}

	// The CSV is the table.
	records := downloadReportCSV(t, b)
	if len(records) != len(table) {
		t.Fatalf("CSV has %d rows, the table %d:\n%v\n%v", len(records), len(table), records, table)
	}
	for i := range table {
		if strings.Join(records[i], "|") != strings.Join(table[i], "|") {
			t.Errorf("CSV row %d = %v, table row %v", i, records[i], table[i])
		}
	}

	// Switching the grouping redraws; a week's bars are drawn.
	b.setValue(`select[name=g2]`, "day")
	b.waitFor("bars by day", `document.querySelector('svg.chart.bars rect') && document.querySelector('#report-table th').textContent === 'Person'`)
	b.shoot("reports-bars")

	// A task picked: the table holds only that task's minutes, as many as
	// the API and the database count, and the URL keeps the task.
	b.setValue(`select[name=g2]`, "task")
	b.waitFor("by task", `document.querySelector('#report-table th:nth-child(2)')?.textContent === 'Task'`)
	b.setValue(`select[name=task_id]`, design)
	b.waitFor("Design only", `location.search.includes('task_id=') && [...document.querySelectorAll('#report-table tbody tr')].every((tr) => ['Website / Design', 'Subtotal', ''].includes(tr.cells[1].textContent))`)
	var rep struct {
		TotalMinutes int `json:"total_minutes"`
	}
	lea.must("GET", "/reports?"+url.Values{"from": {daysAgo(6)}, "to": {utcToday()}, "team_id": {team.ID}, "task_id": {design}}.Encode(), nil, 200, &rep)
	total := eval[string](b, `[...document.querySelectorAll('#report-table tbody tr')].at(-1).cells[2].textContent`)
	if want := fmt.Sprintf("%d:%02d", designMinutes/60, designMinutes%60); total != want || rep.TotalMinutes != designMinutes {
		t.Errorf("Design's total: %s in the table, %d minutes from the API, %s in the database", total, rep.TotalMinutes, want)
	}
	b.checkA11y("reports, a task picked")
	b.shoot("reports-task")
	b.shootDark("reports-task-dark")
	b.open("/reports" + eval[string](b, `location.search`))
	b.waitFor("the bookmarked task", fmt.Sprintf(`document.querySelector('select[name=task_id] option[value=%q]')?.selected && document.querySelector('#report-table tbody tr')`, design))
	if strings.Count(b.text("#report-table tbody"), "Deploy") != 0 {
		t.Error("the bookmarked report shows Deploy's time")
	}

	// A member: only their own time, and the API says no to anyone else's.
	m := newBrowser(t, srv.URL)
	m.signIn("mia@example.com", password)
	m.goTo("/week")
	tap(m, `a[href="/reports"]`)
	m.waitFor("the report", `document.querySelector('#report-table tbody tr')`)
	m.setValue(`select[name=g1]`, "user")
	m.waitFor("by person", `document.querySelector('#report-table th').textContent === 'Person'`)
	names := eval[[]string](m, `[...document.querySelectorAll('#report-table tbody th')].map((th) => th.textContent).filter((t) => t !== 'Total')`)
	for _, n := range names {
		if n != "Mia Member" {
			t.Errorf("a member's report shows %q", n)
		}
	}
	m.checkA11y("reports, member")
	if code := mia.do("GET", "/reports?user_id="+ids["Lea Lead"], nil, nil); code != 404 {
		t.Errorf("a member asks for the lead's hours: %d, want 404", code)
	}
	if code := mia.do("GET", "/reports?team_id="+team.ID, nil, nil); code != 403 {
		t.Errorf("a member asks for the team's hours: %d, want 403", code)
	}
}
