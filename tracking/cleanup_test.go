package tracking_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
)

// TestCleanup removes spent throttle, idempotency and refresh rows, and
// only those.
func TestCleanup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": "wrong password"})
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", ana.Token,
			map[string]any{"task_id": task, "date": "2026-03-02", "minutes": 5}, "Idempotency-Key", "k1")
		count := func(table string) (n int64) {
			env.DB.R.Table(table).Count(&n)
			return n
		}
		ctx := context.Background()
		if err := env.Tracking.Cleanup(ctx); err != nil {
			t.Fatal(err)
		}
		if count("login_failures") != 1 || count("idempotency_keys") != 1 || count("refresh_tokens") != 1 {
			t.Fatalf("cleanup removed live rows")
		}
		env.Clock.Advance(16 * time.Minute)
		env.Tracking.Cleanup(ctx)
		if count("login_failures") != 0 || count("idempotency_keys") != 1 {
			t.Errorf("after 16 minutes: %d login failures, %d keys", count("login_failures"), count("idempotency_keys"))
		}
		env.Clock.Advance(24 * time.Hour)
		env.Tracking.Cleanup(ctx)
		if count("idempotency_keys") != 0 || count("refresh_tokens") != 1 {
			t.Errorf("after a day: %d keys, %d refresh tokens", count("idempotency_keys"), count("refresh_tokens"))
		}
		env.Clock.Advance(tracking.RefreshTTL)
		env.Tracking.Cleanup(ctx)
		if count("refresh_tokens") != 0 {
			t.Errorf("an expired refresh token survived")
		}
	})
}
