package api_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestConcurrentWritesKeepTheDayLimit: entries written at once share
// transactions; the ones that would pass 1,440 minutes are refused alone,
// the others are kept, and a refused keyed write can be retried.
func TestConcurrentWritesKeepTheDayLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Work")
		body := map[string]any{"task_id": task, "date": "2026-03-02", "minutes": 200}
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			statuses = map[int]int{}
		)
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := env.Do("POST", "/api/v1/entries", admin.Token, body, "Idempotency-Key", "k"+string(rune('0'+i)))
				mu.Lock()
				statuses[r.Status]++
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		if statuses[http.StatusCreated] != 7 || statuses[http.StatusUnprocessableEntity] != 3 {
			t.Fatalf("statuses = %v, want 7 created and 3 refused (7 × 200 = 1,400 ≤ 1,440)", statuses)
		}
		var list struct {
			Items []struct {
				Minutes int `json:"minutes"`
			} `json:"items"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/entries?from=2026-03-02&to=2026-03-02", admin.Token, nil).JSON(t, &list)
		if len(list.Items) != 7 {
			t.Errorf("%d entries stored, want 7", len(list.Items))
		}
		// A refused key is not spent: with room made, its retry succeeds.
		refused := ""
		for i := 0; i < 10 && refused == ""; i++ {
			k := "k" + string(rune('0'+i))
			if r := env.Do("POST", "/api/v1/entries", admin.Token, body, "Idempotency-Key", k); r.Status == http.StatusUnprocessableEntity {
				refused = k
			}
		}
		if refused == "" {
			t.Fatal("no key was refused on replay")
		}
		var entries struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/entries?from=2026-03-02&to=2026-03-02", admin.Token, nil).JSON(t, &entries)
		env.Must(http.StatusNoContent, "DELETE", "/api/v1/entries/"+entries.Items[0].ID, admin.Token, nil)
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", admin.Token, body, "Idempotency-Key", refused)
	})
}

// TestMixedBatch: on-time entries of users in different zones, a keyed
// request sent three times at once and a backfilled entry, all at the same
// moment, share batches and each gets its own right answer: the keyed one
// makes one entry, the late one is late, and every answer's day totals are
// the running totals of its user's date, the last equal to GET /me's.
func TestMixedBatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday}) // Monday 2 March, 12:00 UTC
		admin := env.Register("Admin")
		task := env.Task(admin, "Work")
		ana := env.CreateUser(admin, "Ana", "UTC")
		kenji := env.CreateUser(admin, "Kenji", "Asia/Tokyo") // 21:00, still Monday
		type answer struct {
			ID     string `json:"id"`
			OnTime bool   `json:"on_time"`
			Day    struct {
				Date          string `json:"date"`
				Minutes       int    `json:"minutes"`
				PendingPoints int    `json:"pending_points"`
			} `json:"day"`
		}
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			answers = map[string][]answer{}
		)
		send := func(kind string, u *apitest.User, date string, minutes int, headers ...string) {
			defer wg.Done()
			r := env.Do("POST", "/api/v1/entries", u.Token, map[string]any{"task_id": task, "date": date, "minutes": minutes}, headers...)
			if r.Status != http.StatusCreated {
				t.Errorf("%s: %d %s", kind, r.Status, r.Body)
				return
			}
			var a answer
			r.JSON(t, &a)
			mu.Lock()
			answers[kind] = append(answers[kind], a)
			mu.Unlock()
		}
		for range 8 {
			wg.Add(2)
			go send("ana", ana, "2026-03-02", 30)
			go send("kenji", kenji, "2026-03-02", 15)
		}
		for range 3 {
			wg.Add(1)
			go send("keyed", ana, "2026-03-02", 30, "Idempotency-Key", "once")
		}
		wg.Add(1)
		go send("late", kenji, "2026-02-27", 60) // Friday, closed: before Kenji's first day, so no award
		wg.Wait()
		if t.Failed() {
			return
		}

		keyed := answers["keyed"]
		for _, a := range keyed[1:] {
			if a.ID != keyed[0].ID {
				t.Errorf("one key made entries %s and %s", keyed[0].ID, a.ID)
			}
		}
		if late := answers["late"][0]; late.OnTime || late.Day.Date != "2026-02-27" || late.Day.Minutes != 60 {
			t.Errorf("late entry answered %+v, want late with 60 minutes on 2026-02-27", late)
		}
		// Each on-time answer shows its user's date after its own entry:
		// distinct running totals, the largest the date's whole total. (A
		// replayed key may answer later than its entry, so it only counts
		// toward the largest.)
		check := func(u *apitest.User, own, replays []answer, step, want int) {
			t.Helper()
			seen := map[int]bool{}
			top := answer{}
			for i, a := range append(own, replays...) {
				if !a.OnTime || a.Day.Minutes%step != 0 || (i < len(own) && seen[a.Day.Minutes]) {
					t.Errorf("%s: answer %+v is late, off the running totals, or repeats one", u.Email, a)
				}
				seen[a.Day.Minutes] = true
				if a.Day.Minutes > top.Day.Minutes {
					top = a
				}
			}
			var me meBody
			env.Must(http.StatusOK, "GET", "/api/v1/me", u.Token, nil).JSON(t, &me)
			if top.Day.Minutes != want || me.Stats.Today.Minutes != want || top.Day.PendingPoints != me.Stats.Today.PendingPoints {
				t.Errorf("%s: last answer %+v, GET /me today %+v, want %d minutes and the same pending points",
					u.Email, top.Day, me.Stats.Today, want)
			}
		}
		check(ana, answers["ana"], keyed, 30, 9*30)
		check(kenji, answers["kenji"], nil, 15, 8*15)
	})
}

// TestSameKeyWhenTheFirstIsRefused: copies of one keyed request sent at
// once, when the day has no room: the one that claims the key is refused
// and releases it, and every copy gets the same 422 — none a 500.
func TestSameKeyWhenTheFirstIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Work")
		env.Log(admin, task, "2026-03-02", 1430)
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			statuses = map[int]int{}
		)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := env.Do("POST", "/api/v1/entries", admin.Token, map[string]any{"task_id": task, "date": "2026-03-02", "minutes": 15},
					"Idempotency-Key", "same")
				mu.Lock()
				statuses[r.Status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if statuses[http.StatusUnprocessableEntity] != 8 {
			t.Errorf("statuses = %v, want 8 × 422", statuses)
		}
	})
}
