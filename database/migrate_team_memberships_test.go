package database_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/database/dbtest"
)

// TestTeamMembershipsFromExistingMembers: upgrading a database that has
// team members gives each an open membership period from when they were
// added, dated in the member's own time zone; one open period per member
// and team.
func TestTeamMembershipsFromExistingMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := openAt(t, dialect, "20261206_auth_tokens")
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := db.W.Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		for _, u := range [][2]string{{"ana", "UTC"}, {"kai", "Pacific/Auckland"}} {
			exec(`INSERT INTO users (id, email, name, password_hash, role, timezone, workdays, daily_target_minutes,
				active, start_date, created_at, updated_at)
				VALUES (?, ?, ?, 'x', 'member', ?, 'mon', 480, ?, '2026-03-01', '2026-03-01 10:00:00', '2026-03-01 10:00:00')`,
				u[0], u[0]+"@example.com", u[0], u[1], true)
		}
		exec(`INSERT INTO teams (id, name, timezone, created_at, updated_at) VALUES ('crew', 'Crew', 'UTC', '2026-03-01 10:00:00', '2026-03-01 10:00:00')`)
		// 12:00 UTC on Monday is already Tuesday in Auckland.
		exec(`INSERT INTO team_members (team_id, user_id, role, created_at) VALUES ('crew', 'ana', 'lead', '2026-03-02 12:00:00'), ('crew', 'kai', 'member', '2026-03-02 12:00:00')`)
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		type period struct {
			TeamID, UserID, JoinedOn string
			LeftOn                   *string
		}
		var got []period
		if err := db.R.Raw("SELECT team_id, user_id, joined_on, left_on FROM team_memberships ORDER BY user_id").Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		want := []period{{"crew", "ana", "2026-03-02", nil}, {"crew", "kai", "2026-03-03", nil}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("team_memberships (-want +got):\n%s", diff)
		}
		// A second open period is refused; a closed one beside it is not.
		insert := `INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on)
			VALUES (?, 'crew', 'kai', '2026-03-01 00:00:00', '2026-03-01', ?, ?)`
		if err := db.W.Exec(insert, "p2", nil, nil).Error; err == nil {
			t.Error("a second open period of Kai in Crew was stored")
		}
		exec(insert, "p3", "2026-03-01 12:00:00", "2026-03-02")
	})
}
