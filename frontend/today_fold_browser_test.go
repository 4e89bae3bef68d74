package frontend_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/timestreak/timestreak/internal/testnow"
)

// phone makes the page a 360 × 800 phone.
func (b *browser) phone() {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 800, DeviceScaleFactor: 2, Mobile: true})
		return err
	}))
}

// aboveTabBar is how far the bottom of the lowest element sel matches sits
// above the tab bar (negative: behind it or below the fold).
func aboveTabBar(b *browser, sel string) float64 {
	b.t.Helper()
	return eval[float64](b, fmt.Sprintf(`(() => {
		const bar = document.querySelector('#nav').getBoundingClientRect().height;
		const els = [...document.querySelectorAll(%s)];
		if (!els.length) return -1e6;
		return innerHeight - bar - Math.max(...els.map((e) => e.getBoundingClientRect().bottom));
	})()`, jsString(sel)))
}

// TestLoggingAboveTheFold (issue 16 item 4): on a 360 × 800 phone, with
// recent tasks, entries today and a task picked, the 15 m / 30 m / 1 h /
// 2 h buttons and the day's progress sit above the tab bar without
// scrolling, and a log updates the progress line beside them. A running
// timer shows in the app bar on Today, Week and Profile; stopping it there
// makes the entry, and its task is still picked on Today afterwards.
func TestLoggingAboveTheFold(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	api.everyDayIsAWorkday()
	_, design := api.projectAndTask("Website", "#0ea5e9", "Design review")
	_, calls := api.projectAndTask("Support", "#f97316", "Customer calls")
	for _, e := range []struct {
		task string
		m    int
	}{{design, 45}, {calls, 30}, {design, 60}} {
		api.must("POST", "/entries", map[string]any{"task_id": e.task, "date": utcToday(), "minutes": e.m, "note": "earlier"}, 201, nil)
	}
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.phone()
	b.open("/")
	b.waitFor("today's entries", `document.querySelectorAll('#today-entries li.entry').length === 3 && document.querySelector('#recent-tasks button')`)
	eval[chromedp.Void](b, `document.querySelector('#recent-tasks button').click()`)
	b.waitText(".chosen", "Design review")
	if y := eval[float64](b, `scrollY`); y != 0 {
		t.Errorf("the page scrolled to %v", y)
	}
	if gap := aboveTabBar(b, ".quick-btn"); gap < 0 {
		t.Errorf("the quick buttons end %.0f px behind the tab bar at 360 × 800", -gap)
	}
	b.waitText("#progress-line", "2 h 15 m of 8 h")
	if gap := aboveTabBar(b, "#progress-line"); gap < 0 {
		t.Errorf("the progress line ends %.0f px behind the tab bar", -gap)
	}

	// A tap: the line beside the buttons says what changed.
	eval[chromedp.Void](b, `document.querySelector('.quick-btn[data-minutes="15"]').click()`)
	b.waitText("#progress-line", "2 h 30 m of 8 h")
	want := api.me().Stats.Today.PendingPoints
	b.waitText("#progress-line", fmt.Sprintf("+%d pending", want))
	b.shoot("today-phone")
	b.shootDark("today-phone-dark")
	b.checkA11y("today at 360 px")

	// The timer, in the app bar on every screen.
	b.click("#timer-start")
	b.waitFor("the timer in the app bar", `document.querySelector('#bar-timer')?.checkVisibility()`)
	for _, path := range []string{"/week", "/profile"} {
		b.goTo(path)
		b.waitFor("the timer in the app bar on "+path, `document.querySelector('#bar-timer')?.checkVisibility() && document.querySelector('#bar-timer').textContent.includes('Design review')`)
	}
	b.shoot("timer-bar")
	b.shootDark("timer-bar-dark")
	api.must("PUT", "/admin/clock", map[string]any{"now": testnow.Must().UTC().Add(10 * time.Minute).Format(time.RFC3339)}, 200, nil)
	b.click("#bar-timer button")
	b.waitFor("the bar to clear", `!document.querySelector('#bar-timer')?.checkVisibility()`)
	if code := api.do("GET", "/timer", nil, nil); code != 204 {
		t.Errorf("GET /timer after stopping from the bar: %d, want 204", code)
	}
	made := 0
	for _, e := range api.entries(utcToday(), utcToday()) {
		if e.TaskID == design && e.Minutes == 10 {
			made++
		}
	}
	if made != 1 {
		t.Errorf("stopping from the bar made %d 10-minute entries on Design review, want 1", made)
	}
	b.goTo("/")
	b.waitText(".chosen", "Design review")
	b.waitFor("the chip pressed", `document.querySelector('#recent-tasks button[aria-pressed=true]')?.textContent.includes('Design review')`)
}
