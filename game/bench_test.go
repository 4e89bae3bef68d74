package game_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Benchmarks behind docs/PERFORMANCE.md. The large ones build their data
// with the seeder (batched inserts), then time only the operation named.

func BenchmarkCloseDay(b *testing.B) {
	state := game.State{Current: 7, Longest: 12, Freezes: 1, Badges: map[string]bool{"first_day": true, "streak_5": true}}
	day := game.DayRecord{Date: "2026-03-08", Workday: true, TargetMinutes: 480, OnTimeMinutes: 500}
	week := []game.DayRecord{{Date: "2026-03-02", Workday: true, TargetMinutes: 480, OnTimeMinutes: 480}}
	for b.Loop() {
		game.CloseDay(state, day, week)
	}
}

// world is a seeded organisation on a fake clock.
type world struct {
	db     *database.DB
	clock  *clockwork.FakeClock
	tr     *tracking.Service
	engine *game.Engine
}

func seedWorld(b *testing.B, users, days int) *world {
	b.Helper()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	db := dbtest.Open(b, database.SQLite)
	clock := clockwork.NewFakeClockAt(now)
	tr := tracking.New(db, clock, tracking.Config{Accounts: auth.Config{BcryptCost: bcrypt.MinCost}})
	eng := game.New(db, tr, clock, 2*time.Hour, nil)
	b.Cleanup(eng.Close)
	if _, err := tr.Seed(context.Background(), tracking.SeedSpec{Users: users, Days: days, TeamSize: 1000, Now: now, Seed: 1, Password: "password1"}); err != nil {
		b.Fatal(err)
	}
	if err := eng.CloseOut(context.Background()); err != nil {
		b.Fatal(err)
	}
	return &world{db: db, clock: clock, tr: tr, engine: eng}
}

// BenchmarkCloseOutOneDay times the close-out of one more day for every user.
func BenchmarkCloseOutOneDay(b *testing.B) {
	for _, users := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("users=%d", users), func(b *testing.B) {
			w := seedWorld(b, users, 3)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				w.clock.Advance(24 * time.Hour)
				b.StartTimer()
				if err := w.engine.CloseOut(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecompute rebuilds everyone's ledger from a year of day records.
func BenchmarkRecompute(b *testing.B) {
	for _, size := range []struct{ users, days int }{{1000, 365}, {1000, 30}, {10000, 30}, {100000, 30}} {
		b.Run(fmt.Sprintf("users=%d/days=%d", size.users, size.days), func(b *testing.B) {
			w := seedWorld(b, size.users, size.days)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := w.engine.Recompute(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLeaderboardWeek ranks a 1,000-member team's week out of a ledger
// of about two million rows (10,000 users, a year; rows written directly:
// this measures the query, not the engine).
func BenchmarkLeaderboardWeek(b *testing.B) {
	w := seedWorld(b, 9999, 1)
	// Two rules every other day for a year, for every user, generated in SQL.
	err := w.db.W.Exec(`INSERT INTO points_events (user_id, date, rule, points, created_at)
		WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 2 FROM d WHERE n < 364)
		SELECT u.id, date('2025-06-01', '+' || d.n || ' days'), r.rule, 10, '2025-06-01'
		FROM users u, d, (SELECT 'on_time' AS rule UNION ALL SELECT 'streak') r
		WHERE true ON CONFLICT DO NOTHING`).Error
	if err != nil {
		b.Fatal(err)
	}
	var rows int64
	w.db.R.Table("points_events").Count(&rows)
	teams, _ := w.tr.AllTeams(context.Background())
	team := &teams[0]
	b.ResetTimer()
	for b.Loop() {
		board, err := w.engine.Leaderboard(context.Background(), team, "week", "2026-01-14", "points")
		if err != nil || len(board.Entries) != 1000 {
			b.Fatalf("leaderboard: %v, %d entries", err, len(board.Entries))
		}
	}
	b.ReportMetric(float64(rows), "ledger-rows")
}
