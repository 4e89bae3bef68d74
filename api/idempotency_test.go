package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

func TestIdempotencyKey(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		body := map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 45, "note": "retry me"}
		first := w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token, body, "Idempotency-Key", "k-1")

		// Later entries change the day; the replay still answers the first response.
		w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 100})
		w.Clock.Advance(time.Minute)
		again := w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token, body, "Idempotency-Key", "k-1")
		if string(again.Body) != string(first.Body) {
			t.Errorf("replay answered\n%s\nfirst answer was\n%s", again.Body, first.Body)
		}
		if n := len(listEntries(w.Env, w.admin, "").Items); n != 2 {
			t.Errorf("%d entries after a replay, want 2", n)
		}

		// The same key with another body is a conflict.
		other := map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 46, "note": "retry me"}
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, other, "Idempotency-Key", "k-1"), http.StatusConflict)
		// Keys are per user.
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", bob.Token, body, "Idempotency-Key", "k-1")
		// A request that failed stored nothing under its key.
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 0}, "Idempotency-Key", "k-2"), http.StatusUnprocessableEntity, "minutes")
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 1}, "Idempotency-Key", "k-2")
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, body, "Idempotency-Key", strings.Repeat("k", 201)), http.StatusUnprocessableEntity, "Idempotency-Key")

		// After 24 hours the key is forgotten.
		w.Set(apitest.Monday.Add(24*time.Hour + time.Second))
		w.Relogin(w.admin)
		var fresh entry
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token, body, "Idempotency-Key", "k-1").JSON(t, &fresh)
		var firstEntry entry
		first.JSON(t, &firstEntry)
		if fresh.ID == firstEntry.ID {
			t.Errorf("a key older than 24 h replayed the first entry")
		}
	})
}

func TestIdempotencyKeyConcurrent(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		body := mustJSON(t, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 15})
		rs := concurrently(w.Env, 8, "POST", "/api/v1/entries", w.admin.Token, body, "Idempotency-Key", "once")
		if got := statusCounts(t, rs); got[http.StatusCreated] != 8 {
			t.Fatalf("statuses %v, want eight 201", got)
		}
		var id string
		for _, r := range rs {
			var e entry
			(&apitest.Response{Body: r.Body}).JSON(t, &e)
			if id == "" {
				id = e.ID
			}
			if e.ID != id {
				t.Errorf("answers name entries %s and %s", id, e.ID)
			}
			if string(r.Body) != string(rs[0].Body) {
				t.Errorf("answers differ:\n%s\n%s", rs[0].Body, r.Body)
			}
		}
		p := listEntries(w.Env, w.admin, "")
		if len(p.Items) != 1 || p.Items[0].ID != id || p.Items[0].Minutes != 15 {
			t.Errorf("entries = %+v, want exactly the one entry %s", p.Items, id)
		}
	})
}

func TestEntryLockWindow(t *testing.T) {
	parallel(t)
	for _, c := range []struct {
		lockDays int // 0: the default, 62
		days     int
	}{{0, 62}, {5, 5}} {
		t.Run(fmt.Sprintf("lock %d", c.days), func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, dialect string) {
				w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday, LockDays: c.lockDays})
				old := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-01", "minutes": 60})
				edge := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 60})

				// Today is 2026-03-02 + days: 2026-03-01 is older than the window, 2026-03-02 is not.
				today := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC).AddDate(0, 0, c.days)
				w.Set(today)
				w.Relogin(w.admin)
				oldDate, edgeDate := "2026-03-01", "2026-03-02"

				wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+old.ID, w.admin.Token, map[string]any{"minutes": 30}), http.StatusLocked)
				wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+old.ID, w.admin.Token, map[string]any{"date": today.Format("2006-01-02")}), http.StatusLocked)
				wantProblem(t, w.Do("DELETE", "/api/v1/entries/"+old.ID, w.admin.Token, nil), http.StatusLocked)
				wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": oldDate, "minutes": 5}), http.StatusLocked)
				// Moving a recent entry into the locked past is refused too.
				wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+edge.ID, w.admin.Token, map[string]any{"date": oldDate}), http.StatusLocked)

				// Locked entries are still readable, and the edge of the window is open.
				var got entry
				w.Must(http.StatusOK, "GET", "/api/v1/entries/"+old.ID, w.admin.Token, nil).JSON(t, &got)
				if got.Minutes != 60 || got.Date != oldDate {
					t.Errorf("locked entry changed: %+v", got)
				}
				w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+edge.ID, w.admin.Token, map[string]any{"minutes": 30})
				w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": edgeDate, "minutes": 5})
				w.Must(http.StatusNoContent, "DELETE", "/api/v1/entries/"+edge.ID, w.admin.Token, nil)
			})
		})
	}
}
