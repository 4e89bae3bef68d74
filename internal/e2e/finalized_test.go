package e2e_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestFinalizedDateStaysClosed: once the close-out has scored a date, no
// entry on it is on time again — not after the user moves west, where the
// date is "today" once more, and so not on a replica whose clock lags.
func TestFinalizedDateStaysClosed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)})
		admin := env.Register("Admin")
		task := env.Task(admin, "Work")
		yui := env.CreateUser(admin, "Yui", "Asia/Tokyo")
		// Monday 2026-03-02 in Tokyo: log on the day.
		env.Set(time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)) // 12:00 JST
		env.Relogin(yui)
		env.Log(yui, task, "2026-03-02", 60)
		// Tuesday 03:00 JST: Monday has closed and is finalized.
		env.Set(time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC))
		env.CloseOut()
		env.Relogin(yui)
		before := env.Points(yui)
		// Move to Los Angeles, where it is Monday 10:00 again.
		env.Must(http.StatusOK, "PATCH", "/api/v1/me", yui.Token, map[string]any{"timezone": "America/Los_Angeles"})
		var e struct {
			ID     string `json:"id"`
			OnTime bool   `json:"on_time"`
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", yui.Token,
			map[string]any{"task_id": task, "date": "2026-03-02", "minutes": 480}).JSON(t, &e)
		if e.OnTime {
			t.Errorf("an entry on a finalized date is on time")
		}
		// Moving another entry there is no different.
		id := env.Log(yui, task, "2026-03-01", 30)
		env.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+id, yui.Token, map[string]any{"date": "2026-03-02"}).JSON(t, &e)
		if e.OnTime {
			t.Errorf("an entry moved to a finalized date is on time")
		}
		env.Set(time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC))
		env.CloseOut()
		env.Relogin(yui)
		after := env.Points(yui)
		if diff := cmp.Diff(before, after[:len(before)]); diff != "" || len(before) == 0 {
			t.Errorf("Monday's points changed (-before +after):\n%s", diff)
		}
		for _, row := range after {
			if row[:10] == "2026-03-02" && row != "2026-03-02 on_time 10" && row != "2026-03-02 streak 1" {
				t.Errorf("Monday earned more after it was finalized: %s", row)
			}
		}
	})
}
