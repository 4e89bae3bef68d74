package tracking_test

import (
	"context"
	"testing"
	"time"

	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestCleanup removes spent throttle, idempotency and refresh rows, and
// only those.
func TestCleanup(t *testing.T) {
	each(t, tracking.Config{}, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		if _, err := s.Login(s.ctx, ana.Email, "wrong password", "192.0.2.1"); storetest.Outcome(err) != "unauthorized" {
			t.Fatalf("a wrong password: %s", storetest.Outcome(err))
		}
		key := &tracking.IdempotencyKey{UserID: ana.ID, Key: "k1", RequestHash: "h", EntryID: "e", Status: 201, CreatedAt: s.Now()}
		if err := s.db.Tx(s.ctx, func(ctx context.Context) error { return s.StoreKeys(ctx, []*tracking.IdempotencyKey{key}) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartSession(s.ctx, ana); err != nil {
			t.Fatal(err)
		}
		counts := func() [3]int64 {
			return [3]int64{s.count("login_failures"), s.count("idempotency_keys"), s.count("refresh_tokens")}
		}
		for _, st := range []struct {
			name    string
			advance time.Duration
			want    [3]int64 // login failures, idempotency keys, refresh tokens
		}{
			{"at once, every row is live", 0, [3]int64{1, 1, 1}},
			{"after 16 minutes, the failure is spent", 16 * time.Minute, [3]int64{0, 1, 1}},
			{"after a day, the key is spent", 24 * time.Hour, [3]int64{0, 0, 1}},
			{"a day after the refresh token expired", auth.RefreshTTL, [3]int64{0, 0, 0}},
		} {
			s.clock.Advance(st.advance)
			if err := s.Cleanup(s.ctx); err != nil {
				t.Fatal(err)
			}
			if got := counts(); got != st.want {
				t.Errorf("%s: %v rows left, want %v", st.name, got, st.want)
			}
		}
	})
}
