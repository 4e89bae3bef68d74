package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
)

// TestWriteRateLimit: past their burst a user's writes get 429 with
// Retry-After and change nothing; reads and other users go on.
func TestWriteRateLimit(t *testing.T) {
	env := apitest.New(t, database.SQLite, apitest.Options{Start: apitest.Monday, WriteRate: 0.5, WriteBurst: 5})
	admin := env.Register("Admin")
	task := env.Task(admin, "Work") // 2 writes
	other := env.CreateUser(admin, "Other", "UTC")
	body := map[string]any{"task_id": task, "date": "2026-03-02", "minutes": 1}
	env.Must(http.StatusCreated, "POST", "/api/v1/entries", admin.Token, body) // 4th write
	env.Must(http.StatusCreated, "POST", "/api/v1/entries", admin.Token, body) // 5th: the burst is spent
	r := env.Do("POST", "/api/v1/entries", admin.Token, body)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("6th write: %d %s", r.Status, r.Body)
	}
	if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 2 {
		t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q", ct)
	}
	var list struct {
		Items []any `json:"items"`
	}
	env.Must(http.StatusOK, "GET", "/api/v1/entries?from=2026-03-02&to=2026-03-02", admin.Token, nil).JSON(t, &list)
	if len(list.Items) != 2 {
		t.Errorf("the refused write changed something: %d entries", len(list.Items))
	}
	env.Must(http.StatusCreated, "POST", "/api/v1/entries", other.Token, body)
}
