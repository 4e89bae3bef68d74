package frontend_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/internal/testnow"
)

// TestPointsExplainThemselves: with no streak the flame is unlit; a log on
// a workday says what it earns and when today closes, and what the full
// day needs; on a day that is not a workday it says why it earns nothing;
// Profile lists every rule with its value.
func TestPointsExplainThemselves(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ana := srv.register(t, "Ana Admin", "ana@example.com")
	ana.everyDayIsAWorkday()
	_, task := ana.projectAndTask("Website", "#0d9488", "Design")
	ana.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": 30}, 201, nil)

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.waitFor("the recent task", `document.querySelector('#recent-tasks button')`)
	if !eval[bool](b, `!!document.querySelector('.hero .flame.unlit')`) {
		t.Error("the flame is lit with a streak of 0")
	}
	logQuarter := func() string {
		t.Helper()
		b.click(`#recent-tasks button`)
		b.click(`.quick-btn[data-minutes="15"]`)
		b.waitFor("the confirmation", `document.querySelector('p.done')?.textContent.includes('Logged 15 m')`)
		return b.text("p.done")
	}
	said := logQuarter()
	var me struct {
		Stats struct {
			Today struct {
				PendingPoints int       `json:"pending_points"`
				ClosesAt      time.Time `json:"closes_at"`
			} `json:"today"`
		} `json:"stats"`
	}
	ana.must("GET", "/me", nil, 200, &me)
	want := fmt.Sprintf("+%d when today closes at %s · 7 h 15 m to +5 for a full day", me.Stats.Today.PendingPoints, me.Stats.Today.ClosesAt.UTC().Format("15:04"))
	if !strings.Contains(said, want) {
		t.Errorf("after a log on a workday: %q, want it to say %q", said, want)
	}
	b.checkA11y("today-points")
	b.shoot("today-points")
	b.shootDark("today-points-dark")

	// Today stops being a workday: the next log says why it earns nothing.
	weekday := strings.ToLower(testnow.Must().UTC().Weekday().String()[:3])
	var rest []string
	for _, d := range allDays {
		if d != weekday {
			rest = append(rest, d)
		}
	}
	ana.must("PATCH", "/me", map[string]any{"workdays": rest}, 200, nil)
	b.open("/")
	b.waitFor("the recent task", `document.querySelector('#recent-tasks button')`)
	said = logQuarter()
	want = testnow.Must().UTC().Weekday().String() + " is not one of your workdays: time counts in reports, no points"
	if !strings.Contains(said, want) {
		t.Errorf("after a log on a non-workday: %q, want it to say %q", said, want)
	}

	b.goTo("/profile")
	b.waitFor("the rules", `document.querySelector('.rules dt')`)
	rules := eval[[]string](b, `[...document.querySelectorAll('.rules dt')].map((d) => d.textContent)`)
	for _, r := range []string{"On time +10", "Full day +5", "Streak +1 a day, up to +10", "Perfect week +20", "Weekly top +30, +20, +10"} {
		if !strings.Contains(strings.Join(rules, "|"), r) {
			t.Errorf("the rules %q lack %q", rules, r)
		}
	}
	if !eval[bool](b, `!!document.querySelector('#streak-h .flame.unlit')`) {
		t.Error("Profile's flame is lit with a streak of 0")
	}
	b.checkA11y("profile-rules")
	b.shoot("profile-rules")
	b.shootDark("profile-rules-dark")
}
