package frontend_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/timestreak/timestreak/internal/testnow"
)

const xssNote = `<img src=x onerror=alert(1)>`

// TestSignUpSignOutSignIn: register in the UI (the first user), sign out,
// see the server's reason for a wrong password, sign in again.
func TestSignUpSignOutSignIn(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	b := newBrowser(t, srv.URL)
	// A new user works Monday to Friday: what Today offers first depends
	// on the day the suite runs on.
	firstStep := "Log today's time"
	if wd := testnow.Start(t).UTC().Weekday(); wd == time.Saturday || wd == time.Sunday {
		firstStep = "A day off"
	}

	b.open("/")
	b.waitFor("the redirect to sign in", `location.pathname === '/signin' && document.querySelector('input[name=email]')`)
	b.shoot("signin")
	b.checkLabels("sign in")
	b.click(`a[href="/register"]`)
	b.waitFor("the register form", `document.querySelector('input[name=name]')`)
	b.typeInto(`input[name=name]`, "Ana Admin")
	b.typeInto(`input[name=email]`, "ana@example.com")
	b.typeInto(`input[name=password]`, password)
	b.click(`button[type=submit]`)
	// The first account sets the team up (console_test.go); skip every step.
	for _, step := range []string{"Set up your team", "first project", "Invite"} {
		b.waitText("#step-h", step)
		b.click("#skip")
	}
	b.waitText("#next-step", firstStep)
	if got := eval[string](b, `document.title`); !strings.Contains(got, "Today") {
		t.Errorf("title %q", got)
	}

	// The account exists on the server, as its first user: an admin.
	api := srv.login(t, "ana@example.com", password)
	if api.user.Role != "admin" {
		t.Errorf("first user role %q, want admin", api.user.Role)
	}

	b.goTo("/profile")
	b.click("#sign-out")
	b.waitFor("the sign-in screen", `location.pathname === '/signin' && document.querySelector('input[name=email]')`)
	if eval[bool](b, `localStorage.getItem('timestreak.session') !== null`) {
		t.Error("the session is still stored after signing out")
	}

	// A wrong password: the server's words, not a generic failure.
	b.typeInto(`input[name=email]`, "ana@example.com")
	b.typeInto(`input[name=password]`, "not the password")
	b.click(`button[type=submit]`)
	b.waitFor("an error message", `document.querySelector('.alert.error:not([hidden])')?.textContent`)
	msg := b.text(".alert.error")
	if msg == "" || strings.Contains(msg, "Request failed") {
		t.Errorf("wrong-password message %q", msg)
	}

	b.setValue(`input[name=password]`, password)
	b.click(`button[type=submit]`)
	b.waitText("#next-step", firstStep)

	// An expired or rejected access token is refreshed silently, and the
	// rotated pair is stored.
	// (Wait until the page is idle: a refresh whose answer is lost to a
	// navigation spends the refresh token; the server answers it again only
	// for 30 s.)
	b.waitFor("today's list", `document.querySelector('#today-entries li')`)
	time.Sleep(500 * time.Millisecond)
	before := eval[string](b, `JSON.parse(localStorage.getItem('timestreak.session')).refresh`)
	eval[chromedp.Void](b, `(() => { const s = JSON.parse(localStorage.getItem('timestreak.session')); s.access = 'not-a-token'; localStorage.setItem('timestreak.session', JSON.stringify(s)); })()`)
	b.open("/week")
	b.waitFor("the week after a silent refresh", `document.querySelector('.week-total')`)
	after := eval[string](b, `JSON.parse(localStorage.getItem('timestreak.session')).refresh`)
	if after == before || after == "" {
		t.Errorf("the refresh token did not rotate: %q → %q", before, after)
	}
	eval[chromedp.Void](b, `(() => { const s = JSON.parse(localStorage.getItem('timestreak.session')); s.expiresAt = 0; localStorage.setItem('timestreak.session', JSON.stringify(s)); })()`)
	b.open("/")
	b.waitText("#next-step", firstStep)
	if again := eval[string](b, `JSON.parse(localStorage.getItem('timestreak.session')).refresh`); again == after {
		t.Error("an expired access token was not refreshed before use")
	}
	// The old refresh token is spent: within 30 s (the server's test clock
	// has not moved) it answers only the pair it was rotated to, as for an
	// answer lost on the way; later it would revoke the family.
	var res authResponse
	if code := (&client{t: t, base: srv.URL + "/api/v1"}).do("POST", "/auth/refresh", map[string]any{"refresh_token": before}, &res); code != 200 || res.RefreshToken != after {
		t.Errorf("reusing a rotated refresh token within 30 s: %d %q, want 200 and the pair it was rotated to (%q)", code, res.RefreshToken, after)
	}

	// Register with a taken email: the server's field message shows.
	b.goTo("/profile")
	b.click("#sign-out")
	b.waitFor("the sign-in screen", `document.querySelector('a[href="/register"]')`)
	b.click(`a[href="/register"]`)
	b.waitFor("the register form", `document.querySelector('input[name=name]')`)
	b.shoot("register")
	b.checkLabels("register")
	b.typeInto(`input[name=name]`, "Ana Again")
	b.typeInto(`input[name=email]`, "ANA@example.com")
	b.typeInto(`input[name=password]`, password)
	b.click(`button[type=submit]`)
	b.waitFor("an error message", `document.querySelector('.alert.error:not([hidden])')?.textContent`)
	t.Logf("duplicate email message: %q", b.text(".alert.error"))
}

// TestTodayLogAndTimer: create a task inline, log 30 minutes with a quick
// button, see minutes and pending points change, run the timer across a
// reload, and show a hostile note as text.
func TestTodayLogAndTimer(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	api.everyDayIsAWorkday()
	api.projectAndTask("Website", "#0ea5e9", "")
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)

	b.waitText(".ring-value", "0 m")
	if got := b.text("#pending-points"); got != "+0" {
		t.Errorf("pending points before logging: %q", got)
	}

	// Task search finds nothing, so the app offers to add it.
	b.typeInto(`input[name=task-search]`, "Design review")
	// Waits for the whole name: on a busy machine the search can answer a
	// prefix first ("Design revie").
	b.waitFor("the add-task button", `document.querySelector('.create-task button[type=submit]')?.textContent.includes('“Design review”')`)
	b.shoot("today-new-task")
	b.click(`.create-task button[type=submit]`)
	b.waitText(".chosen", "Design review")

	// One tap logs 30 minutes.
	b.click(`.quick-btn[data-minutes="30"]`)
	b.waitText(".ring-value", "30 m")
	b.waitText("#next-step", "7 h 30 m to a full day")
	want := api.me().Stats.Today.PendingPoints
	if want <= 0 {
		t.Errorf("server pending points after 30 m: %d, want > 0", want)
	}
	b.waitFor("pending points to count up", fmt.Sprintf(`document.querySelector('#pending-points').textContent === '+%d'`, want))
	items := api.entries(utcToday(), utcToday())
	if len(items) != 1 || items[0].Minutes != 30 {
		t.Fatalf("entries after one tap: %+v", items)
	}
	b.waitText("#today-entries", "Design review")

	// A note with markup is text, and no element comes out of it.
	b.click(`#recent-tasks .chip`)
	b.typeInto(`input[name=note]`, xssNote)
	b.click(`.quick-btn[data-minutes="15"]`)
	b.waitText("#today-entries .entry-note", xssNote)
	if n := eval[int](b, `document.querySelectorAll('img').length`); n != 0 {
		t.Errorf("%d img elements in the page; the note became markup", n)
	}
	if got := eval[string](b, `[...document.querySelectorAll('#today-entries .entry-note')].map(e => e.textContent).join('|')`); !strings.Contains(got, xssNote) {
		t.Errorf("notes shown: %q", got)
	}
	b.waitText(".ring-value", "45 m")

	// Reaching the target is celebrated.
	b.click(`#recent-tasks .chip`)
	b.setValue(`input[name=minutes]`, "435")
	b.click(`form.custom button[type=submit]`)
	b.waitText(".ring-value", "8 h")
	b.waitText("#next-step", "Full day")
	b.waitText("#toasts", "Full day!")

	// The timer runs on the server, so it survives a reload.
	b.click("#timer-start")
	b.waitFor("the running timer", `document.querySelector('#timer-elapsed')`)
	first := b.text("#timer-elapsed")
	b.waitFor("the timer to tick", fmt.Sprintf(`document.querySelector('#timer-elapsed').textContent !== %q`, first))
	b.open("/")
	b.waitFor("the timer after a reload", `document.querySelector('#timer-elapsed')`)
	if code := api.do("GET", "/timer", nil, nil); code != 200 {
		t.Errorf("GET /timer while running: %d", code)
	}
	// At 1280 px the log stands beside the hero and the list, and the list
	// follows the hero one grid gap (16 px) below, however tall the log is.
	if gap := eval[float64](b, `document.querySelector('[aria-labelledby=list-h]').getBoundingClientRect().top - document.querySelector('.hero').getBoundingClientRect().bottom`); gap > 16.5 {
		t.Errorf("at 1280 px a %.0f px gap below the hero, want the grid's 16", gap)
	}
	b.shoot("today")
	b.checkLabels("today")
	b.shootDark("today-dark")
	b.click("#timer-stop")
	b.waitFor("the stopped timer", `document.querySelector('#timer-start:not([hidden])')`)
	if code := api.do("GET", "/timer", nil, nil); code != 204 {
		t.Errorf("GET /timer after stop: %d, want 204", code)
	}
}

// TestWeekEdit: the week's entries by day, a late entry marked, an edit and a
// delete, and a hostile note shown as text.
func TestWeekEdit(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	api.everyDayIsAWorkday()
	_, task := api.projectAndTask("Website", "#0ea5e9", "Design review")
	_, task2 := api.projectAndTask("Support", "#f97316", "Customer calls")
	var today, late entry
	api.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": 60, "note": xssNote}, 201, &today)
	api.must("POST", "/entries", map[string]any{"task_id": task2, "date": utcToday(), "minutes": 150}, 201, nil)
	api.must("POST", "/entries", map[string]any{"task_id": task2, "date": daysAgo(3), "minutes": 45, "note": "backfilled"}, 201, &late)
	if late.OnTime {
		t.Errorf("an entry made 3 days late is on_time")
	}

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/week")
	row := fmt.Sprintf(`.entry[data-id=%q]`, today.ID)
	b.waitFor("today's entry", fmt.Sprintf(`document.querySelector(%s)`, jsString(row)))
	if got := b.text(row + " .entry-note"); got != xssNote {
		t.Errorf("note shown as %q, want the literal text", got)
	}
	if n := eval[int](b, `document.querySelectorAll('img').length`); n != 0 {
		t.Errorf("%d img elements; the note became markup", n)
	}
	total := "3 h 30 m" // 60 + 150 today
	if sameISOWeek(daysAgo(3), utcToday()) {
		total = "4 h 15 m" // and the 45 backfilled
	}
	b.waitText(".week-total", total)
	b.shoot("week")
	b.checkLabels("week")

	// Edit: 60 → 90 minutes and a new note.
	b.click(row + ` button[aria-label^="Edit"]`)
	b.waitFor("the edit dialog", `document.querySelector('dialog[open]')`)
	b.shoot("week-edit")
	b.setValue(`dialog[open] input[name=minutes]`, "90")
	b.setValue(`dialog[open] textarea[name=note]`, "Reviewed the mock-ups")
	b.click(`dialog[open] button[type=submit]`)
	b.waitFor("the dialog to close", `!document.querySelector('dialog[open]')`)
	b.waitText(row, "1 h 30 m")
	b.waitText(row, "Reviewed the mock-ups")
	var got entry
	api.must("GET", "/entries/"+today.ID, nil, 200, &got)
	if got.Minutes != 90 || got.Note != "Reviewed the mock-ups" {
		t.Errorf("after the edit the server has %+v", got)
	}

	// Add time to today from the week view.
	b.click(fmt.Sprintf(`.day[data-date=%q] button.add`, utcToday()))
	b.waitFor("the add dialog", `document.querySelector('dialog[open]')`)
	b.setValue(`dialog[open] select[name=task_id]`, task2)
	b.setValue(`dialog[open] input[name=minutes]`, "20")
	b.setValue(`dialog[open] textarea[name=note]`, "added from the week")
	b.click(`dialog[open] button[type=submit]`)
	b.waitFor("the dialog to close", `!document.querySelector('dialog[open]')`)
	b.waitText(fmt.Sprintf(`.day[data-date=%q]`, utcToday()), "added from the week")
	if n := countNote(api, "added from the week"); n != 1 {
		t.Errorf("entries added from the week: %d, want 1", n)
	}

	// The backfilled entry is marked late; it may sit in last week.
	lateRow := fmt.Sprintf(`.entry[data-id=%q]`, late.ID)
	if !eval[bool](b, fmt.Sprintf(`!!document.querySelector(%s)`, jsString(lateRow))) {
		b.click(`button[aria-label="Previous week"]`)
		b.waitFor("last week", `location.search.includes('start=')`)
	}
	b.waitFor("the late entry", fmt.Sprintf(`document.querySelector(%s)`, jsString(lateRow)))
	b.waitText(lateRow+" .tag.late", "Late")

	// Delete it (the confirm is accepted).
	b.click(lateRow + ` button[aria-label^="Delete"]`)
	b.waitFor("the row to go", fmt.Sprintf(`!document.querySelector(%s)`, jsString(lateRow)))
	if code := api.do("GET", "/entries/"+late.ID, nil, nil); code != 404 {
		t.Errorf("GET a deleted entry: %d, want 404", code)
	}
}

// TestLeaderboard: a team with points; the user sees the podium and
// themselves, switches period and metric; a user in no team sees the empty
// state. Hours never appear.
func TestLeaderboard(t *testing.T) {
	t.Parallel()
	srv := startServer(t, "TIMESTREAK_TEST_CLOCK=true")
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	_, task := admin.projectAndTask("Website", "#0ea5e9", "Design review")
	var team struct {
		ID string `json:"id"`
	}
	admin.must("POST", "/teams", map[string]any{"name": "Design"}, 201, &team)
	people := []struct {
		name    string
		minutes int
	}{{"Ana Admin", 480}, {"Bo Builder", 300}, {"Cy Coder", 120}, {"Di Designer", 480}, {"Ed Editor", 0}}
	clients := []*client{admin}
	for i, p := range people[1:] {
		email := fmt.Sprintf("user%d@example.com", i+1)
		admin.must("POST", "/users", map[string]any{"email": email, "name": p.name, "password": password, "role": "member"}, 201, nil)
		clients = append(clients, srv.login(t, email, password))
	}
	for i, c := range clients {
		c.everyDayIsAWorkday()
		if code := admin.do("PUT", "/teams/"+team.ID+"/members/"+c.user.ID, map[string]any{"role": "member"}, nil); code >= 300 {
			t.Fatalf("PUT team member: %d", code)
		}
		if m := people[i].minutes; m > 0 {
			c.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": m}, 201, nil)
		}
	}
	// A loner in no team.
	admin.must("POST", "/users", map[string]any{"email": "solo@example.com", "name": "Solo", "password": password, "role": "member"}, 201, nil)

	// Close today: move the test clock past tomorrow's grace period and run the close-out.
	points := false
	if code := admin.do("PUT", "/admin/clock", map[string]any{"now": testnow.Must().UTC().Add(27 * time.Hour).Format(time.RFC3339)}, nil); code == 200 || code == 204 {
		admin = srv.login(t, "ana@example.com", password) // the old token expired in the new time
		if code := admin.do("POST", "/admin/jobs/closeout/run", nil, nil); code >= 300 {
			t.Errorf("run closeout: %d", code)
		}
		points = admin.me().Stats.Points > 0
	} else {
		t.Logf("PUT /admin/clock: %d; the board stays at 0 points", code)
	}

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/leaderboard")
	b.waitFor("the board", `document.querySelector('.rank-row, .podium .place')`)
	b.click(`#tab-all`)
	b.waitFor("all time", `document.querySelector('#tab-all[aria-selected=true]')`)
	b.waitFor("the all-time board", `!document.querySelector('.range')`)
	noError := func(when string) {
		t.Helper()
		if msg := eval[string](b, `[...document.querySelectorAll('.alert.error:not([hidden])')].map(e => e.textContent).join(' ')`); msg != "" {
			t.Errorf("%s: error shown: %s", when, msg)
		}
	}
	noError("all time")
	b.waitFor("me highlighted", `document.querySelector('[aria-current=true]')?.textContent.includes('Ana Admin')`)
	if points {
		b.waitFor("the podium", `document.querySelectorAll('.podium .place').length === 3`)
		b.waitText(".podium .gold", "Ana Admin")
		b.waitText(".podium .gold", "Di Designer")
	}
	for _, name := range []string{"Bo Builder", "Cy Coder", "Ed Editor"} {
		b.waitText("#board-panel", name)
	}
	board := b.text("#board-panel")
	if strings.Contains(board, " h ") || strings.Contains(board, "minutes") || strings.Contains(board, "8 h") {
		t.Errorf("the board shows hours: %q", board)
	}
	b.shoot("leaderboard")
	b.checkLabels("leaderboard")
	b.shootDark("leaderboard-dark")
	b.click(`.toggle button:last-child`)
	b.waitFor("rank by streak", `document.querySelector('.toggle button:last-child[aria-pressed=true]')`)
	b.click(`#tab-week`)
	b.waitFor("this week", `document.querySelector('#tab-week[aria-selected=true]')`)
	b.waitFor("the week's board", `document.querySelector('.range')`)
	noError("this week by streak")

	b.goTo("/profile")
	b.waitFor("the badges", `document.querySelector('.badge')`)
	if points {
		b.waitFor("the first-day badge", `document.querySelector('.badge.earned[data-code=first_day]')`)
	}
	b.shoot("profile")
	b.checkA11y("profile")
	if points {
		// first_day at least; perfect_week too when the closed day is a Sunday.
		b.waitFor("unread notifications", `/\d+ new/.test(document.querySelector('#notes-h')?.textContent)`)
		b.waitFor("the unread count in the tab bar", `document.querySelector('#nav .dot-badge')`)
		b.click(`#notes-h + button`)
		b.waitFor("the notifications read", `!document.querySelector('#nav .dot-badge') && !document.querySelector('#notes-h').textContent.includes('new')`)
	}

	// Someone in no team gets a friendly empty state.
	b.click("#sign-out")
	b.waitFor("the sign-in screen", `location.pathname === '/signin'`)
	b.signIn("solo@example.com", password)
	b.goTo("/leaderboard")
	b.waitText(".empty-board", "not on a team")
	b.shoot("leaderboard-empty")
}

// TestProfileSettings: change time zone, workdays, target and reminder, and
// the password; the server has them.
func TestProfileSettings(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/profile")
	b.waitFor("the settings form", `document.querySelector('#tz-pick')`)
	b.setValue("#tz-pick", "Asia/Tokyo")
	b.click(`input[name=workdays][value=sat]`)
	b.setValue(`input[name=daily_target_minutes]`, "420")
	b.click(`input[name=remind]`)
	b.setValue(`input[name=reminder_time]`, "17:30")
	b.click(`#settings-h + form button[type=submit]`)
	b.waitText(".alert.ok", "Settings saved")
	m := api.me()
	if m.Timezone != "Asia/Tokyo" || m.DailyTargetMinutes != 420 || m.ReminderTime == nil || *m.ReminderTime != "17:30" || !slices.Contains(m.Workdays, "sat") {
		t.Errorf("after saving the server has %+v", m)
	}
	// Today now follows Tokyo's date.
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if m.Stats.Today.Date != testnow.Must().In(tokyo).Format(time.DateOnly) {
		t.Errorf("today is %s, not Tokyo's date", m.Stats.Today.Date)
	}

	b.typeInto(`input[name=current_password]`, password)
	b.typeInto(`input[name=password]`, "a brand new password")
	b.click(`#pwd-h + form button[type=submit]`)
	b.waitText("#pwd-h + form .alert.ok", "Password changed")
	srv.login(t, "ana@example.com", "a brand new password")
}

// TestOfflineEntrySyncsOnce: an entry logged with no network waits in the
// outbox, says so, and arrives exactly once when the network returns.
func TestOfflineEntrySyncsOnce(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	api.everyDayIsAWorkday()
	_, task := api.projectAndTask("Website", "#0ea5e9", "Design review")
	api.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": 60}, 201, nil)

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.waitFor("the recent task", `document.querySelector('#recent-tasks .chip')`)
	// Let the service worker install, so the shell is cached.
	b.waitFor("the service worker", `navigator.serviceWorker.controller`)

	b.waitAsync("the shell in the cache", `caches.match(new URL('today.js', document.querySelector('script[type=module]').src).href)`)

	// Offline from a cold start: the service worker serves the shell, the
	// device's copy of /me and the recent tasks fill the screen.
	b.offline(true)
	b.open("/")
	b.waitFor("the page to know it is offline", `navigator.onLine === false`)
	b.waitText("#sync", "Offline")
	b.waitFor("the recent task, from this device", `document.querySelector('#recent-tasks .chip')`)
	b.click(`#recent-tasks .chip`)
	b.typeInto(`input[name=note]`, "written on a train")
	b.click(`.quick-btn[data-minutes="15"]`)
	b.waitText("#sync", "1 entry waiting to sync")
	b.waitText("#today-entries", "Waiting to sync")
	time.Sleep(300 * time.Millisecond)
	if n := countNote(api, "written on a train"); n != 0 {
		t.Fatalf("the server has %d offline entries while offline", n)
	}
	b.shoot("today-offline")
	// Keep a copy of the waiting item, to replay it later as a retry would.
	eval[chromedp.Void](b, `(() => { const r = indexedDB.open('timestreak'); r.onsuccess = () => {
		r.result.transaction('outbox').objectStore('outbox').getAll().onsuccess = (e) => { window.__kept = e.target.result; };
	}; })()`)
	b.waitFor("the copy", `window.__kept && window.__kept.length === 1 && window.__kept[0].key`)

	b.offline(false)
	b.waitFor("the outbox to drain", `!document.querySelector('#sync-text')`)
	if n := countNote(api, "written on a train"); n != 1 {
		t.Fatalf("after reconnecting the server has %d copies, want 1", n)
	}
	// A retry of the same item (same Idempotency-Key), as after a lost
	// answer, makes no second entry.
	eval[chromedp.Void](b, `(() => { const r = indexedDB.open('timestreak'); r.onsuccess = () => {
		const tx = r.result.transaction('outbox', 'readwrite'); tx.objectStore('outbox').put(window.__kept[0]);
		tx.oncomplete = () => { window.__put = true; dispatchEvent(new Event('online')); };
	}; })()`)
	b.waitFor("the replayed item in the outbox", `window.__put`)
	b.waitAsync("the outbox to drain again", `new Promise((ok) => { const r = indexedDB.open('timestreak'); r.onsuccess = () => {
		r.result.transaction('outbox').objectStore('outbox').count().onsuccess = (e) => ok(e.target.result === 0);
	}; })`)
	if n := countNote(api, "written on a train"); n != 1 {
		t.Fatalf("after a replayed send the server has %d copies, want 1", n)
	}
	// A reload starts a sync again; nothing is sent twice.
	b.open("/")
	b.waitText(".ring-value", "1 h 15 m")
	time.Sleep(500 * time.Millisecond)
	if n := countNote(api, "written on a train"); n != 1 {
		t.Fatalf("after a reload the server has %d copies, want 1", n)
	}
}

func countNote(api *client, note string) int {
	n := 0
	for _, e := range api.entries(daysAgo(1), utcToday()) {
		if e.Note == note {
			n++
		}
	}
	return n
}

func sameISOWeek(a, b string) bool {
	ta, _ := time.Parse(time.DateOnly, a)
	tb, _ := time.Parse(time.DateOnly, b)
	ya, wa := ta.ISOWeek()
	yb, wb := tb.ISOWeek()
	return ya == yb && wa == wb
}
