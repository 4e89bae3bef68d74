package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
)

type dayBlock struct {
	Date          string `json:"date"`
	Minutes       int    `json:"minutes"`
	TargetMinutes int    `json:"target_minutes"`
	OnTime        bool   `json:"on_time"`
	PendingPoints int    `json:"pending_points"`
}

type createdEntry struct {
	entry
	Day dayBlock `json:"day"`
}

func TestCreateEntry(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		task, err := w.Tracking.Task(context.Background(), w.task)
		if err != nil {
			t.Fatal(err)
		}
		var c createdEntry
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token,
			map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 90, "note": "standup", "billable": true}).JSON(t, &c)
		want := entry{ID: c.ID, UserID: w.admin.ID, TaskID: w.task, ProjectID: task.ProjectID, Date: "2026-03-02", Minutes: 90,
			Note: "standup", Billable: true, Source: "web", OnTime: true, CreatedAt: apitest.Monday, UpdatedAt: apitest.Monday}
		if diff := cmp.Diff(want, c.entry); diff != "" || c.ID == "" {
			t.Errorf("entry (-want +got):\n%s", diff)
		}
		// 90 on-time minutes on a workday: on_time 10 + streak 1.
		if diff := cmp.Diff(dayBlock{Date: "2026-03-02", Minutes: 90, TargetMinutes: 480, OnTime: true, PendingPoints: 11}, c.Day); diff != "" {
			t.Errorf("day (-want +got):\n%s", diff)
		}
		// The day block totals the date; reaching the target adds full_day 5.
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token,
			map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 390}).JSON(t, &c)
		if diff := cmp.Diff(dayBlock{Date: "2026-03-02", Minutes: 480, TargetMinutes: 480, OnTime: true, PendingPoints: 16}, c.Day); diff != "" {
			t.Errorf("day after 480 minutes (-want +got):\n%s", diff)
		}
		if c.Note != "" || c.Billable {
			t.Errorf("defaults: note %q, billable %v; want empty and false", c.Note, c.Billable)
		}

		// A backfilled entry is not on time.
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token,
			map[string]any{"task_id": w.task, "date": "2026-02-26", "minutes": 60}).JSON(t, &c)
		if c.OnTime || c.Day.OnTime || c.Day.Date != "2026-02-26" || c.Day.Minutes != 60 {
			t.Errorf("backfilled entry = %+v", c)
		}

		var got entry
		w.Must(http.StatusOK, "GET", "/api/v1/entries/"+c.ID, w.admin.Token, nil).JSON(t, &got)
		if diff := cmp.Diff(c.entry, got); diff != "" {
			t.Errorf("GET /entries/{id} (-created +got):\n%s", diff)
		}
		wantProblem(t, w.Do("GET", "/api/v1/entries/nope", w.admin.Token, nil), http.StatusNotFound)
	})
}

func TestEntryValidation(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		archived := w.taskIn(w.project("Old"), "Retired")
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+archived, w.admin.Token, map[string]any{"archived": true})
		closedProject := w.project("Closed")
		inClosed := w.taskIn(closedProject, "Leftover")
		w.Must(http.StatusOK, "PATCH", "/api/v1/projects/"+closedProject, w.admin.Token, map[string]any{"archived": true})

		body := func(kv ...any) map[string]any {
			m := map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 30}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == nil {
					delete(m, kv[i].(string))
				} else {
					m[kv[i].(string)] = kv[i+1]
				}
			}
			return m
		}
		cases := []struct {
			name  string
			body  any
			field string
		}{
			{"minutes 0", body("minutes", 0), "minutes"},
			{"minutes negative", body("minutes", -5), "minutes"},
			{"minutes 1441", body("minutes", 1441), "minutes"},
			{"minutes 1.5", body("minutes", 1.5), "minutes"},
			{"minutes string", body("minutes", "a"), "minutes"},
			{"minutes missing", body("minutes", nil), "minutes"},
			{"date tomorrow", body("date", "2026-03-03"), "date"},
			{"date far future", body("date", "2027-01-01"), "date"},
			{"date unpadded", body("date", "2026-3-2"), "date"},
			{"date impossible", body("date", "2026-02-30"), "date"},
			{"date words", body("date", "yesterday"), "date"},
			{"date timestamp", body("date", "2026-03-02T10:00:00Z"), "date"},
			{"date number", body("date", 20260302), "date"},
			{"date missing", body("date", nil), "date"},
			{"task unknown", body("task_id", "no-such-task"), "task_id"},
			{"task empty", body("task_id", ""), "task_id"},
			{"task missing", body("task_id", nil), "task_id"},
			{"task archived", body("task_id", archived), "task_id"},
			{"task of archived project", body("task_id", inClosed), "task_id"},
			{"note 2001", body("note", strings.Repeat("n", 2001)), "note"},
			{"billable string", body("billable", "yes"), "billable"},
			{"null body", "null", "task_id"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, c.body), http.StatusUnprocessableEntity, c.field)
			})
		}
		// Several broken fields are reported together.
		p := wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, body("minutes", 0, "date", "2030-01-01")), http.StatusUnprocessableEntity, "minutes", "date")
		if len(p.Errors) != 2 {
			t.Errorf("errors = %v, want minutes and date", p.fields())
		}

		badRequests := []struct{ name, body string }{
			{"unknown field", `{"task_id":"` + w.task + `","date":"2026-03-02","minutes":30,"hours":1}`},
			{"malformed", `{"task_id":"` + w.task + `","date":"2026-03-02","minutes":30`},
			{"array", `[{"task_id":"` + w.task + `","date":"2026-03-02","minutes":30}]`},
			{"two objects", `{"task_id":"` + w.task + `","date":"2026-03-02","minutes":30}{}`},
			{"empty", ``},
			{"trailing garbage", `{"task_id":"` + w.task + `","date":"2026-03-02","minutes":30} x`},
		}
		for _, c := range badRequests {
			t.Run(c.name, func(t *testing.T) {
				wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, c.body), http.StatusBadRequest)
			})
		}
		if p := listEntries(w.Env, w.admin, ""); len(p.Items) != 0 {
			t.Fatalf("invalid requests created %d entries", len(p.Items))
		}

		// Boundaries that pass: 1 and 1440 minutes (on different dates), a
		// 2000-character note of two-byte characters.
		w.logEntry(w.admin, body("minutes", 1, "note", strings.Repeat("é", 2000)))
		w.logEntry(w.admin, body("minutes", 1440, "date", "2026-03-01"))
	})
}

func TestEntryDayTotal(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		other := w.taskIn(w.project("Other"), "Support")
		first := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 1000})
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": other, "date": "2026-03-02", "minutes": 441}), http.StatusUnprocessableEntity, "minutes")
		second := w.logEntry(w.admin, map[string]any{"task_id": other, "date": "2026-03-02", "minutes": 440})
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 1}), http.StatusUnprocessableEntity, "minutes")
		// Another date, and another user, have their own totals.
		w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-01", "minutes": 1440})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		w.logEntry(bob, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 1440})
		// Edits count the edited entry once.
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+first.ID, w.admin.Token, map[string]any{"minutes": 1000})
		wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+first.ID, w.admin.Token, map[string]any{"minutes": 1001}), http.StatusUnprocessableEntity, "minutes")
		// A deleted entry frees its minutes.
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/entries/"+second.ID, w.admin.Token, nil)
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+first.ID, w.admin.Token, map[string]any{"minutes": 1440})
	})
}

// The future is the user's own: at 23:30 UTC it is already tomorrow in
// Kiritimati (UTC+14) and still today in Pago Pago (UTC−11).
func TestEntryDateInUsersZone(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		kiri := w.CreateUser(w.admin, "Kiri", "Pacific/Kiritimati")
		pago := w.CreateUser(w.admin, "Pago", "Pacific/Pago_Pago")
		users := map[string]*apitest.User{"kiri": kiri, "pago": pago, "utc": w.admin}
		cases := []struct {
			now, who, date string
			want           int
		}{
			{"2026-03-02T23:30:00Z", "kiri", "2026-03-03", http.StatusCreated},
			{"2026-03-02T23:30:00Z", "kiri", "2026-03-04", http.StatusUnprocessableEntity},
			{"2026-03-02T23:30:00Z", "pago", "2026-03-02", http.StatusCreated},
			{"2026-03-02T23:30:00Z", "pago", "2026-03-03", http.StatusUnprocessableEntity},
			{"2026-03-02T23:30:00Z", "utc", "2026-03-03", http.StatusUnprocessableEntity},
			{"2026-03-03T00:00:00Z", "utc", "2026-03-03", http.StatusCreated},
			{"2026-03-03T09:59:59Z", "kiri", "2026-03-04", http.StatusUnprocessableEntity},
			{"2026-03-03T10:00:00Z", "kiri", "2026-03-04", http.StatusCreated},
			{"2026-03-03T10:59:59Z", "pago", "2026-03-03", http.StatusUnprocessableEntity},
			{"2026-03-03T11:00:00Z", "pago", "2026-03-03", http.StatusCreated},
		}
		for _, c := range cases {
			w.Set(at(c.now))
			u := users[c.who]
			w.Relogin(u)
			r := w.Do("POST", "/api/v1/entries", u.Token, map[string]any{"task_id": w.task, "date": c.date, "minutes": 10})
			if c.want == http.StatusCreated {
				if r.Status != c.want {
					t.Errorf("at %s %s logs %s: %d, want 201: %s", c.now, c.who, c.date, r.Status, r.Body)
				}
				continue
			}
			wantProblem(t, r, c.want, "date")
		}
	})
}

func TestEntryBodyLimit(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		base := fmt.Sprintf(`{"task_id":%q,"date":"2026-03-02","minutes":30}`, w.task)
		padded := func(size int) string { return base + strings.Repeat(" ", size-len(base)) }

		// 64 KiB is the limit: exactly 65536 bytes pass, one more does not.
		w.Must(http.StatusCreated, "POST", "/api/v1/entries", w.admin.Token, padded(64<<10))
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, padded(64<<10+1)), http.StatusRequestEntityTooLarge)
		wantProblem(t, w.Do("POST", "/api/v1/entries", w.admin.Token, padded(1<<20)), http.StatusRequestEntityTooLarge)

		// Without a Content-Length (chunked), the limit holds while reading.
		for _, c := range []struct {
			size int
			want int
		}{{64 << 10, http.StatusCreated}, {64<<10 + 1, http.StatusRequestEntityTooLarge}} {
			req, err := http.NewRequest("POST", w.HTTP.URL+"/api/v1/entries", io.MultiReader(strings.NewReader(padded(c.size))))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+w.admin.Token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := w.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Errorf("chunked body of %d bytes: %d, want %d: %s", c.size, resp.StatusCode, c.want, body)
			}
		}
		if n := len(listEntries(w.Env, w.admin, "").Items); n != 2 {
			t.Errorf("%d entries, want 2", n)
		}

		// Every other body reader answers a chunked oversized body the same.
		for _, path := range []string{"/api/v1/invites", "/api/v1/teams/x/members/" + w.admin.ID, "/api/v1/integrations/clickup/webhook"} {
			method := "POST"
			if strings.Contains(path, "/members/") {
				method = "PUT"
			}
			req, err := http.NewRequest(method, w.HTTP.URL+path, io.MultiReader(strings.NewReader(strings.Repeat(" ", 64<<10+1))))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+w.admin.Token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := w.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("%s %s, chunked, one byte over 64 KiB: %d, want 413", method, path, resp.StatusCode)
			}
		}
	})
}

func TestPatchEntry(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		other := w.taskIn(w.project("Other"), "Support")
		retired := w.taskIn(w.project("Old"), "Retired")
		e := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 60, "note": "first"})
		w.Clock.Advance(time.Minute)

		var got entry
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+e.ID, w.admin.Token,
			map[string]any{"task_id": other, "minutes": 75, "note": "second", "billable": true}).JSON(t, &got)
		want := e
		want.TaskID, want.ProjectID, want.Minutes, want.Note, want.Billable = other, got.ProjectID, 75, "second", true
		want.UpdatedAt = apitest.Monday.Add(time.Minute)
		if diff := cmp.Diff(want, got); diff != "" || got.ProjectID == e.ProjectID {
			t.Errorf("PATCH (-want +got):\n%s", diff)
		}
		var read entry
		w.Must(http.StatusOK, "GET", "/api/v1/entries/"+e.ID, w.admin.Token, nil).JSON(t, &read)
		if diff := cmp.Diff(got, read); diff != "" {
			t.Errorf("GET after PATCH (-patched +read):\n%s", diff)
		}
		// A task archived after the entry was made does not block other edits.
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+other, w.admin.Token, map[string]any{"archived": true})
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+e.ID, w.admin.Token, map[string]any{"note": "still editable"})
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+retired, w.admin.Token, map[string]any{"archived": true})

		for _, c := range []struct {
			name  string
			body  any
			field string
		}{
			{"minutes 0", map[string]any{"minutes": 0}, "minutes"},
			{"minutes 1441", map[string]any{"minutes": 1441}, "minutes"},
			{"minutes 1.5", map[string]any{"minutes": 1.5}, "minutes"},
			{"date future", map[string]any{"date": "2026-03-03"}, "date"},
			{"date malformed", map[string]any{"date": "03/02/2026"}, "date"},
			{"note 2001", map[string]any{"note": strings.Repeat("x", 2001)}, "note"},
			{"archived task", map[string]any{"task_id": retired}, "task_id"},
			{"unknown task", map[string]any{"task_id": "nope"}, "task_id"},
		} {
			t.Run(c.name, func(t *testing.T) {
				wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+e.ID, w.admin.Token, c.body), http.StatusUnprocessableEntity, c.field)
			})
		}
		wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+e.ID, w.admin.Token, map[string]any{"user_id": "x"}), http.StatusBadRequest)
		wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+e.ID, w.admin.Token, `{"minutes":`), http.StatusBadRequest)
		wantProblem(t, w.Do("PATCH", "/api/v1/entries/nope", w.admin.Token, map[string]any{"minutes": 5}), http.StatusNotFound)

		w.Must(http.StatusOK, "GET", "/api/v1/entries/"+e.ID, w.admin.Token, nil).JSON(t, &read)
		if read.Minutes != 75 || read.Note != "still editable" || read.TaskID != other {
			t.Errorf("failed edits changed the entry: %+v", read)
		}

		// Moving to an open date keeps it on time; to a closed one makes it late.
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+e.ID, w.admin.Token, map[string]any{"date": "2026-03-01"}).JSON(t, &read)
		if read.Date != "2026-03-01" || read.OnTime {
			t.Errorf("moved to a closed date: %+v, want date 2026-03-01 and not on time", read)
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/entries/"+e.ID, w.admin.Token, map[string]any{"date": "2026-03-02"}).JSON(t, &read)
		if !read.OnTime {
			t.Errorf("moved back to today: %+v, want on time", read)
		}
	})
}

func TestSoftDelete(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		keep := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 30})
		gone := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 60})
		w.Clock.Advance(time.Minute)
		r := w.Must(http.StatusNoContent, "DELETE", "/api/v1/entries/"+gone.ID, w.admin.Token, nil)
		if len(r.Body) != 0 {
			t.Errorf("204 with a body: %s", r.Body)
		}
		wantProblem(t, w.Do("GET", "/api/v1/entries/"+gone.ID, w.admin.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+gone.ID, w.admin.Token, map[string]any{"minutes": 5}), http.StatusNotFound)
		wantProblem(t, w.Do("DELETE", "/api/v1/entries/"+gone.ID, w.admin.Token, nil), http.StatusNotFound)
		if p := listEntries(w.Env, w.admin, ""); len(p.Items) != 1 || p.Items[0].ID != keep.ID {
			t.Errorf("list after delete = %v, want [%s]", ids(p.Items), keep.ID)
		}
		var sum struct {
			TotalMinutes int `json:"total_minutes"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/reports/summary", w.admin.Token, nil).JSON(t, &sum)
		if sum.TotalMinutes != 30 {
			t.Errorf("summary total %d after delete, want 30", sum.TotalMinutes)
		}
		var me struct {
			Stats struct {
				Today struct {
					Minutes int `json:"minutes"`
				} `json:"today"`
			} `json:"stats"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/me", w.admin.Token, nil).JSON(t, &me)
		if me.Stats.Today.Minutes != 30 {
			t.Errorf("today's minutes %d after delete, want 30", me.Stats.Today.Minutes)
		}
		// The row stays in the database, marked deleted at the server's time.
		var row tracking.Entry
		if err := w.DB.W.Unscoped().Where("id = ?", gone.ID).Take(&row).Error; err != nil {
			t.Fatalf("deleted row: %v", err)
		}
		if want := apitest.Monday.Add(time.Minute); !row.DeletedAt.Valid || !row.DeletedAt.Time.Equal(want) {
			t.Errorf("deleted_at = %v, want %s", row.DeletedAt, want)
		}
	})
}
