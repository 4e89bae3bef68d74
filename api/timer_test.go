package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type timerView struct {
	TaskID    string    `json:"task_id"`
	Note      string    `json:"note"`
	StartedAt time.Time `json:"started_at"`
}

type stopped struct {
	Items []entry `json:"items"`
}

func (s stopped) pieces() []string {
	out := []string{}
	for _, e := range s.Items {
		out = append(out, e.Date+" "+strconv.Itoa(e.Minutes))
	}
	return out
}

func TestTimer(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		if r := w.Must(http.StatusNoContent, "GET", "/api/v1/timer", w.admin.Token, nil); len(r.Body) != 0 {
			t.Errorf("204 with a body: %s", r.Body)
		}
		wantProblem(t, w.Do("DELETE", "/api/v1/timer", w.admin.Token, nil), http.StatusNotFound)

		var tv timerView
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task, "note": "deep work"}).JSON(t, &tv)
		want := timerView{TaskID: w.task, Note: "deep work", StartedAt: apitest.Monday}
		if diff := cmp.Diff(want, tv); diff != "" {
			t.Errorf("started timer (-want +got):\n%s", diff)
		}
		wantProblem(t, w.Do("POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task}), http.StatusConflict)
		w.Clock.Advance(10 * time.Minute)
		w.Must(http.StatusOK, "GET", "/api/v1/timer", w.admin.Token, nil).JSON(t, &tv)
		if diff := cmp.Diff(want, tv); diff != "" {
			t.Errorf("running timer (-want +got):\n%s", diff)
		}

		w.Clock.Advance(79*time.Minute + 30*time.Second) // 1 h 29 min 30 s in all: 90 minutes
		w.Relogin(w.admin)
		var s stopped
		w.Must(http.StatusOK, "DELETE", "/api/v1/timer", w.admin.Token, nil).JSON(t, &s)
		if diff := cmp.Diff([]string{"2026-03-02 90"}, s.pieces()); diff != "" {
			t.Errorf("entries (-want +got):\n%s", diff)
		}
		if e := s.Items[0]; e.Source != "timer" || e.Note != "deep work" || e.TaskID != w.task || !e.OnTime || e.UserID != w.admin.ID {
			t.Errorf("timer entry = %+v", e)
		}
		if p := listEntries(w.Env, w.admin, ""); len(p.Items) != 1 || p.Items[0].ID != s.Items[0].ID {
			t.Errorf("entries after stop = %v, want the timer's", ids(p.Items))
		}
		w.Must(http.StatusNoContent, "GET", "/api/v1/timer", w.admin.Token, nil)
		wantProblem(t, w.Do("DELETE", "/api/v1/timer", w.admin.Token, nil), http.StatusNotFound)

		retired := w.taskIn(w.project("Old"), "Retired")
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+retired, w.admin.Token, map[string]any{"archived": true})
		for _, c := range []struct {
			body  any
			field string
		}{
			{map[string]any{"task_id": "nope"}, "task_id"},
			{map[string]any{}, "task_id"},
			{map[string]any{"task_id": retired}, "task_id"},
			{map[string]any{"task_id": w.task, "note": strings.Repeat("n", 2001)}, "note"},
		} {
			wantProblem(t, w.Do("POST", "/api/v1/timer", w.admin.Token, c.body), http.StatusUnprocessableEntity, c.field)
		}
		wantProblem(t, w.Do("POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task, "started_at": "2026-03-02T00:00:00Z"}), http.StatusBadRequest)
		w.Must(http.StatusNoContent, "GET", "/api/v1/timer", w.admin.Token, nil)
	})
}

func TestTimerRounding(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		for _, c := range []struct {
			run  time.Duration
			want []string
		}{
			{29 * time.Second, []string{}},
			{30 * time.Second, []string{"2026-03-02 1"}},
			{89 * time.Second, []string{"2026-03-02 1"}},
			{90 * time.Second, []string{"2026-03-02 2"}},
			{25*time.Minute + 29*time.Second, []string{"2026-03-02 25"}},
		} {
			w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task})
			w.Clock.Advance(c.run)
			w.Relogin(w.admin)
			var s stopped
			w.Must(http.StatusOK, "DELETE", "/api/v1/timer", w.admin.Token, nil).JSON(t, &s)
			if diff := cmp.Diff(c.want, s.pieces()); diff != "" {
				t.Errorf("after %s (-want +got):\n%s", c.run, diff)
			}
		}
		// Nothing under 30 s was logged: 1 + 1 + 2 + 25.
		total := 0
		for _, e := range listEntries(w.Env, w.admin, "").Items {
			total += e.Minutes
		}
		if total != 29 {
			t.Errorf("logged %d minutes, want 29", total)
		}
	})
}

// A timer that runs past the user's local midnight becomes one entry per
// local date, split at midnight in the user's zone, not the server's.
func TestTimerSplitsAtLocalMidnight(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		cases := []struct {
			zone        string
			start, stop string // UTC instants: 23:30 and 00:45 local
			want        []string
			onTime      []bool
		}{
			{"America/New_York", "2026-03-03T04:30:00Z", "2026-03-03T05:45:00Z", []string{"2026-03-02 30", "2026-03-03 45"}, []bool{true, true}},
			{"Asia/Kolkata", "2026-03-03T18:00:00Z", "2026-03-03T19:15:00Z", []string{"2026-03-03 30", "2026-03-04 45"}, []bool{true, true}},
			{"UTC", "2026-03-04T23:30:00Z", "2026-03-05T00:45:00Z", []string{"2026-03-04 30", "2026-03-05 45"}, []bool{true, true}},
			// Two midnights, 22:00 to 01:30 two days later: the first date
			// closed at 02:00 the day before the stop, so its piece is late.
			{"Europe/Berlin", "2026-03-05T21:00:00Z", "2026-03-07T00:30:00Z", []string{"2026-03-05 120", "2026-03-06 1440", "2026-03-07 90"}, []bool{false, true, true}},
		}
		for _, c := range cases {
			u := w.CreateUser(w.admin, "User "+strings.ReplaceAll(c.zone, "/", " "), c.zone)
			w.Set(at(c.start))
			w.Relogin(u)
			w.Must(http.StatusCreated, "POST", "/api/v1/timer", u.Token, map[string]any{"task_id": w.task})
			w.Set(at(c.stop))
			w.Relogin(u)
			var s stopped
			w.Must(http.StatusOK, "DELETE", "/api/v1/timer", u.Token, nil).JSON(t, &s)
			if diff := cmp.Diff(c.want, s.pieces()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.zone, diff)
			}
			var onTime []bool
			for _, e := range s.Items {
				onTime = append(onTime, e.OnTime)
				if e.Source != "timer" {
					t.Errorf("%s: source %q, want timer", c.zone, e.Source)
				}
			}
			if diff := cmp.Diff(c.onTime, onTime); diff != "" {
				t.Errorf("%s on_time (-want +got):\n%s", c.zone, diff)
			}
			w.Relogin(w.admin)
		}
	})
}

// A full date gets only what still fits.
func TestTimerRespectsDayTotal(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		w.Log(w.admin, w.task, "2026-03-02", 1430)
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task})
		w.Clock.Advance(30 * time.Minute)
		w.Relogin(w.admin)
		var s stopped
		w.Must(http.StatusOK, "DELETE", "/api/v1/timer", w.admin.Token, nil).JSON(t, &s)
		if diff := cmp.Diff([]string{"2026-03-02 10"}, s.pieces()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// The timer lives in the database: a restarted server still has it.
func TestTimerSurvivesRestart(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": w.task, "note": "across restarts"})
		w.HTTP.Close()

		later := apitest.NewOn(t, w.DB, apitest.Options{Start: apitest.Monday.Add(2 * time.Hour)})
		admin := later.Login(w.admin.Email, w.admin.Password)
		var tv timerView
		later.Must(http.StatusOK, "GET", "/api/v1/timer", admin.Token, nil).JSON(t, &tv)
		if diff := cmp.Diff(timerView{TaskID: w.task, Note: "across restarts", StartedAt: apitest.Monday}, tv); diff != "" {
			t.Errorf("timer after restart (-want +got):\n%s", diff)
		}
		var s stopped
		later.Must(http.StatusOK, "DELETE", "/api/v1/timer", admin.Token, nil).JSON(t, &s)
		if diff := cmp.Diff([]string{"2026-03-02 120"}, s.pieces()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// Starting and stopping race-free: one timer, one set of entries.
func TestTimerConcurrent(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		body := mustJSON(t, map[string]any{"task_id": w.task})
		if got := statusCounts(t, concurrently(w.Env, 8, "POST", "/api/v1/timer", w.admin.Token, body)); got[http.StatusCreated] != 1 || got[http.StatusConflict] != 7 {
			t.Errorf("8 concurrent starts: %v, want one 201 and seven 409", got)
		}
		w.Clock.Advance(time.Hour)
		w.Relogin(w.admin)
		stops := concurrently(w.Env, 8, "DELETE", "/api/v1/timer", w.admin.Token, "")
		if got := statusCounts(t, stops); got[http.StatusOK] != 1 || got[http.StatusNotFound] != 7 {
			t.Errorf("8 concurrent stops: %v, want one 200 and seven 404", got)
		}
		var minutes []int
		for _, e := range listEntries(w.Env, w.admin, "").Items {
			minutes = append(minutes, e.Minutes)
		}
		if diff := cmp.Diff([]int{60}, minutes); diff != "" {
			t.Errorf("entries after concurrent stops, minutes (-want +got):\n%s", diff)
		}
	})
}
