package frontend_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/timestreak/timestreak/internal/testnow"
)

// TestTimesheetGrid: on a wide screen Week is a grid of tasks × days with
// totals per day and task and the day's target; late time is marked; a
// cell is edited in place (one entry changed, a new one logged, one
// deleted), and a cell holding several entries is left to the list.
func TestTimesheetGrid(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ana := srv.register(t, "Ana Admin", "ana@example.com")
	_, design := ana.projectAndTask("Website", "#0d9488", "Design")
	_, deploy := ana.projectAndTask("Ops", "#ea580c", "Deploy")
	// Last week, whatever day the suite runs on: every date is past, so
	// everything logged now is late.
	now := testnow.Must().UTC()
	monday := now.AddDate(0, 0, -int(now.Weekday()+6)%7-7)
	day := func(i int) string { return monday.AddDate(0, 0, i).Format(time.DateOnly) }
	for _, e := range []struct {
		task    string
		day     int
		minutes int
	}{{design, 0, 60}, {design, 2, 30}, {design, 2, 15}, {deploy, 1, 45}} {
		ana.must("POST", "/entries", map[string]any{"task_id": e.task, "date": day(e.day), "minutes": e.minutes}, 201, nil)
	}

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.open("/week?start=" + day(0))
	b.waitFor("the timesheet", `document.querySelector('table.sheet tbody tr')`)
	grid := eval[[][]string](b, `[...document.querySelectorAll('table.sheet tr')].map((tr) => [...tr.cells].map((c) => (c.querySelector('input')?.value ?? c.textContent) + (c.classList.contains('late') ? ' late' : '')))`)
	want := [][]string{ // tasks by name
		{"Deploy", "", "0:45 late", "", "", "", "", "", "0:45"},
		{"Design", "1:00 late", "", "0:45 late", "", "", "", "", "1:45"},
	}
	for i, w := range want {
		if got := grid[i+1]; !slices.Equal(got[1:], w[1:]) || got[0] == "" {
			t.Errorf("row %d = %q, want %q", i+1, got, w)
		}
	}
	if totals := grid[3]; !slices.Equal(totals[1:], []string{"1:00", "0:45", "0:45", "0:00", "0:00", "0:00", "0:00", "2:30"}) {
		t.Errorf("day totals = %q", totals)
	}
	if n := eval[int](b, `document.querySelectorAll('table.sheet tbody tr:nth-child(2) td:nth-child(4) input').length`); n != 0 {
		t.Errorf("the cell with two entries has %d inputs, want none (edited in the list)", n)
	}
	b.checkA11y("week-sheet")
	b.shoot("week-sheet")
	b.shootDark("week-sheet-dark")

	// The cells are typed in: row (task) and column (day, Monday = 1).
	cell := func(row, col int) string {
		return fmt.Sprintf(`table.sheet tbody tr:nth-child(%d) td:nth-child(%d) input`, row, col+1)
	}
	total := func(col int) string {
		return fmt.Sprintf(`document.querySelector('table.sheet tfoot tr td:nth-child(%d)')?.textContent`, col+1)
	}
	b.setValue(cell(2, 1), "1:30") // Design, Monday: the entry becomes 90 minutes
	b.waitFor("Monday saved", total(1)+` === '1:30'`)
	b.setValue(cell(1, 4), "2") // Deploy, Thursday: a new entry of 2 h
	b.waitFor("Thursday saved", total(4)+` === '2:00'`)
	b.setValue(cell(1, 2), "") // Deploy, Tuesday: deleted
	b.waitFor("Tuesday deleted", total(2)+` === '0:00'`)

	got := map[string]int{}
	for _, e := range ana.entries(day(0), day(6)) {
		got[map[string]string{design: "Design", deploy: "Deploy"}[e.TaskID]+" "+e.Date] += e.Minutes
	}
	wantMinutes := map[string]int{"Design " + day(0): 90, "Design " + day(2): 45, "Deploy " + day(3): 120}
	if fmt.Sprint(got) != fmt.Sprint(wantMinutes) {
		t.Errorf("stored minutes = %v, want %v", got, wantMinutes)
	}
	// Two edits in a row, the first one's reload answering last: the grid
	// keeps the second (the answer drawn last must not be the stale one).
	eval[chromedp.Void](b, `(() => { const f = window.fetch; window.fetch = async (u, o) => {
		const r = await f(u, o);
		if (String(u).includes('/entries?') && !window.slowed) { window.slowed = 1; await new Promise((ok) => setTimeout(ok, 800)); window.late = 1; }
		return r; }; })()`)
	b.setValue(cell(2, 1), "2") // Design, Monday: 2 h; its reload is slow
	b.waitFor("the slow reload asked", `window.slowed`)
	b.setValue(cell(2, 5), "1") // Design, Friday: a new hour
	b.waitFor("the slow reload answered", `window.late`)
	time.Sleep(300 * time.Millisecond)
	if got := eval[[]string](b, "["+total(1)+", "+total(5)+"]"); !slices.Equal(got, []string{"2:00", "1:00"}) {
		t.Errorf("Monday and Friday totals after two quick edits = %q, want 2:00 and 1:00", got)
	}
	b.setValue(cell(2, 1), "lots")
	b.waitFor("the refusal", `document.querySelector('table.sheet [aria-invalid=true]') && document.querySelector('.alert.error:not([hidden])')`)
	// A tiny time is no way to delete; a time the server refuses (a day
	// over 24 h with Design's 45 minutes) is marked as refused, not saved.
	refused := func(row, col int, value string) {
		t.Helper()
		b.open("/week?start=" + day(0))
		b.waitFor("the timesheet", `document.querySelector('table.sheet tbody tr')`)
		b.setValue(cell(row, col), value)
		b.waitFor(value+" refused", fmt.Sprintf(`document.querySelector(%q)?.getAttribute('aria-invalid') === 'true' && document.querySelector('.alert.error:not([hidden])')`, cell(row, col)))
	}
	refused(2, 1, "0.001")
	refused(1, 3, "24:00")
	got = map[string]int{}
	for _, e := range ana.entries(day(0), day(6)) {
		got[e.Date] += e.Minutes
	}
	if got[day(0)] != 120 || got[day(2)] != 45 {
		t.Errorf("after the refusals Monday has %d minutes and Wednesday %d, want 120 and 45", got[day(0)], got[day(2)])
	}
}

// TestTimesheetWaitingCell: a cell logged offline waits in the outbox; the
// grid counts it, marked as waiting and not editable (so nobody types it
// again), while the server does not have it yet; back online it is sent
// once and the cell can be edited.
func TestTimesheetWaitingCell(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ana := srv.register(t, "Ana Admin", "ana@example.com")
	_, design := ana.projectAndTask("Website", "#0d9488", "Design")
	now := testnow.Must().UTC()
	monday := now.AddDate(0, 0, -int(now.Weekday()+6)%7-7)
	day := func(i int) string { return monday.AddDate(0, 0, i).Format(time.DateOnly) }
	ana.must("POST", "/entries", map[string]any{"task_id": design, "date": day(0), "minutes": 60}, 201, nil)

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.open("/week?start=" + day(0))
	b.waitFor("the timesheet", `document.querySelector('table.sheet tbody tr')`)
	tuesday := `document.querySelector('table.sheet tbody tr:nth-child(1) td:nth-child(3)')`
	b.offline(true)
	b.waitFor("the page to know it is offline", `navigator.onLine === false`)
	b.setValue(`table.sheet tbody tr:nth-child(1) td:nth-child(3) input`, "1:30")
	b.waitFor("the cell waiting", tuesday+`?.classList.contains('waiting') && !`+tuesday+`.querySelector('input')`)
	if got := eval[string](b, tuesday+`.textContent`); got != "1:30 (waiting to sync)" {
		t.Errorf("the waiting cell reads %q", got)
	}
	if got := eval[[]string](b, `[...document.querySelectorAll('table.sheet tfoot tr:first-child td')].map((td) => td.textContent)`); !slices.Equal(got, []string{"1:00", "1:30", "0:00", "0:00", "0:00", "0:00", "0:00", "2:30"}) {
		t.Errorf("totals with the waiting cell = %q", got)
	}
	if es := ana.entries(day(0), day(6)); len(es) != 1 {
		t.Errorf("the server has %d entries while the cell waits, want 1", len(es))
	}
	b.checkA11y("week-sheet-waiting")
	b.shoot("week-sheet-waiting")
	b.shootDark("week-sheet-waiting-dark")

	b.offline(false)
	b.waitFor("the cell stored and editable", `document.querySelector('table.sheet tbody tr:nth-child(1) td:nth-child(3) input')?.value === '1:30'`)
	time.Sleep(500 * time.Millisecond)
	var tuesdays []entry
	for _, e := range ana.entries(day(0), day(6)) {
		if e.Date == day(1) {
			tuesdays = append(tuesdays, e)
		}
	}
	if len(tuesdays) != 1 || tuesdays[0].Minutes != 90 {
		t.Errorf("Tuesday after syncing = %+v, want one entry of 90 minutes", tuesdays)
	}
}
