package tracking_test

import (
	"context"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// BenchmarkReport times the reports screen's one request over a seeded
// organisation of 1,000 people and a year of entries on SQLite (issue 16:
// within 100 ms): the admin's whole year by project and week, and by
// person and month.
func BenchmarkReport(b *testing.B) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	db := dbtest.Open(b, database.SQLite)
	tr := tracking.New(db, clockwork.NewFakeClockAt(now), tracking.Config{Accounts: auth.Config{BcryptCost: bcrypt.MinCost}})
	ctx := context.Background()
	res, err := tr.Seed(ctx, tracking.SeedSpec{Users: 1000, Days: 365, TeamSize: 1000, Now: now, Seed: 1, Password: "password1"})
	if err != nil {
		b.Fatal(err)
	}
	users, err := tr.Users(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var admin *auth.User
	for i := range users {
		if users[i].Email == res.AdminEmail {
			admin = &users[i]
		}
	}
	b.Logf("%d people, %d entries", res.Users, res.Entries)
	for _, groups := range [][]string{{"project", "week"}, {"user", "month"}, {"task"}} {
		b.Run(groups[0]+"-"+groups[len(groups)-1], func(b *testing.B) {
			for b.Loop() {
				rep, err := tr.Report(ctx, admin, tracking.PivotQuery{From: "2025-06-01", To: "2026-05-31", GroupBy: groups})
				if err != nil {
					b.Fatal(err)
				}
				if rep.TotalMinutes == 0 {
					b.Fatal("an empty report")
				}
			}
		})
	}
}
