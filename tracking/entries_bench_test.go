package tracking_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

// BenchmarkEntryWrites is the database's share of the entry write path on
// SQLite, without HTTP or scoring: the write path's own statements
// (tracking.InsertEntries, SaveEntries, DeleteEntries) in transactions of
// 32 entries, as the batch writer groups them, for 50 people in a team
// over 60 days.
// One op is one entry: an insert, an edit of its minutes, or a delete.
// What the triggers on entries (day_totals, the report rollups) cost each
// write shows here.
//
//	go test ./tracking -run '^$' -bench EntryWrites -benchtime 20000x
func BenchmarkEntryWrites(b *testing.B) {
	ctx := context.Background()
	db := dbtest.Open(b, database.SQLite)
	tr := tracking.New(db, clockwork.NewFakeClockAt(monday), tracking.Config{Accounts: auth.Config{BcryptCost: bcrypt.MinCost}})
	var people []*auth.User
	for i := range 50 {
		u, err := tr.CreateUser(ctx, auth.NewUser{Email: fmt.Sprintf("u%d@example.com", i), Password: "correct horse battery",
			Name: fmt.Sprint("User ", i)})
		if err != nil {
			b.Fatal(err)
		}
		people = append(people, u)
	}
	// Everyone in a team since before the history, as most people are:
	// each entry is also a team's.
	admin, err := tr.CreateUser(ctx, auth.NewUser{Email: "admin@example.com", Password: "correct horse battery",
		Name: "Admin", Role: auth.RoleAdmin})
	if err != nil {
		b.Fatal(err)
	}
	team, err := tr.CreateTeam(ctx, "Everyone", "")
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range people {
		if _, err := tr.SetMember(ctx, admin, team.ID, u.ID, ""); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.W.Exec("UPDATE team_memberships SET joined_on = '2025-12-01'").Error; err != nil {
		b.Fatal(err)
	}
	p, err := tr.CreateProject(ctx, "Work", nil)
	if err != nil {
		b.Fatal(err)
	}
	var tasks []*org.Task
	for i := range 8 {
		t, err := tr.CreateTask(ctx, p.ID, fmt.Sprint("Task ", i), nil)
		if err != nil {
			b.Fatal(err)
		}
		tasks = append(tasks, t)
	}
	// Prepared once, as the batch writer prepares them: preparing compiles
	// the triggers too.
	if err := db.Prepare(ctx, tracking.WriteStatements...); err != nil {
		b.Fatal(err)
	}
	var written []*tracking.Entry
	batches := func(b *testing.B, op func(ctx context.Context, i int) error) {
		b.Helper()
		for i := 0; b.Loop(); i++ {
			if i%32 != 0 {
				continue
			}
			err := db.Tx(ctx, func(ctx context.Context) error {
				for j := i; j < i+32; j++ {
					if err := op(ctx, j); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("insert", func(b *testing.B) {
		batches(b, func(ctx context.Context, i int) error {
			task := tasks[i%len(tasks)]
			e := tracking.EntryRow(people[i%len(people)], task, tracking.NewEntry{TaskID: task.ID,
				Date: civil.AddDays("2026-01-01", i/len(people)%60), Minutes: 1 + i%5, Billable: i%3 > 0}, monday, i%4 > 0)
			written = append(written, e)
			return tr.InsertEntries(ctx, []*tracking.Entry{e})
		})
	})
	b.Run("edit", func(b *testing.B) {
		batches(b, func(ctx context.Context, i int) error {
			e := written[i%len(written)]
			e.Minutes++
			return tr.SaveEntries(ctx, []*tracking.Entry{e})
		})
	})
	b.Run("delete", func(b *testing.B) {
		batches(b, func(ctx context.Context, i int) error {
			return tr.DeleteEntries(ctx, []string{written[i%len(written)].ID}, monday)
		})
	})
}
