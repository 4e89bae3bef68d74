package e2e_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/game"
)

// recorder is a Sender that keeps what it was given.
type recorder struct {
	mu   sync.Mutex
	sent []game.Notification
}

func (r *recorder) Send(n game.Notification) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, n)
}

// count is how many notifications of a kind went to a user.
func (r *recorder) count(userID, kind string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.sent {
		if s.UserID == userID && s.Kind == kind {
			n++
		}
	}
	return n
}

// TestReminders: at the user's local reminder_time on a workday with
// nothing logged, one "reminder" notification, once per date however often
// the job runs; none before the time, on weekends, on time off, once time
// is logged, or without a reminder_time. Each is also sent to the webhook.
func TestReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		rec := &recorder{}
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday, Sender: rec}) // Monday 2 March, 12:00 UTC
		admin := env.Register("Admin")
		task := env.Task(admin, "Build")
		rita := env.CreateUser(admin, "Rita", "Europe/Berlin")       // UTC+1
		lee := env.CreateUser(admin, "Lee", "America/Los_Angeles")   // UTC-8
		nora := env.CreateUser(admin, "Nora", "UTC")                 // no reminder_time
		patchMe(env, rita, map[string]any{"reminder_time": "17:00"}) // 16:00 UTC
		patchMe(env, lee, map[string]any{"reminder_time": "09:00"})  // 17:00 UTC

		reminders := func(u *apitest.User) int {
			t.Helper()
			return kinds(notifications(env, u))["reminder"]
		}
		check := func(at string, wantRita, wantLee int) {
			t.Helper()
			env.Set(utc(at))
			runReminders(env)
			runReminders(env)
			if got := reminders(rita); got != wantRita {
				t.Errorf("at %s Rita has %d reminders, want %d", at, got, wantRita)
			}
			if got := reminders(lee); got != wantLee {
				t.Errorf("at %s Lee has %d reminders, want %d", at, got, wantLee)
			}
			if got := reminders(nora); got != 0 {
				t.Errorf("at %s Nora has %d reminders, want 0", at, got)
			}
		}
		check("2026-03-02T15:59:00Z", 0, 0) // 16:59 in Berlin: not yet
		check("2026-03-02T16:00:00Z", 1, 0) // 17:00 in Berlin; 08:00 in Los Angeles
		check("2026-03-02T16:55:00Z", 1, 0)
		check("2026-03-02T17:00:00Z", 1, 1) // 09:00 in Los Angeles
		check("2026-03-02T22:55:00Z", 1, 1) // once per date

		// Tuesday: Rita logs in the morning, Lee does not. Rita sets
		// Wednesday as time off.
		env.Set(utc("2026-03-03T09:00:00Z"))
		logTime(env, rita, task, "2026-03-03", 30)
		call(env, rita, http.StatusCreated, "PUT", "/api/v1/me/time-off/2026-03-04", nil)
		check("2026-03-03T22:00:00Z", 1, 2)
		check("2026-03-04T22:00:00Z", 1, 3) // Rita's time off
		check("2026-03-07T22:00:00Z", 1, 3) // Saturday
		check("2026-03-08T22:00:00Z", 1, 3) // Sunday
		check("2026-03-09T15:59:00Z", 1, 3) // Monday again
		check("2026-03-09T16:00:00Z", 2, 4) // 17:00 in Berlin, and 09:00 in Los Angeles now (PDT)

		// Lee works weekends from now on: Saturday reminds too.
		patchMe(env, lee, map[string]any{"workdays": allWeek})
		check("2026-03-14T17:00:00Z", 2, 5)

		for _, n := range notifications(env, rita) {
			if n.Kind == "reminder" && n.Message == "" {
				t.Errorf("reminder without a message: %+v", n)
			}
		}
		if got, want := rec.count(rita.ID, "reminder"), 2; got != want {
			t.Errorf("webhook got %d of Rita's reminders, want %d", got, want)
		}
		if got, want := rec.count(lee.ID, "reminder"), 5; got != want {
			t.Errorf("webhook got %d of Lee's reminders, want %d", got, want)
		}
	})
}

// TestNotificationsRead: POST /me/notifications/read sets read_at on the
// caller's listed notifications only; another user's ids are ignored.
func TestNotificationsRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		rita := env.CreateUser(admin, "Rita", "UTC")
		lee := env.CreateUser(admin, "Lee", "UTC")
		patchMe(env, rita, map[string]any{"reminder_time": "09:00"})
		patchMe(env, lee, map[string]any{"reminder_time": "09:00"})
		for _, day := range []string{"2026-03-03", "2026-03-04", "2026-03-05"} {
			env.Set(utc(day + "T10:00:00Z"))
			runReminders(env)
		}
		ritas, lees := notifications(env, rita), notifications(env, lee)
		if len(ritas) != 3 || len(lees) != 3 {
			t.Fatalf("Rita has %d notifications, Lee %d; want 3 each", len(ritas), len(lees))
		}
		for _, n := range append(ritas, lees...) {
			if n.ID == "" || n.Kind != "reminder" || n.ReadAt != nil {
				t.Fatalf("fresh notification %+v", n)
			}
		}
		env.Relogin(rita)
		r := env.Do("POST", "/api/v1/me/notifications/read", rita.Token,
			map[string]any{"ids": []string{ritas[0].ID, ritas[2].ID, lees[0].ID, lees[1].ID, "no-such-id"}})
		if r.Status != http.StatusOK && r.Status != http.StatusNoContent {
			t.Fatalf("mark read: %d %s", r.Status, r.Body)
		}
		read := func(ns []notification) []bool {
			out := []bool{}
			for _, n := range ns {
				out = append(out, n.ReadAt != nil)
			}
			return out
		}
		if diff := cmp.Diff([]bool{true, false, true}, read(notifications(env, rita))); diff != "" {
			t.Errorf("Rita's read flags, newest first (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]bool{false, false, false}, read(notifications(env, lee))); diff != "" {
			t.Errorf("Lee's notifications were marked by Rita (-want +got):\n%s", diff)
		}
		// Marking again keeps the first read_at.
		first := notifications(env, rita)[0].ReadAt
		env.Set(utc("2026-03-05T11:00:00Z"))
		env.Relogin(rita)
		env.Do("POST", "/api/v1/me/notifications/read", rita.Token, map[string]any{"ids": []string{ritas[0].ID}})
		if again := notifications(env, rita)[0].ReadAt; again == nil || !again.Equal(*first) {
			t.Errorf("read_at moved from %v to %v", first, again)
		}
	})
}
