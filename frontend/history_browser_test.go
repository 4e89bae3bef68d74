package frontend_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/internal/testnow"
)

// TestHistoryScreen walks a person through four weeks on the server's test
// clock — days on time, days missed, days logged only the day after, a day
// off — then reads the calendar on My history: one cell per date, each
// with the status and minutes of GET /me/history's day records, and a bar
// for every week.
func TestHistoryScreen(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	mia := srv.adminAndMember(t)
	_, task := srv.login(t, "ana@example.com", password).projectAndTask("Website", "#0d9488", "Design")
	start := testnow.Must().UTC()
	for i := 0; i < 28; i++ {
		if i > 0 {
			srv.setClock(t, start.AddDate(0, 0, i))
			mia = srv.login(t, "mia@example.com", password)
		}
		date := start.AddDate(0, 0, i).Format(time.DateOnly)
		switch i % 9 {
		case 3: // missed
		case 5: // logged two days later (below): after it closed, whatever the hour
		case 6:
			mia.must("PUT", "/me/time-off/"+date, nil, 201, nil)
		default:
			mia.must("POST", "/entries", map[string]any{"task_id": task, "date": date, "minutes": 30 + i}, 201, nil)
		}
		if i%9 == 7 {
			mia.must("POST", "/entries", map[string]any{"task_id": task, "date": start.AddDate(0, 0, i-2).Format(time.DateOnly), "minutes": 20}, 201, nil)
		}
	}
	srv.login(t, "ana@example.com", password).must("POST", "/admin/jobs/closeout/run", nil, 200, nil)
	var hist struct {
		Days []struct {
			Date    string `json:"date"`
			Status  string `json:"status"`
			Minutes int    `json:"minutes"`
		} `json:"days"`
		Weeks []struct{} `json:"weeks"`
	}
	mia.must("GET", "/me/history", nil, 200, &hist)
	seen := map[string]bool{}
	for _, d := range hist.Days {
		seen[d.Status] = true
	}
	for _, s := range []string{"on_time", "missed", "late", "day_off", "non_workday"} {
		if !seen[s] {
			t.Errorf("the seeded month has no %s day: %+v", s, hist.Days)
		}
	}

	b := newBrowser(t, srv.URL)
	b.signIn("mia@example.com", password)
	b.goTo("/profile")
	b.click(`a[href="/history"]`)
	b.waitFor("the calendar", `document.querySelector('svg.heatmap rect')`)
	cells := eval[[]string](b, `[...document.querySelectorAll('svg.heatmap rect')].map((r) => r.getAttribute('class').split(' ')[0] + ' ' + r.textContent)`)
	if len(cells) != len(hist.Days) {
		t.Fatalf("%d cells, want one for each of the %d dates", len(cells), len(hist.Days))
	}
	for i, d := range hist.Days {
		label := eval[string](b, fmt.Sprintf(`(() => { const d = new Date(%q); return new Intl.DateTimeFormat(undefined, {day: 'numeric', month: 'short', timeZone: 'UTC'}).format(d); })()`, d.Date))
		want := "hm-" + d.Status + " " + label + ": "
		if len(cells[i]) < len(want) || cells[i][:len(want)] != want {
			t.Errorf("cell %d = %q, want it to start %q", i, cells[i], want)
		}
		if d.Minutes > 0 && !strings.Contains(cells[i], minutesText(d.Minutes)) {
			t.Errorf("cell %d = %q, want its %d minutes", i, cells[i], d.Minutes)
		}
	}
	if n := eval[int](b, `document.querySelectorAll('svg.weekbars rect').length`); n != len(hist.Weeks) {
		t.Errorf("%d week bars, want %d", n, len(hist.Weeks))
	}
	b.checkA11y("history")
	b.shoot("history")
	b.shootDark("history-dark")
}

// minutesText is minutes as the app writes them: "45 m", "1 h 5 m", "2 h".
func minutesText(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%d m", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d m", m/60, m%60)
}
