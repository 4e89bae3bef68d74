package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/game"
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

		for _, q := range []string{"limit=101", "limit=-1", "limit=x", "limit=0", "limit=-0", "limit="} {
			wantProblem(t, w.Do("GET", "/api/v1/me/notifications?"+q, ana.Token, nil), http.StatusUnprocessableEntity, "limit")
		}
		wantProblem(t, w.Do("GET", "/api/v1/me/notifications?before=nope", ana.Token, nil), http.StatusUnprocessableEntity, "before")
		wantProblem(t, w.Do("GET", "/api/v1/me/notifications?before="+all[0].ID, bob.Token, nil), http.StatusUnprocessableEntity, "before")
	})
}

// TestNotificationsPageThroughTies: a close-out writes many notices in one
// instant, and older ids need not follow created_at (random v4 next to v7);
// paging by (created_at, id) at any limit gives every one once, in the
// order of the unpaged list.
func TestNotificationsPageThroughTies(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		ana := w.CreateUser(w.admin, "Ana", "UTC")
		at, date := apitest.Monday.Add(123456*time.Microsecond), "2026-03-01"
		var rows []game.Notification
		for i := range 25 {
			id, c := uuid.Must(uuid.NewV7()).String(), at
			if i%3 == 0 {
				id = uuid.NewString()
			}
			if i%5 == 0 {
				c = at.Add(-time.Duration(i) * time.Microsecond)
			}
			rows = append(rows, game.Notification{ID: id, UserID: ana.ID, Kind: "badge", Message: fmt.Sprint(i), Date: &date, CreatedAt: c})
		}
		if err := w.DB.W.Create(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var all []notificationBody
		w.Must(http.StatusOK, "GET", "/api/v1/me/notifications", ana.Token, nil).JSON(t, &all)
		want := make([]string, len(all))
		for i, n := range all {
			want[i] = n.ID
		}
		for _, limit := range []int{1, 2, 3, 7} {
			var got []string
			for before := ""; ; {
				var page []notificationBody
				w.Must(http.StatusOK, "GET", fmt.Sprintf("/api/v1/me/notifications?limit=%d&before=%s", limit, before), ana.Token, nil).JSON(t, &page)
				for _, n := range page {
					got = append(got, n.ID)
				}
				if len(page) < limit {
					break
				}
				before = page[len(page)-1].ID
			}
			if len(want) != 25 || !slices.Equal(got, want) {
				t.Errorf("limit %d: paged %d, want the %d of one page in its order", limit, len(got), len(want))
			}
		}
		for _, q := range []string{"' OR 1=1 --", "x\x00y", "\xff"} {
			wantProblem(t, w.Do("GET", "/api/v1/me/notifications?before="+url.QueryEscape(q), ana.Token, nil), http.StatusUnprocessableEntity, "before")
		}
	})
}

// TestMarkAllNotificationsRead: "all" marks every unread notification
// read, beyond the page the app has shown; with ids it is refused.
func TestMarkAllNotificationsRead(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		ana := w.CreateUser(w.admin, "Ana", "UTC")
		w.Must(http.StatusOK, "PATCH", "/api/v1/me", ana.Token, map[string]any{"reminder_time": "00:00"})
		for i := range 25 { // a reminder a workday
			w.Set(apitest.Monday.AddDate(0, 0, i))
			if err := w.Engine.Reminders(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		w.Relogin(ana)
		unread := func() int {
			var all []struct {
				ReadAt *time.Time `json:"read_at"`
			}
			w.Must(http.StatusOK, "GET", "/api/v1/me/notifications", ana.Token, nil).JSON(t, &all)
			n := 0
			for _, x := range all {
				if x.ReadAt == nil {
					n++
				}
			}
			return n
		}
		if n := unread(); n < 15 {
			t.Fatalf("%d unread reminders, want one a workday", n)
		}
		wantProblem(t, w.Do("POST", "/api/v1/me/notifications/read", ana.Token, map[string]any{"all": true, "ids": []string{"x"}}), http.StatusUnprocessableEntity, "all")
		w.Must(http.StatusNoContent, "POST", "/api/v1/me/notifications/read", ana.Token, map[string]any{"all": true})
		if n := unread(); n != 0 {
			t.Errorf("%d unread after marking all read", n)
		}
	})
}
