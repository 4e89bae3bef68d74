package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/time/rate"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// pushWorld is a server connected to a fake ClickUp whose list 901 holds
// task 86a1, synced to the timestreak task cuTask; plainTask is a task of
// timestreak's own. Mia (Europe/Berlin) is ClickUp member 301 (by her
// email, written in another case there) and has opted in to time push.
type pushWorld struct {
	*apitest.Env
	fake      *clickuptest.Server
	admin     *apitest.User
	mia       *apitest.User
	cuTask    string
	plainTask string
}

func newPushWorld(t *testing.T, dialect string) *pushWorld {
	t.Helper()
	env, fake, admin := newClickUpEnv(t, dialect)
	fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design", DateUpdated: 1767225600000})
	fake.AddMember(clickuptest.Member{ID: miaMember, Username: "Mia", Email: "Mia@Example.com"})
	connectClickUp(t, env, admin, "901")
	env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
	w := &pushWorld{Env: env, fake: fake, admin: admin, mia: env.CreateUser(admin, "Mia", "Europe/Berlin"),
		plainTask: env.Task(admin, "Plain")}
	if err := env.DB.R.Table("clickup_tasks").Select("task_id").Where("clickup_id = ?", "86a1").Scan(&w.cuTask).Error; err != nil || w.cuTask == "" {
		t.Fatalf("synced task: %q %v", w.cuTask, err)
	}
	var st map[string]any
	env.Must(http.StatusOK, "PUT", "/api/v1/me/integrations/clickup", w.mia.Token, map[string]any{"push": true}).JSON(t, &st)
	if st["push"] != true || st["matched"] != true || st["reason"] != nil {
		t.Fatalf("opt-in answer: %v", st)
	}
	return w
}

// miaMember is Mia's ClickUp user id in the fake.
const miaMember = 301

// push runs the clickup-push job once.
func (w *pushWorld) push(t *testing.T) {
	t.Helper()
	if err := w.Push.Run(context.Background()); err != nil {
		t.Fatalf("push: %v", err)
	}
}

// timeRequests counts the fake's time-entry requests by method.
func (w *pushWorld) timeRequests() map[string]int {
	out := map[string]int{}
	for _, r := range w.fake.Requests() {
		if strings.Contains(r.Path, "/time_entries") {
			out[r.Method]++
		}
	}
	return out
}

func (w *pushWorld) entry(t *testing.T, u *apitest.User, task, date string, minutes int, note string, billable bool) string {
	t.Helper()
	var e struct {
		ID string `json:"id"`
	}
	w.Must(http.StatusCreated, "POST", "/api/v1/entries", u.Token,
		map[string]any{"task_id": task, "date": date, "minutes": minutes, "note": note, "billable": billable}).JSON(t, &e)
	return e.ID
}

var ignoreID = cmpopts.IgnoreFields(clickuptest.TimeEntry{}, "ID")

// noonBerlin is local noon of a date in Mia's time zone, in Unix ms.
func noonBerlin(t *testing.T, y int, m time.Month, d int) int64 {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, 12, 0, 0, 0, loc).UnixMilli()
}

// TestClickUpPushLifecycle: an opted-in user's entry on a ClickUp task is
// created in ClickUp once, never on the request, then follows edits and the
// deletion.
func TestClickUpPushLifecycle(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newPushWorld(t, dialect)
		before := len(w.fake.Requests())

		// The request does not wait for ClickUp, nor call it.
		w.fake.Delay(3 * time.Second)
		began := time.Now()
		id := w.entry(t, w.mia, w.cuTask, "2026-03-02", 90, "Wireframes", true)
		if d := time.Since(began); d > time.Second {
			t.Errorf("POST /entries took %s", d)
		}
		if n := len(w.fake.Requests()); n != before {
			t.Errorf("ClickUp got %d requests during POST /entries", n-before)
		}
		w.fake.Delay(0)

		w.Clock.Advance(time.Minute)
		w.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-push/run", w.admin.Token, nil)
		want := []clickuptest.TimeEntry{{TaskID: "86a1", Description: "Wireframes", Start: noonBerlin(t, 2026, 3, 2), Duration: 90 * 60_000, Billable: true, User: miaMember}}
		if diff := cmp.Diff(want, w.fake.TimeEntries(), ignoreID); diff != "" {
			t.Fatalf("time entries after the first push (-want +got):\n%s", diff)
		}
		for range 2 { // nothing is pushed twice
			w.Clock.Advance(time.Minute)
			w.push(t)
		}
		if got := w.timeRequests(); !cmp.Equal(got, map[string]int{"POST": 1}) {
			t.Errorf("requests after three runs: %v", got)
		}
		var stored string
		if err := w.DB.R.Table("clickup_time_entries").Select("clickup_id").Where("entry_id = ?", id).Scan(&stored).Error; err != nil || stored != w.fake.TimeEntries()[0].ID {
			t.Errorf("stored ClickUp id %q (%v), want %q", stored, err, w.fake.TimeEntries()[0].ID)
		}

		// An edit updates the same ClickUp entry.
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+id, w.mia.Token, map[string]any{"minutes": 45, "note": "Wireframes v2", "billable": false, "date": "2026-03-01"})
		w.Clock.Advance(time.Minute)
		w.push(t)
		w.push(t)
		want = []clickuptest.TimeEntry{{TaskID: "86a1", Description: "Wireframes v2", Start: noonBerlin(t, 2026, 3, 1), Duration: 45 * 60_000, Billable: false, User: miaMember}}
		if diff := cmp.Diff(want, w.fake.TimeEntries(), ignoreID); diff != "" {
			t.Errorf("time entries after the edit (-want +got):\n%s", diff)
		}
		if got := w.timeRequests(); !cmp.Equal(got, map[string]int{"POST": 1, "PUT": 1}) {
			t.Errorf("requests after the edit: %v", got)
		}

		// A deletion deletes it.
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/entries/"+id, w.mia.Token, nil)
		w.Clock.Advance(time.Minute)
		w.push(t)
		w.push(t)
		if got := w.fake.TimeEntries(); len(got) != 0 {
			t.Errorf("time entries after the deletion: %+v", got)
		}
		if got := w.timeRequests(); !cmp.Equal(got, map[string]int{"POST": 1, "PUT": 1, "DELETE": 1}) {
			t.Errorf("requests after the deletion: %v", got)
		}
	})
}

// TestClickUpPushOnlyOptedInOnClickUpTasks: a user who has not opted in,
// or has opted out, is never pushed, nor is an entry on a task of
// timestreak's own; moving an entry onto a ClickUp task pushes it, and
// moving it off deletes it in ClickUp.
func TestClickUpPushOnlyOptedInOnClickUpTasks(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newPushWorld(t, dialect)
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		w.Must(http.StatusOK, "PUT", "/api/v1/me/integrations/clickup", bob.Token, map[string]any{"push": true})
		w.Must(http.StatusOK, "PUT", "/api/v1/me/integrations/clickup", bob.Token, map[string]any{"push": false})
		wantProblem(t, w.Do("PUT", "/api/v1/me/integrations/clickup", bob.Token, map[string]any{}), http.StatusUnprocessableEntity, "push")

		w.entry(t, w.admin, w.cuTask, "2026-03-02", 30, "admin never opted in", false)
		w.entry(t, bob, w.cuTask, "2026-03-02", 30, "bob opted out", false)
		plain := w.entry(t, w.mia, w.plainTask, "2026-03-02", 30, "not a ClickUp task", false)
		w.Clock.Advance(time.Minute)
		w.push(t)
		w.push(t)
		if got := w.timeRequests(); len(got) != 0 {
			t.Fatalf("pushed: %v %+v", got, w.fake.TimeEntries())
		}

		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+plain, w.mia.Token, map[string]any{"task_id": w.cuTask})
		w.Clock.Advance(time.Minute)
		w.push(t)
		if got := w.fake.TimeEntries(); len(got) != 1 || got[0].Description != "not a ClickUp task" {
			t.Fatalf("after moving onto the ClickUp task: %+v", got)
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+plain, w.mia.Token, map[string]any{"task_id": w.plainTask})
		w.Clock.Advance(time.Minute)
		w.push(t)
		if got := w.fake.TimeEntries(); len(got) != 0 {
			t.Errorf("after moving off the ClickUp task: %+v", got)
		}
	})
}

// TestClickUpPushRateLimitAndFailures: a 429 stops the run and the next
// run completes; a failing ClickUp backs the entry off and it is retried
// when due.
func TestClickUpPushRateLimitAndFailures(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newPushWorld(t, dialect)
		a := w.entry(t, w.mia, w.cuTask, "2026-03-02", 10, "a", false)
		w.entry(t, w.mia, w.cuTask, "2026-03-02", 20, "b", false)
		w.entry(t, w.mia, w.cuTask, "2026-03-02", 30, "c", false)
		w.Clock.Advance(time.Minute)

		w.fake.RateLimit(1, 0) // X-RateLimit-Reset: now
		w.push(t)
		if got := w.timeRequests(); got["POST"] != 1 || len(w.fake.TimeEntries()) != 0 {
			t.Fatalf("the 429 did not stop the run: %v, %+v", got, w.fake.TimeEntries())
		}
		w.push(t)
		if got := w.fake.TimeEntries(); len(got) != 3 {
			t.Fatalf("after the 429, the next run pushed %+v", got)
		}
		if got := w.timeRequests(); got["POST"] != 4 {
			t.Errorf("POSTs = %d, want 4 (one refused, three created)", got["POST"])
		}

		// A 500 on an update backs off; the retry waits for its time even
		// once the change is past the watermark.
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+a, w.mia.Token, map[string]any{"minutes": 15})
		w.fake.Fail(1, http.StatusInternalServerError)
		w.Clock.Advance(time.Minute)
		w.push(t)
		var link struct {
			Attempts  int
			LastError string
		}
		if err := w.DB.R.Table("clickup_time_entries").Select("attempts, last_error").Where("entry_id = ?", a).Scan(&link).Error; err != nil || link.Attempts != 1 || link.LastError == "" {
			t.Errorf("after a 500: %+v %v", link, err)
		}
		puts := w.timeRequests()["PUT"]
		w.Clock.Advance(30 * time.Second)
		w.push(t)
		if got := w.timeRequests()["PUT"]; got != puts {
			t.Errorf("retried before its backoff: %d PUTs, want %d", got, puts)
		}
		w.Clock.Advance(10 * time.Minute)
		w.push(t)
		var minutes []int64
		for _, te := range w.fake.TimeEntries() {
			minutes = append(minutes, te.Duration/60_000)
		}
		if !cmp.Equal(minutes, []int64{15, 20, 30}) {
			t.Errorf("durations after the retry: %v", minutes)
		}
		if err := w.DB.R.Table("clickup_time_entries").Select("attempts, last_error").Where("entry_id = ?", a).Scan(&link).Error; err != nil || link.Attempts != 0 || link.LastError != "" {
			t.Errorf("after the retry: %+v %v", link, err)
		}

		// A failed create is retried too, and makes one ClickUp entry, even
		// once the entry is past the watermark's overlap: only its due
		// retry brings it back.
		w.Relogin(w.mia)
		w.entry(t, w.mia, w.cuTask, "2026-03-02", 40, "d", false)
		posts := w.timeRequests()["POST"]
		w.fake.Fail(3, http.StatusInternalServerError)
		for _, step := range []time.Duration{time.Minute, time.Minute, 2 * time.Minute, 2 * time.Minute} {
			w.Clock.Advance(step) // fails at +1, +2 and +4 minutes, backs off at +6 (next at +8)
			w.push(t)
		}
		if n, got := len(w.fake.TimeEntries()), w.timeRequests()["POST"]-posts; n != 3 || got != 3 {
			t.Errorf("after three failed creates: %d entries, %d POSTs", n, got)
		}
		w.Clock.Advance(3 * time.Minute)
		w.push(t)
		w.push(t)
		if n, got := len(w.fake.TimeEntries()), w.timeRequests()["POST"]-posts; n != 4 || got != 4 {
			t.Errorf("after the retried create: %d entries, %d POSTs; want 4, 4", n, got)
		}
	})
}

// TestClickUpPushNeverCreatesTwice: a create whose answer was never
// recorded (the process stopped between ClickUp's answer and the write) is
// not sent again; and pushes are paced by the limiter.
func TestClickUpPushNeverCreatesTwice(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newPushWorld(t, dialect)
		lost := w.entry(t, w.mia, w.cuTask, "2026-03-02", 10, "lost answer", false)
		if err := w.DB.W.Exec("INSERT INTO clickup_time_entries (entry_id, user_id, clickup_id, pushed_hash, state, attempts, last_error, updated_at) VALUES (?, ?, '', '', 'creating', 0, '', ?)",
			lost, w.mia.ID, w.Clock.Now()).Error; err != nil {
			t.Fatal(err)
		}
		w.entry(t, w.mia, w.cuTask, "2026-03-02", 20, "b", false)
		w.entry(t, w.mia, w.cuTask, "2026-03-02", 30, "c", false)
		w.Clock.Advance(time.Minute)
		paced := clickup.NewPusher(w.ClickUp, rate.NewLimiter(rate.Every(100*time.Millisecond), 1))
		began := time.Now()
		for range 2 {
			if err := paced.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if d := time.Since(began); d < 100*time.Millisecond {
			t.Errorf("two creates took %s at 10 a second", d)
		}
		var notes []string
		for _, te := range w.fake.TimeEntries() {
			notes = append(notes, te.Description)
		}
		if !cmp.Equal(notes, []string{"b", "c"}) {
			t.Errorf("pushed %v, want [b c]", notes)
		}
		var state string
		if err := w.DB.R.Table("clickup_time_entries").Select("state").Where("entry_id = ?", lost).Scan(&state).Error; err != nil || state != "unknown" {
			t.Errorf("state of the lost create = %q (%v), want unknown", state, err)
		}
	})
}
