package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestMyHistoryZonesAndYears: "today" is the person's own at UTC+14 and
// UTC−11; over fifteen months in Berlin (both clock changes twice) the
// days run on without a skip or a repeat, and the streak of the last
// finalized date, replayed from the first record though the view shows
// twelve months, equals GET /me's.
func TestMyHistoryZonesAndYears(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		start := time.Date(2025, 1, 6, 10, 0, 0, 0, time.UTC) // a Monday
		w := newWorld(t, dialect, apitest.Options{Start: start})
		for tz, today := range map[string]string{"Pacific/Kiritimati": "2025-01-07 open", "Pacific/Pago_Pago": "2025-01-05 non_workday"} {
			var h historyBody
			w.Must(http.StatusOK, "GET", "/api/v1/me/history", w.CreateUser(w.admin, tz[8:], tz).Token, nil).JSON(t, &h)
			if len(h.Days) != 1 || h.To+" "+h.Days[0].Status != today || h.Days[0].Date != h.To {
				t.Errorf("%s, created today: to %s, days %+v, want only %s", tz, h.To, h.Days, today)
			}
		}
		bea := w.CreateUser(w.admin, "Bea", "Europe/Berlin")
		for i := 1; i <= 450; i++ {
			d := start.AddDate(0, 0, i)
			w.Set(d)
			w.Relogin(bea)
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && i%37 != 5 {
				w.Log(bea, w.task, d.Format(time.DateOnly), 60)
			}
			if i%7 == 0 {
				w.CloseOut()
			}
		}
		w.Set(start.AddDate(0, 0, 451)) // a Tuesday: Monday is finalized
		w.CloseOut()
		w.Relogin(bea)
		var h historyBody
		w.Must(http.StatusOK, "GET", "/api/v1/me/history", bea.Token, nil).JSON(t, &h)
		for i, d := range h.Days {
			if want := dateAfter(h.From, i); d.Date != want {
				t.Fatalf("day %d is %s, want %s", i, d.Date, want)
			}
		}
		var me meBody
		w.Must(http.StatusOK, "GET", "/api/v1/me", bea.Token, nil).JSON(t, &me)
		last := h.Days[len(h.Days)-2]
		if h.Days[0].Streak == 0 || last.Status != "on_time" || last.Streak != me.Stats.Streak.Current {
			t.Errorf("first day %+v; last finalized %+v, GET /me streak %d", h.Days[0], last, me.Stats.Streak.Current)
		}
	})
}

func dateAfter(date string, n int) string {
	d, _ := time.Parse(time.DateOnly, date)
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}
