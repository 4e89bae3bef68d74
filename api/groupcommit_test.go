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
		env := apitest.New(t, dialect, apitest.Options{})
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
