package frontend_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/timestreak/timestreak/internal/testnow"
)

// movableClock lets a test move the page's clock (on top of the harness's
// shift to the suite's instant): window.__extraMs is added to every "now".
func movableClock(b *browser, extra time.Duration) {
	b.t.Helper()
	src := fmt.Sprintf(`(() => {
  const Base = Date;
  globalThis.__extraMs = %d;
  class Movable extends Base {
    constructor(...args) { if (args.length === 0) super(Base.now() + globalThis.__extraMs); else super(...args); }
    static now() { return Base.now() + globalThis.__extraMs; }
  }
  globalThis.Date = Movable;
})();`, extra.Milliseconds())
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
		b.t.Fatalf("set the page's movable clock: %v", err)
	}
}

// TestTapAfterMidnightLogsToTheNewDay: the app was opened two minutes before
// midnight (its /me says the old date); a tap three minutes later, after
// midnight on the server and the device, logs to the new date, not to
// yesterday, and the screen moves on to the new day.
func TestTapAfterMidnightLogsToTheNewDay(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	api.everyDayIsAWorkday()
	_, task := api.projectAndTask("Website", "#0ea5e9", "Design review")
	start := testnow.Start(t).UTC()
	day0 := start.Format(time.DateOnly)
	api.must("POST", "/entries", map[string]any{"task_id": task, "date": day0, "minutes": 30}, http.StatusCreated, nil)
	beforeMidnight := time.Date(start.Year(), start.Month(), start.Day(), 23, 58, 0, 0, time.UTC)
	api.must("PUT", "/admin/clock", map[string]any{"now": beforeMidnight.Format(time.RFC3339)}, http.StatusOK, nil)

	b := newBrowser(t, srv.URL)
	movableClock(b, beforeMidnight.Sub(start))
	b.signIn("ana@example.com", password)
	b.waitFor("the recent task", `document.querySelector('#recent-tasks .chip')`)
	if got := eval[string](b, `new Date().toISOString().slice(0, 10)`); got != day0 {
		t.Fatalf("the page's date is %s, want %s", got, day0)
	}

	afterMidnight := beforeMidnight.Add(3 * time.Minute)
	day1 := afterMidnight.Format(time.DateOnly)
	api = srv.login(t, "ana@example.com", password)
	api.must("PUT", "/admin/clock", map[string]any{"now": afterMidnight.Format(time.RFC3339)}, http.StatusOK, nil)
	eval[chromedp.Void](b, fmt.Sprintf(`globalThis.__extraMs += %d`, (3*time.Minute).Milliseconds()))

	b.click(`#recent-tasks .chip`)
	b.typeInto(`input[name=note]`, "just after midnight")
	b.click(`.quick-btn[data-minutes="15"]`)
	b.waitFor("the entry", `[...document.querySelectorAll('#today-entries *')].some((e) => e.textContent.includes('just after midnight'))`)
	var got []string
	for _, e := range api.entries(day0, day1) {
		if e.Note == "just after midnight" {
			got = append(got, e.Date)
		}
	}
	if len(got) != 1 || got[0] != day1 {
		t.Fatalf("the tap after midnight logged to %v, want [%s]", got, day1)
	}
	// The screen follows: it read /me again, and today's progress is the
	// new day's 15 minutes, not yesterday's 45.
	b.waitText(".ring-value", "15 m")
}

// TestOutboxRetriesAGoneKey: the server's 409 "this key's first request is
// gone" (problem type idempotency-key-gone) sends the entry again under a
// new key, once it lands; any other 409 is final: the entry leaves the
// outbox and the person sees why.
func TestOutboxRetriesAGoneKey(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	api.everyDayIsAWorkday()
	_, task := api.projectAndTask("Website", "#0ea5e9", "Design review")
	api.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": 30}, http.StatusCreated, nil)

	b := newBrowser(t, srv.URL)
	// The page's fetch answers the next POST /entries itself with the
	// conflict queued in window.__conflicts, and records every key sent.
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
  const real = globalThis.fetch.bind(globalThis);
  globalThis.__keys = [];
  globalThis.__conflicts = [];
  globalThis.fetch = async (url, init = {}) => {
    if (String(url).endsWith('/api/v1/entries') && init.method === 'POST') {
      globalThis.__keys.push(new Headers(init.headers).get('Idempotency-Key'));
      const c = globalThis.__conflicts.shift();
      if (c) return new Response(JSON.stringify({type: c.type, title: 'Conflict', status: 409, detail: c.detail, errors: []}),
        {status: 409, headers: {'Content-Type': 'application/problem+json'}});
    }
    return real(url, init);
  };
})();`}); err != nil {
		t.Fatalf("wrap fetch: %v", err)
	}
	b.signIn("ana@example.com", password)
	b.waitFor("the recent task", `document.querySelector('#recent-tasks .chip')`)

	eval[chromedp.Void](b, `globalThis.__conflicts.push({type: 'urn:timestreak:problem:idempotency-key-gone', detail: "this Idempotency-Key's first request is gone; retry"})`)
	b.click(`#recent-tasks .chip`)
	b.typeInto(`input[name=note]`, "key gone once")
	b.click(`.quick-btn[data-minutes="15"]`)
	b.waitText("#today-entries", "key gone once")
	keys := eval[[]string](b, `globalThis.__keys`)
	if len(keys) != 2 || keys[0] == "" || keys[0] == keys[1] {
		t.Fatalf("keys sent: %q, want two different ones (a new key after the gone one)", keys)
	}
	if n := countNote(api, "key gone once"); n != 1 {
		t.Fatalf("the server has %d copies, want 1", n)
	}
	b.waitAsync("an empty outbox", outboxEmpty)

	// Another conflict is final: nothing is kept to send again, and the
	// person reads the server's reason.
	eval[chromedp.Void](b, `globalThis.__conflicts.push({type: 'about:blank', detail: 'this Idempotency-Key was used with a different request'})`)
	b.click(`#recent-tasks .chip`)
	b.typeInto(`input[name=note]`, "refused")
	b.click(`.quick-btn[data-minutes="15"]`)
	b.waitText("body", "this Idempotency-Key was used with a different request")
	b.waitAsync("an empty outbox", outboxEmpty)
	if keys := eval[[]string](b, `globalThis.__keys`); len(keys) != 3 {
		t.Errorf("keys sent: %q; a final conflict is not sent again", keys)
	}
	if n := countNote(api, "refused"); n != 0 {
		t.Errorf("the server has %d refused entries", n)
	}
}

const outboxEmpty = `new Promise((ok) => { const r = indexedDB.open('timestreak'); r.onsuccess = () => {
	r.result.transaction('outbox').objectStore('outbox').count().onsuccess = (e) => ok(e.target.result === 0);
}; })`
