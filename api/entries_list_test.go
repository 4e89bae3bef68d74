package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/store"
)

func TestListEntriesPagination(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		created := map[string]entry{}
		for i := range 25 {
			// Five dates, five entries each: pages cut inside a date too.
			date := time.Date(2026, 3, 2-i%5, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			e := w.logEntry(w.admin, map[string]any{"task_id": w.task, "date": date, "minutes": 10 + i})
			created[e.ID] = e
		}
		var all []entry
		cursor := ""
		pages := 0
		for {
			q := "limit=10&from=2026-02-01&to=2026-03-02"
			if cursor != "" {
				q += "&cursor=" + cursor
			}
			p := listEntries(w.Env, w.admin, q)
			pages++
			all = append(all, p.Items...)
			if p.NextCursor == nil {
				if len(p.Items) != 5 {
					t.Errorf("last page has %d items, want 5", len(p.Items))
				}
				break
			}
			if len(p.Items) != 10 {
				t.Errorf("page %d has %d items, want 10", pages, len(p.Items))
			}
			if pages > 5 {
				t.Fatal("pagination does not end")
			}
			cursor = *p.NextCursor
		}
		if pages != 3 {
			t.Errorf("%d pages, want 3", pages)
		}
		seen := map[string]bool{}
		for i, e := range all {
			if seen[e.ID] {
				t.Errorf("entry %s listed twice", e.ID)
			}
			seen[e.ID] = true
			if diff := cmp.Diff(created[e.ID], e); diff != "" {
				t.Errorf("listed entry differs from the created one (-created +listed):\n%s", diff)
			}
			if i > 0 && (e.Date > all[i-1].Date || e.Date == all[i-1].Date && e.ID > all[i-1].ID) {
				t.Errorf("order broken at %d: %s/%s after %s/%s", i, e.Date, e.ID, all[i-1].Date, all[i-1].ID)
			}
		}
		if len(seen) != 25 {
			t.Errorf("listed %d distinct entries, want 25", len(seen))
		}
		// An exact multiple of the limit ends with a null cursor, not an empty page.
		p := listEntries(w.Env, w.admin, "limit=25&from=2026-02-01")
		if len(p.Items) != 25 || p.NextCursor != nil {
			t.Errorf("limit 25 of 25: %d items, cursor %v; want 25 and null", len(p.Items), p.NextCursor)
		}
		// Filters.
		other := w.taskIn(w.project("Other"), "Other task")
		o := w.logEntry(w.admin, map[string]any{"task_id": other, "date": "2026-03-02", "minutes": 5})
		if p := listEntries(w.Env, w.admin, "task_id="+other); len(p.Items) != 1 || p.Items[0].ID != o.ID {
			t.Errorf("task_id filter = %v, want [%s]", ids(p.Items), o.ID)
		}
		if p := listEntries(w.Env, w.admin, "from=2026-03-01&to=2026-03-01"); len(p.Items) != 5 {
			t.Errorf("one date: %d items, want 5", len(p.Items))
		}

		for _, c := range []struct{ query, field string }{
			{"cursor=!!!", "cursor"},
			{"cursor=" + "Z2FyYmFnZQ", "cursor"}, // base64 of "garbage"
			{"limit=-1", "limit"},
			{"limit=ten", "limit"},
			{"from=2026-3-1", "from"},
			{"to=tomorrow", "to"},
			{"from=2026-03-02&to=2026-03-01", "from"},
		} {
			wantProblem(t, w.Do("GET", "/api/v1/entries?"+c.query, w.admin.Token, nil), http.StatusUnprocessableEntity, c.field)
		}
	})
}

func TestListEntriesDefaultsToLastSevenDays(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		for _, d := range []string{"2026-02-23", "2026-02-24", "2026-03-02"} {
			w.Log(w.admin, w.task, d, 10)
		}
		var dates []string
		for _, e := range listEntries(w.Env, w.admin, "").Items {
			dates = append(dates, e.Date)
		}
		if diff := cmp.Diff([]string{"2026-03-02", "2026-02-24"}, dates); diff != "" {
			t.Errorf("default range (-want +got):\n%s", diff)
		}
		// "The last 7 days" are the user's own: in Kiritimati it is already 03-03.
		kiri := w.CreateUser(w.admin, "Kiri", "Pacific/Kiritimati")
		w.Log(kiri, w.task, "2026-03-03", 10)
		w.Log(kiri, w.task, "2026-02-25", 10)
		w.Log(kiri, w.task, "2026-02-24", 10)
		dates = nil
		for _, e := range listEntries(w.Env, kiri, "").Items {
			dates = append(dates, e.Date)
		}
		if diff := cmp.Diff([]string{"2026-03-03", "2026-02-25"}, dates); diff != "" {
			t.Errorf("default range in Kiritimati (-want +got):\n%s", diff)
		}
	})
}

func TestListEntriesLimitCap(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		task, err := w.Tracking.Task(context.Background(), w.task)
		if err != nil {
			t.Fatal(err)
		}
		rows := make([]tracking.Entry, 1005)
		now := apitest.Monday
		for i := range rows {
			rows[i] = tracking.Entry{ID: uuid.Must(uuid.NewV7()).String(), UserID: w.admin.ID, TaskID: task.ID, ProjectID: task.ProjectID,
				Date: "2026-03-02", Minutes: 1, Source: "web", OnTime: true, DatedAt: now, DatedOn: "2026-03-02", Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now}}
		}
		if err := w.DB.W.CreateInBatches(rows, 200).Error; err != nil {
			t.Fatal(err)
		}
		p := listEntries(w.Env, w.admin, "limit=5000")
		if len(p.Items) != 1000 || p.NextCursor == nil {
			t.Fatalf("limit 5000: %d items, cursor %v; want 1000 and a cursor", len(p.Items), p.NextCursor)
		}
		rest := listEntries(w.Env, w.admin, "limit=5000&cursor="+*p.NextCursor)
		if len(rest.Items) != 5 || rest.NextCursor != nil {
			t.Errorf("second page: %d items, cursor %v; want 5 and null", len(rest.Items), rest.NextCursor)
		}
		if p := listEntries(w.Env, w.admin, ""); len(p.Items) != 100 || p.NextCursor == nil {
			t.Errorf("default limit: %d items, want 100 and a cursor", len(p.Items))
		}
	})
}

// Readers of other people's entries: none for members, their team's for
// leads, everyone's for admins. Only the owner edits.
func TestEntryAccess(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		lead := w.CreateUser(w.admin, "Lea Lead", "UTC")
		mia := w.CreateUser(w.admin, "Mia Member", "UTC")
		otherLead := w.CreateUser(w.admin, "Olli Lead", "UTC")
		stranger := w.CreateUser(w.admin, "Sam Stranger", "UTC")
		alpha, beta := w.team("Alpha"), w.team("Beta")
		w.join(alpha, lead, "lead")
		w.join(alpha, mia, "member")
		w.join(beta, otherLead, "lead")
		w.join(beta, stranger, "member")
		w.join(beta, lead, "member") // a lead of Alpha, only a member of Beta

		e := w.logEntry(mia, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 60, "note": "mine"})
		s := w.logEntry(stranger, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 45})

		type who struct {
			name string
			u    *apitest.User
			read bool
		}
		for _, c := range []who{{"lead of her team", lead, true}, {"admin", w.admin, true},
			{"lead of another team", otherLead, false}, {"member of nothing shared", stranger, false}} {
			t.Run(c.name, func(t *testing.T) {
				get := w.Do("GET", "/api/v1/entries/"+e.ID, c.u.Token, nil)
				list := w.Do("GET", "/api/v1/entries?user_id="+mia.ID, c.u.Token, nil)
				csv := w.Do("GET", "/api/v1/entries/export.csv?user_id="+mia.ID, c.u.Token, nil)
				if c.read {
					var got entry
					get.JSON(t, &got)
					var p entryPage
					list.JSON(t, &p)
					if get.Status != http.StatusOK || got.ID != e.ID || list.Status != http.StatusOK || len(p.Items) != 1 || p.Items[0].ID != e.ID {
						t.Errorf("GET %d %s, list %d %s; want Mia's entry", get.Status, get.Body, list.Status, list.Body)
					}
					if csv.Status != http.StatusOK || !strings.Contains(string(csv.Body), "Mia Member") {
						t.Errorf("export %d %s; want Mia's entry", csv.Status, csv.Body)
					}
				} else {
					wantProblem(t, get, http.StatusNotFound)
					wantProblem(t, list, http.StatusNotFound)
					wantProblem(t, csv, http.StatusNotFound)
				}
				// Nobody but Mia edits or deletes.
				wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+e.ID, c.u.Token, map[string]any{"minutes": 1}), http.StatusNotFound)
				wantProblem(t, w.Do("DELETE", "/api/v1/entries/"+e.ID, c.u.Token, nil), http.StatusNotFound)
			})
		}
		// Being a plain member of Beta gives Lea nothing there.
		wantProblem(t, w.Do("GET", "/api/v1/entries/"+s.ID, lead.Token, nil), http.StatusNotFound)
		wantProblem(t, w.Do("GET", "/api/v1/entries?user_id="+stranger.ID, lead.Token, nil), http.StatusNotFound)
		// Members do not see their lead's entries either.
		le := w.logEntry(lead, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 5})
		wantProblem(t, w.Do("GET", "/api/v1/entries/"+le.ID, mia.Token, nil), http.StatusNotFound)
		// A user's own list never mixes in others' entries.
		if p := listEntries(w.Env, lead, ""); len(p.Items) != 1 || p.Items[0].ID != le.ID {
			t.Errorf("Lea's own list = %v, want [%s]", ids(p.Items), le.ID)
		}

		var got entry
		w.Must(http.StatusOK, "GET", "/api/v1/entries/"+e.ID, mia.Token, nil).JSON(t, &got)
		if got.Minutes != 60 || got.Note != "mine" {
			t.Errorf("Mia's entry changed: %+v", got)
		}
		// Removed from the team, Mia keeps her history there: the lead
		// still reads her entries of the dates she was in Alpha (PRODUCT.md
		// §7), never those of the dates before she joined
		// (lead_visibility_test.go covers the dates after she left).
		before := w.logEntry(mia, map[string]any{"task_id": w.task, "date": "2026-03-01", "minutes": 5})
		w.Must(http.StatusNoContent, "DELETE", "/api/v1/teams/"+alpha+"/members/"+mia.ID, w.admin.Token, nil)
		w.Must(http.StatusOK, "GET", "/api/v1/entries/"+e.ID, lead.Token, nil)
		wantProblem(t, w.Do("GET", "/api/v1/entries/"+before.ID, lead.Token, nil), http.StatusNotFound)
	})
}
