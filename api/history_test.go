package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type historyBody struct {
	From string `json:"from"`
	To   string `json:"to"`
	Days []struct {
		Date       string `json:"date"`
		Status     string `json:"status"`
		Minutes    int    `json:"minutes"`
		Streak     int    `json:"streak"`
		FreezeUsed bool   `json:"freeze_used"`
	} `json:"days"`
	Weeks []struct {
		Start         string `json:"start"`
		Minutes       int    `json:"minutes"`
		TargetMinutes int    `json:"target_minutes"`
	} `json:"weeks"`
}

// TestMyHistory walks a person through three weeks, a day at a time with
// the close-out run each noon, and reads every kind of date back: on time
// (a streak of ten, which earns a freeze), a missed day the freeze covers,
// one it does not, a late day, a day off, weekends, and today still open.
func TestMyHistory(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		hana := w.CreateUser(w.admin, "Hana", "UTC")
		day := func(i int) string { return apitest.Monday.AddDate(0, 0, i).Format(time.DateOnly) }
		for i := 0; i <= 21; i++ {
			if i > 0 {
				w.Set(apitest.Monday.AddDate(0, 0, i))
				w.CloseOut()
				w.Relogin(hana)
			}
			switch {
			case i < 14 && i%7 < 5: // two weeks of full days, on the day
				w.Log(hana, w.task, day(i), 480)
			case i == 17: // Thursday: yesterday backfilled, today off
				w.Log(hana, w.task, day(16), 60)
				w.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/"+day(17), hana.Token, nil)
			case i == 18:
				w.Log(hana, w.task, day(18), 30)
			case i == 21:
				w.Log(hana, w.task, day(21), 15)
			}
		}
		var h historyBody
		w.Must(http.StatusOK, "GET", "/api/v1/me/history", hana.Token, nil).JSON(t, &h)
		if h.From != "2025-03-24" || h.To != "2026-03-23" {
			t.Errorf("from %s to %s, want the Monday 52 weeks back (2025-03-24) to today (2026-03-23)", h.From, h.To)
		}
		var got []string
		for _, d := range h.Days {
			line := fmt.Sprintf("%s %s %d streak %d", d.Date, d.Status, d.Minutes, d.Streak)
			if d.FreezeUsed {
				line += " freeze"
			}
			got = append(got, line)
		}
		want := []string{
			"2026-03-02 on_time 480 streak 1", "2026-03-03 on_time 480 streak 2", "2026-03-04 on_time 480 streak 3",
			"2026-03-05 on_time 480 streak 4", "2026-03-06 on_time 480 streak 5",
			"2026-03-07 non_workday 0 streak 5", "2026-03-08 non_workday 0 streak 5",
			"2026-03-09 on_time 480 streak 6", "2026-03-10 on_time 480 streak 7", "2026-03-11 on_time 480 streak 8",
			"2026-03-12 on_time 480 streak 9", "2026-03-13 on_time 480 streak 10",
			"2026-03-14 non_workday 0 streak 10", "2026-03-15 non_workday 0 streak 10",
			"2026-03-16 missed 0 streak 10 freeze", "2026-03-17 missed 0 streak 0", "2026-03-18 late 60 streak 0",
			"2026-03-19 day_off 0 streak 0", "2026-03-20 on_time 30 streak 1",
			"2026-03-21 non_workday 0 streak 1", "2026-03-22 non_workday 0 streak 1",
			"2026-03-23 open 15 streak 0",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("days (-want +got):\n%s", diff)
		}
		if n := len(h.Weeks); n != 53 || h.Weeks[0].Start != h.From {
			t.Fatalf("%d weeks from %s, want 53 from %s", n, h.Weeks[0].Start, h.From)
		}
		var weeks []string
		for _, wk := range h.Weeks[49:] {
			weeks = append(weeks, fmt.Sprintf("%s %d/%d", wk.Start, wk.Minutes, wk.TargetMinutes))
		}
		want = []string{"2026-03-02 2400/2400", "2026-03-09 2400/2400", "2026-03-16 90/1920", "2026-03-23 15/480"}
		if diff := cmp.Diff(want, weeks); diff != "" {
			t.Errorf("last weeks (-want +got):\n%s", diff)
		}
	})
}
