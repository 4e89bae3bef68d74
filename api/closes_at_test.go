package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestClosesAt: GET /me's stats.today and POST /entries' day say when the
// date closes, the grace period after its midnight in the person's zone,
// as an RFC 3339 instant in UTC, so the app can say when pending points
// are earned (issue 16 item 3).
func TestClosesAt(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday, Grace: 3 * time.Hour})
		for _, tc := range []struct {
			zone, date, want string
		}{
			{"UTC", "2026-03-02", "2026-03-03T03:00:00Z"},
			{"Pacific/Kiritimati", "2026-03-03", "2026-03-03T13:00:00Z"}, // UTC+14: already Tuesday there
			{"America/New_York", "2026-03-02", "2026-03-03T08:00:00Z"},   // UTC−5
		} {
			u := w.CreateUser(w.admin, "Person "+tc.date+" "+tc.want[11:13], tc.zone)
			var m struct {
				Stats struct {
					Today struct {
						Date     string `json:"date"`
						ClosesAt string `json:"closes_at"`
					} `json:"today"`
				} `json:"stats"`
			}
			w.Must(http.StatusOK, "GET", "/api/v1/me", u.Token, nil).JSON(t, &m)
			if got := m.Stats.Today; got.Date != tc.date || got.ClosesAt != tc.want {
				t.Errorf("%s: GET /me today %s closes at %q, want %s closing at %s", tc.zone, got.Date, got.ClosesAt, tc.date, tc.want)
			}
			var e struct {
				Day struct {
					ClosesAt string `json:"closes_at"`
				} `json:"day"`
			}
			w.Must(http.StatusCreated, "POST", "/api/v1/entries", u.Token,
				map[string]any{"task_id": w.task, "date": tc.date, "minutes": 30}).JSON(t, &e)
			if e.Day.ClosesAt != tc.want {
				t.Errorf("%s: POST /entries day closes at %q, want %s", tc.zone, e.Day.ClosesAt, tc.want)
			}
		}
	})
}
