package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
)

// Helpers for the weekly award, leaderboard, reminder, webhook and replay
// tests (harness_test.go holds the shared ones).

// createTeam has admin create a team and returns its id.
func createTeam(env *apitest.Env, admin *apitest.User, name, timezone string) string {
	env.T.Helper()
	var t struct {
		ID string `json:"id"`
	}
	call(env, admin, http.StatusCreated, "POST", "/api/v1/teams", map[string]any{"name": name, "timezone": timezone}).JSON(env.T, &t)
	return t.ID
}

// addMembers puts users in a team as members.
func addMembers(env *apitest.Env, admin *apitest.User, teamID string, users ...*apitest.User) {
	env.T.Helper()
	env.Relogin(admin)
	for _, u := range users {
		env.Must(http.StatusCreated, "PUT", "/api/v1/teams/"+teamID+"/members/"+u.ID, admin.Token, map[string]any{})
	}
}

// runWeekly runs the weekly award job now.
func runWeekly(env *apitest.Env) {
	env.T.Helper()
	if err := env.Engine.Weekly(context.Background()); err != nil {
		env.T.Fatalf("weekly: %v", err)
	}
}

// runReminders runs the reminder job now.
func runReminders(env *apitest.Env) {
	env.T.Helper()
	if err := env.Engine.Reminders(context.Background()); err != nil {
		env.T.Fatalf("reminders: %v", err)
	}
}

// localToday is the date now in a time zone.
func localToday(env *apitest.Env, tz string) string {
	env.T.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		env.T.Fatal(err)
	}
	return env.Clock.Now().In(loc).Format("2006-01-02")
}

// query runs a read-only SQL statement and returns each row as a line of
// its columns joined by spaces, sorted, so that snapshots compare exactly
// on both databases.
func query(t testing.TB, env *apitest.Env, sql string, args ...any) []string {
	t.Helper()
	rows, err := env.DB.W.Raw(sql, args...).Rows()
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		line := ""
		for i, v := range vals {
			if i > 0 {
				line += " "
			}
			switch x := v.(type) {
			case []byte:
				line += string(x)
			case bool:
				// SQLite has no boolean type; print both the same way.
				if x {
					line += "1"
				} else {
					line += "0"
				}
			default:
				line += fmt.Sprint(x)
			}
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// weeklyAwards lists the weekly_awards rows as "week_end user rank points".
func weeklyAwards(t testing.TB, env *apitest.Env, teamID string) []string {
	t.Helper()
	return query(t, env, "SELECT week_end, user_id, rank, points FROM weekly_awards WHERE team_id = ?", teamID)
}

// weeklyLedger lists a user's weekly_top rows as "date rule points".
func weeklyLedger(t testing.TB, env *apitest.Env, userID string) []string {
	t.Helper()
	return query(t, env, "SELECT date, rule, points FROM points_events WHERE user_id = ? AND rule LIKE 'weekly%'", userID)
}

// totalPoints reads a user's stored total and the sum of their ledger.
func totalPoints(t testing.TB, env *apitest.Env, userID string) (stored, ledger int) {
	t.Helper()
	if err := env.DB.W.Raw("SELECT COALESCE(MAX(total_points), 0) FROM game_states WHERE user_id = ?", userID).Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.DB.W.Raw("SELECT COALESCE(SUM(points), 0) FROM points_events WHERE user_id = ?", userID).Scan(&ledger).Error; err != nil {
		t.Fatal(err)
	}
	return stored, ledger
}
