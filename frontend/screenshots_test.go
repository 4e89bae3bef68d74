package frontend_test

import (
	"os/exec"
	"testing"
	"time"

	"github.com/timestreak/timestreak/internal/testnow"
)

// demoNames are the demo team's people (tracking/seed.go), as README.md
// lists them.
var demoNames = []string{"Alex Admin", "Ana", "Bo", "Chidi", "Dana", "Emeka", "Fatima", "Gustavo", "Hana"}

// TestDemoScreenshots is the first visit README.md promises: `timestreak
// demo` fills a database at the suite's start instant, the server serves it
// on the test clock from there (the page's clock too), and Ana
// (user00000@demo.timestreak, password demo-password) signs in to a live
// team: points and badges of her own, an all-time board of all nine with a
// podium, a week of history. With TIMESTREAK_SCREENSHOTS=1 it writes the
// README's pictures, docs/screenshots/demo-{today,week,leaderboard,profile}-{360,1280}.png.
func TestDemoScreenshots(t *testing.T) {
	t.Parallel()
	if serverBin == "" {
		t.Fatal(buildErr)
	}
	start := testnow.Start(t)
	clock := []string{"TIMESTREAK_TEST_CLOCK=true", "TIMESTREAK_TEST_CLOCK_START=" + start.Format(time.RFC3339)}
	data := "TIMESTREAK_DATA_DIR=" + t.TempDir()
	seed := exec.Command(serverBin, "demo")
	seed.Env = append(append(seed.Environ(), data), clock...)
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("timestreak demo: %v\n%s", err, out)
	}
	srv := startServer(t, data) // on the test clock at the same instant

	ana := srv.login(t, "user00000@demo.timestreak", "demo-password")
	if m := ana.me(); m.Stats.Points == 0 || m.Timezone != "Europe/Berlin" {
		t.Errorf("Ana in the demo: %d points, zone %q; want points, Europe/Berlin", m.Stats.Points, m.Timezone)
	}

	b := newBrowser(t, srv.URL)
	b.signIn("user00000@demo.timestreak", "demo-password")
	b.waitFor("the streak", `document.querySelector('#today-h')`)
	b.shoot("demo-today")

	b.goTo("/week")
	b.click(`button[aria-label="Previous week"]`)
	b.waitFor("last week's entries", `document.querySelector('.entry')`)
	b.shoot("demo-week")

	b.goTo("/leaderboard")
	b.waitFor("the board", `document.querySelector('#tab-all')`)
	b.click(`#tab-all`)
	b.waitFor("the all-time board", `document.querySelector('#tab-all[aria-selected=true]') && !document.querySelector('.range')`)
	b.waitFor("the podium", `document.querySelectorAll('.podium .place').length === 3`)
	for _, name := range demoNames {
		b.waitText("#board-panel", name)
	}
	b.waitFor("Ana highlighted", `document.querySelector('[aria-current=true]')?.textContent.includes('Ana')`)
	b.shoot("demo-leaderboard")

	b.goTo("/profile")
	b.waitFor("an earned badge", `document.querySelector('.badge.earned')`)
	b.shoot("demo-profile")
}
