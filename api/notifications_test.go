package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type notificationBody struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Date      *string   `json:"date"`
	CreatedAt time.Time `json:"created_at"`
}

// TestNotificationsDatedAndPaged: a close-out that catches up on a week
// writes its notices in one run; each still says the date it is about, and
// the list pages newest first.
func TestNotificationsDatedAndPaged(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		ana := w.CreateUser(w.admin, "Ana", "UTC")
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		for i := range 3 { // Monday to Wednesday on time, then nothing
			if i > 0 {
				w.Set(apitest.Monday.AddDate(0, 0, i))
				w.Relogin(ana)
			}
			w.Log(ana, w.task, apitest.Monday.AddDate(0, 0, i).Format(time.DateOnly), 30)
		}
		w.Set(apitest.Monday.AddDate(0, 0, 7))
		w.CloseOut() // one run finalizes the whole week
		w.Relogin(ana)
		w.Relogin(bob)

		var all []notificationBody
		w.Must(http.StatusOK, "GET", "/api/v1/me/notifications", ana.Token, nil).JSON(t, &all)
		var got []string
		for _, n := range all {
			if n.Date == nil {
				t.Fatalf("notification %s has no date", n.Kind)
			}
			got = append(got, *n.Date+" "+n.Kind)
		}
		want := []string{"2026-03-05 streak_lost", "2026-03-02 badge"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("notifications, newest first (-want +got):\n%s", diff)
		}
		if !all[0].CreatedAt.Equal(all[1].CreatedAt) {
			t.Errorf("the notices were written at %s and %s, want in one run", all[0].CreatedAt, all[1].CreatedAt)
		}

		var page []notificationBody
		w.Must(http.StatusOK, "GET", "/api/v1/me/notifications?limit=1", ana.Token, nil).JSON(t, &page)
		if len(page) != 1 || page[0].ID != all[0].ID {
			t.Fatalf("first page = %+v, want %s", page, all[0].ID)
		}
		w.Must(http.StatusOK, "GET", "/api/v1/me/notifications?limit=1&before="+page[0].ID, ana.Token, nil).JSON(t, &page)
		if len(page) != 1 || page[0].ID != all[1].ID {
			t.Fatalf("second page = %+v, want %s", page, all[1].ID)
		}
		w.Must(http.StatusOK, "GET", "/api/v1/me/notifications?limit=1&before="+page[0].ID, ana.Token, nil).JSON(t, &page)
		if len(page) != 0 {
			t.Fatalf("third page = %+v, want none", page)
		}

		for _, q := range []string{"limit=101", "limit=-1", "limit=x"} {
			wantProblem(t, w.Do("GET", "/api/v1/me/notifications?"+q, ana.Token, nil), http.StatusUnprocessableEntity, "limit")
		}
		wantProblem(t, w.Do("GET", "/api/v1/me/notifications?before=nope", ana.Token, nil), http.StatusUnprocessableEntity, "before")
		wantProblem(t, w.Do("GET", "/api/v1/me/notifications?before="+all[0].ID, bob.Token, nil), http.StatusUnprocessableEntity, "before")
	})
}
