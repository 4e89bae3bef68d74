package tracking_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
)

// TestKeyGoneIsRetryable: a keyed request that finds its key taken by a
// concurrent first request, which is gone by the time it would replay it
// (here: claimed just before, and expired while the batch ran), is a 409
// whose problem type says so, so that a client sends it again with a new
// key; nothing was written, and the new key makes the entry.
func TestKeyGoneIsRetryable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		task := env.Task(ana, "Work")
		b := map[string]any{"task_id": task, "date": env.Clock.Now().UTC().Format("2006-01-02"), "minutes": 30}
		tracking.SetWriteHook(env.Tracking, func(_ context.Context, tx *gorm.DB) {
			now := env.Clock.Now().UTC()
			if err := tx.Create(&tracking.IdempotencyKey{UserID: ana.ID, Key: "k1", RequestHash: "first", EntryID: "first",
				CreatedAt: now.Add(-24*time.Hour + 10*time.Second)}).Error; err != nil {
				t.Error(err)
			}
			env.Clock.Advance(time.Minute)
		})
		r := env.Do("POST", "/api/v1/entries", ana.Token, b, "Idempotency-Key", "k1")
		tracking.SetWriteHook(env.Tracking, nil)
		var p struct {
			Type string `json:"type"`
		}
		r.JSON(t, &p)
		if r.Status != http.StatusConflict || p.Type != tracking.ProblemKeyGone {
			t.Fatalf("the key's first request expired meanwhile: %d %s, want 409 of type %s", r.Status, r.Body, tracking.ProblemKeyGone)
		}
		if n := entryCount(t, env); n != 0 {
			t.Fatalf("%d entries after the conflict, want none", n)
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/entries", ana.Token, b, "Idempotency-Key", "k2")
		if r := env.Do("POST", "/api/v1/entries", ana.Token, b, "Idempotency-Key", "k1"); r.Status != http.StatusCreated {
			t.Errorf("k1 once its first request is gone: %d %s", r.Status, r.Body)
		}
		var p2 struct {
			Type string `json:"type"`
		}
		env.Do("POST", "/api/v1/entries", ana.Token, map[string]any{"task_id": task, "date": b["date"], "minutes": 45}, "Idempotency-Key", "k2").JSON(t, &p2)
		if p2.Type == tracking.ProblemKeyGone {
			t.Errorf("a key reused with another body is final, not %s", p2.Type)
		}
	})
}
