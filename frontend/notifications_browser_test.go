package frontend_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/timestreak/timestreak/internal/testnow"
)

// TestNotificationsDatedAndPaged: 22 days of reminders, made one a day on
// the server's clock; Profile lists them newest first by the date each is
// about (not "x minutes ago"), twenty at a time, and "Show older" brings
// the rest.
func TestNotificationsDatedAndPaged(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	mia := srv.adminAndMember(t)
	mia.everyDayIsAWorkday()
	mia.must("PATCH", "/me", map[string]any{"reminder_time": "00:00"}, 200, nil)
	start := testnow.Must().UTC()
	for i := range 22 {
		if i > 0 {
			srv.setClock(t, start.AddDate(0, 0, i))
		}
		if code := srv.login(t, "ana@example.com", password).do("POST", "/admin/jobs/reminders/run", nil, nil); code != 200 {
			t.Fatalf("run reminders: %d", code)
		}
	}
	mia = srv.login(t, "mia@example.com", password)
	var all []struct {
		Date *string `json:"date"`
	}
	mia.must("GET", "/me/notifications", nil, 200, &all)
	if len(all) != 22 {
		t.Fatalf("%d notifications, want 22 reminders", len(all))
	}

	b := newBrowser(t, srv.URL)
	b.signIn("mia@example.com", password)
	b.goTo("/profile")
	b.waitFor("the notifications", `document.querySelectorAll('#note-list li').length === 20`)
	dates := `[...document.querySelectorAll('#note-list time')].map((t) => t.getAttribute('datetime') + ' ' + t.textContent)`
	label := func(date string) string {
		return eval[string](b, `new Intl.DateTimeFormat(undefined, {weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC'}).format(new Date(`+jsString(date)+`))`)
	}
	got := eval[[]string](b, dates)
	for i, line := range got {
		want := *all[i].Date + " " + label(*all[i].Date)
		if line != want {
			t.Errorf("notification %d says %q, want %q (newest first, by its date)", i, line, want)
		}
	}
	// Clicked twice before the first answer: the older ones come once.
	eval[chromedp.Void](b, `(() => { const more = document.querySelector('#note-list + button'); more.click(); more.click(); })()`)
	b.waitFor("the older ones", `document.querySelector('#note-list + button').hidden`)
	if n := eval[int](b, `document.querySelectorAll('#note-list li').length`); n != 22 {
		t.Fatalf("%d notifications listed after Show older, want 22", n)
	}
	if got := eval[[]string](b, dates); got[21] != *all[21].Date+" "+label(*all[21].Date) {
		t.Errorf("the oldest says %q, want %s", got[21], *all[21].Date)
	}
	if !eval[bool](b, `document.querySelector('#note-list + button').hidden`) {
		t.Error("Show older is still offered with nothing older")
	}
	// Marking all read reaches the ones no page showed yet.
	mia.must("PATCH", "/me", map[string]any{"reminder_time": nil}, 200, nil)
	b.open("/profile")
	b.waitFor("the first page", `document.querySelectorAll('#note-list li.unread').length === 20`)
	b.click(`#notes-h + button`)
	b.waitFor("all read", `document.querySelectorAll('#note-list li').length === 20 && !document.querySelector('#note-list li.unread')`)
	var after []struct {
		ReadAt *string `json:"read_at"`
	}
	mia.must("GET", "/me/notifications", nil, 200, &after)
	for i, n := range after {
		if n.ReadAt == nil {
			t.Errorf("notification %d of %d is still unread after Mark all as read", i, len(after))
		}
	}
	b.checkA11y("profile-notifications")
	b.shoot("profile-notifications")
	b.shootDark("profile-notifications-dark")
}
