package game_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/tracking/auth"
)

// sent keeps the notifications the engine sends.
type sent struct {
	mu sync.Mutex
	by map[string]int // user id and kind → how many
}

func (s *sent) Send(n game.Notification) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.by[n.UserID+" "+n.Kind]++
}

// TestRemindersInRounds: due users are read and reminded in rounds (SQLite
// caps an IN list at 32,766 ids); every round's users get their reminder,
// once.
func TestRemindersInRounds(t *testing.T) {
	game.SetReminderChunk(t, 3)
	ctx := context.Background()
	got := &sent{by: map[string]int{}}
	en := newEngine(t, database.SQLite, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), got) // a Monday, past everyone's 09:00
	ids := []string{en.user.ID}
	for i := range 7 {
		u, err := en.tr.CreateUser(ctx, auth.NewUser{Email: fmt.Sprintf("user%d@example.com", i), Password: "password1", Name: fmt.Sprintf("User %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if err := en.db.W.Exec("UPDATE users SET reminder_time = '09:00'").Error; err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := en.e.Reminders(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids {
		if n := got.by[id+" reminder"]; n != 1 {
			t.Errorf("%s has %d reminders, want 1", id, n)
		}
	}
}
