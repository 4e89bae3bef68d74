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
// within 100 ms): the admin's whole year by project and week, by person
// and month, and by task; then, for the record, a year cutting two
// months, and the 1,000-person team's year by project and week.
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
	teams, err := tr.Teams(ctx, admin)
	if err != nil {
		b.Fatal(err)
	}
	var team string // the seeder's first team: 1,000 people
	for _, t := range teams {
		if t.Name == "Team 1" {
			team = t.ID
		}
	}
	for _, c := range []struct {
		name string
		q    tracking.PivotQuery
	}{
		// The three of the target: whole months, the admin, everyone.
		{"project-week", tracking.PivotQuery{From: "2025-06-01", To: "2026-05-31", GroupBy: []string{"project", "week"}}},
		{"user-month", tracking.PivotQuery{From: "2025-06-01", To: "2026-05-31", GroupBy: []string{"user", "month"}}},
		{"task", tracking.PivotQuery{From: "2025-06-01", To: "2026-05-31", GroupBy: []string{"task"}}},
		// Beside them, for the record: a year that cuts two months in half
		// (their days by person come from the entries), and the team of
		// 1,000 by project and week (from its own rollup).
		{"user-month-mid", tracking.PivotQuery{From: "2025-06-16", To: "2026-06-15", GroupBy: []string{"user", "month"}}},
		{"team-project-week", tracking.PivotQuery{From: "2025-06-01", To: "2026-05-31", TeamID: team,
			GroupBy: []string{"project", "week"}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				rep, err := tr.Report(ctx, admin, c.q)
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
