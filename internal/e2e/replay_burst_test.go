package e2e_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"

	"github.com/timestreak/timestreak/api/apitest"
)

// Keyed requests and bursts in the replay: what the web app sends (every
// entry with an Idempotency-Key, retried when an answer is lost) and what
// a team sends at once (one user logs today while another backfills, edits
// or deletes), so that the writer's batches mix every kind of write.

// logKeyed logs an entry with an Idempotency-Key and sends it again, as
// the app does when an answer is lost: the retry must get the first answer
// byte for byte and make nothing.
func (r *replayer) logKeyed(u *replayUser, date string) {
	r.t.Helper()
	r.keys++
	key := fmt.Sprintf("replay-%d", r.keys)
	body := map[string]any{"task_id": r.task, "date": date, "minutes": 15 + r.rng.Intn(300)}
	first := r.env.Do("POST", "/api/v1/entries", u.Token, body, "Idempotency-Key", key)
	if first.Status != http.StatusCreated && first.Status != http.StatusUnprocessableEntity && first.Status != http.StatusLocked {
		r.fail("keyed entry on %s as %s: %d %s", date, u.name, first.Status, first.Body)
	}
	again := r.env.Do("POST", "/api/v1/entries", u.Token, body, "Idempotency-Key", key)
	if first.Status == http.StatusCreated && (again.Status != http.StatusCreated || string(again.Body) != string(first.Body)) {
		r.fail("retry of key %s answered %d\n%s\nthe first answer was\n%s", key, again.Status, again.Body, first.Body)
	}
	if first.Status != http.StatusCreated {
		r.note("%s's keyed entry on %s refused: %d", u.name, date, first.Status)
		return
	}
	var e entryResp
	first.JSON(r.t, &e)
	u.entries = append(u.entries, replayEntry{e.ID, date})
	r.note("%s logs keyed on %s (on_time %v, sent twice)", u.name, date, e.OnTime)
	r.checkDay(u, e)
}

// burstWrite is one user's write in a burst, drawn before any is sent.
type burstWrite struct {
	u       *replayUser
	method  string
	path    string
	body    any
	headers []string
	entry   int // the entry an edit or deletion names
	date    string
	res     *apitest.Response
}

// burst has every user send one write at the same moment: a keyed entry
// today, a backfill, an edit or a deletion. Each user's write touches only
// their own data, so the outcome is the same whatever order the writer
// takes them in, and the history stays the same however the batches fall.
func (r *replayer) burst() {
	var writes []*burstWrite
	for _, u := range r.users {
		today := r.today(u)
		w := &burstWrite{u: u, method: "POST", path: "/api/v1/entries", entry: -1}
		switch x := r.rng.Intn(4); {
		case x == 0:
			r.keys++
			w.date = today
			w.body = map[string]any{"task_id": r.task, "date": today, "minutes": 5 + r.rng.Intn(120)}
			w.headers = []string{"Idempotency-Key", fmt.Sprintf("burst-%d", r.keys)}
		case x == 1:
			w.date = addDays(today, -1-r.rng.Intn(6))
			w.body = map[string]any{"task_id": r.task, "date": w.date, "minutes": 5 + r.rng.Intn(120)}
		case x == 2 && len(u.entries) > 0:
			w.entry = r.rng.Intn(len(u.entries))
			w.method, w.path = "PATCH", "/api/v1/entries/"+u.entries[w.entry].id
			w.body = map[string]any{"minutes": 1 + r.rng.Intn(300)}
		case x == 3 && len(u.entries) > 0:
			w.entry = r.rng.Intn(len(u.entries))
			w.method, w.path = "DELETE", "/api/v1/entries/"+u.entries[w.entry].id
		default:
			continue
		}
		writes = append(writes, w)
	}
	var wg sync.WaitGroup
	for _, w := range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.res = r.env.Do(w.method, w.path, w.u.Token, w.body, w.headers...)
		}()
	}
	wg.Wait()
	for _, w := range writes {
		ok := map[string][]int{"POST": {http.StatusCreated, http.StatusUnprocessableEntity, http.StatusLocked},
			"PATCH": {http.StatusOK, http.StatusUnprocessableEntity, http.StatusLocked}, "DELETE": {http.StatusNoContent, http.StatusLocked}}[w.method]
		if !slices.Contains(ok, w.res.Status) {
			r.fail("burst: %s %s as %s: %d %s", w.method, w.path, w.u.name, w.res.Status, w.res.Body)
		}
		r.note("burst: %s %s %v as %s: %d", w.method, w.path, w.body, w.u.name, w.res.Status)
		switch {
		case w.method == "POST" && w.res.Status == http.StatusCreated:
			var e entryResp
			w.res.JSON(r.t, &e)
			w.u.entries = append(w.u.entries, replayEntry{e.ID, w.date})
			r.checkDay(w.u, e)
		case w.method == "DELETE" && w.res.Status == http.StatusNoContent:
			w.u.entries = append(w.u.entries[:w.entry], w.u.entries[w.entry+1:]...)
		}
	}
}
