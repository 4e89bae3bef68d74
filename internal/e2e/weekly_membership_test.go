package e2e_test

import (
	"context"
	"net/http"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// removeMember has the admin take a user out of a team.
func removeMember(env *apitest.Env, admin *apitest.User, teamID string, u *apitest.User) {
	env.T.Helper()
	call(env, admin, http.StatusNoContent, "DELETE", "/api/v1/teams/"+teamID+"/members/"+u.ID, nil)
}

// TestWeeklyAwardMembersAtWeekEnd: the weekly top ranks who was in the
// team at the end of the week (PRODUCT.md §7), whatever changed after.
// Taking the top scorer out before the weekly job runs and back in after
// does not hand her place to someone else; someone added after the week
// ended takes no part in it; someone who left during the week takes no
// part either. The award stays idempotent, awarding again from scratch
// gives the same places, and the recompute equals the incremental runs.
func TestWeeklyAwardMembersAtWeekEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Build")
		ana := env.CreateUser(admin, "Ana", "UTC")
		ben := env.CreateUser(admin, "Ben", "UTC")
		cat := env.CreateUser(admin, "Cat", "UTC")
		dan := env.CreateUser(admin, "Dan", "UTC")
		team := createTeam(env, admin, "Crew", "UTC")
		addMembers(env, admin, team, ana, ben, cat)

		// Week 1 (2026-03-02 to 03-08): Ana 33, Ben 16, Cat 11; Dan, in no
		// team, 33.
		env.Set(utc("2026-03-02T17:00:00Z"))
		logTime(env, ana, task, "2026-03-02", 480)
		logTime(env, ben, task, "2026-03-02", 480)
		logTime(env, cat, task, "2026-03-02", 60)
		logTime(env, dan, task, "2026-03-02", 480)
		env.Set(utc("2026-03-03T17:00:00Z"))
		logTime(env, ana, task, "2026-03-03", 480)
		logTime(env, dan, task, "2026-03-03", 480)

		// After the week's end, before its Sunday is finalized: Ana is taken
		// out and Dan put in.
		env.Set(utc("2026-03-09T00:30:00Z"))
		removeMember(env, admin, team, ana)
		addMembers(env, admin, team, dan)
		env.Set(utc("2026-03-09T03:00:00Z"))
		env.CloseOut()
		runWeekly(env)
		addMembers(env, admin, team, ana) // back in after the job
		runWeekly(env)

		week1 := []string{"2026-03-08 " + ana.ID + " 1 30", "2026-03-08 " + ben.ID + " 2 20", "2026-03-08 " + cat.ID + " 3 10"}
		sort.Strings(week1)
		if diff := cmp.Diff(week1, weeklyAwards(t, env, team)); diff != "" {
			t.Fatalf("week 1 ranks who was in the team on Sunday night: Ana, Ben, Cat, not Dan (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"weekly_champion 2026-03-08"}, filterPrefix(badgeCodes(t, env, ana.ID), "weekly")); diff != "" {
			t.Errorf("Ana's weekly badge (-want +got):\n%s", diff)
		}
		for _, u := range []*apitest.User{ben, dan} {
			if got := filterPrefix(badgeCodes(t, env, u.ID), "weekly"); len(got) != 0 {
				t.Errorf("%s won %v", u.Email, got)
			}
		}
		if got := weeklyLedger(t, env, dan.ID); len(got) != 0 {
			t.Errorf("Dan, added after week 1 ended, earned %v", got)
		}

		// Week 2 (03-09 to 03-15): Cat, the top scorer, leaves on Thursday;
		// Dan and Ana stay to the end.
		env.Set(utc("2026-03-10T17:00:00Z"))
		logTime(env, cat, task, "2026-03-10", 480)
		logTime(env, dan, task, "2026-03-10", 480)
		logTime(env, ana, task, "2026-03-10", 60)
		env.Set(utc("2026-03-11T17:00:00Z"))
		logTime(env, cat, task, "2026-03-11", 480)
		env.Set(utc("2026-03-12T12:00:00Z"))
		removeMember(env, admin, team, cat)
		env.Set(utc("2026-03-16T03:00:00Z"))
		env.CloseOut()
		runWeekly(env)
		week2 := append(week1, "2026-03-15 "+dan.ID+" 1 30", "2026-03-15 "+ana.ID+" 2 20")
		sort.Strings(week2)
		if diff := cmp.Diff(week2, weeklyAwards(t, env, team)); diff != "" {
			t.Fatalf("week 2: Cat left before its end (-want +got):\n%s", diff)
		}

		// Awarding both weeks again from scratch finds the same members:
		// the membership history decides, not today's members.
		before := engineTables(t, env)
		for _, table := range []string{"weekly_runs", "weekly_awards"} {
			if err := env.DB.W.Exec("DELETE FROM " + table).Error; err != nil {
				t.Fatal(err)
			}
		}
		runWeekly(env)
		runWeekly(env)
		if diff := cmp.Diff(before, engineTables(t, env)); diff != "" {
			t.Errorf("the weekly award made again from scratch differs (-first +again):\n%s", diff)
		}

		if err := env.Engine.Recompute(context.Background()); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, engineTables(t, env)); diff != "" {
			t.Errorf("recompute changed the engine's tables (-incremental +recomputed):\n%s", diff)
		}
		for _, u := range []*apitest.User{ana, ben, cat, dan} {
			if stored, sum := totalPoints(t, env, u.ID); stored != sum {
				t.Errorf("%s: total_points %d, ledger sums to %d", u.Email, stored, sum)
			}
		}
	})
}

// TestWeeklyAwardWaitsForTeamWeekEnd: a team in Honolulu ends its week on
// Monday 10:00 UTC, hours after its UTC members' Sunday is finalized. The
// award waits for the team's week to end, and who joins in between takes
// part.
func TestWeeklyAwardWaitsForTeamWeekEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Build")
		ana := env.CreateUser(admin, "Ana", "UTC")
		ben := env.CreateUser(admin, "Ben", "UTC")
		team := createTeam(env, admin, "Aloha", "Pacific/Honolulu")
		addMembers(env, admin, team, ana)

		env.Set(utc("2026-03-03T17:00:00Z"))
		logTime(env, ana, task, "2026-03-03", 60)
		logTime(env, ben, task, "2026-03-03", 480)

		env.Set(utc("2026-03-09T03:00:00Z")) // Sunday 17:00 in Honolulu
		env.CloseOut()
		runWeekly(env)
		if got := weeklyAwards(t, env, team); len(got) != 0 {
			t.Fatalf("awarded before the week ended in Honolulu: %v", got)
		}
		env.Set(utc("2026-03-09T09:59:00Z")) // Sunday 23:59 in Honolulu
		addMembers(env, admin, team, ben)
		env.Set(utc("2026-03-09T10:00:00Z"))
		runWeekly(env)
		want := []string{"2026-03-08 " + ben.ID + " 1 30", "2026-03-08 " + ana.ID + " 2 20"}
		sort.Strings(want)
		if diff := cmp.Diff(want, weeklyAwards(t, env, team)); diff != "" {
			t.Errorf("week of 2026-03-08 in Honolulu (-want +got):\n%s", diff)
		}
	})
}

// changeMembership now and then has the admin take a random user out of a
// random team, or put them back, so that the replays see the weekly award
// after membership changes. It draws from its own generator: the rest of
// the history is the same with it.
func (r *replayer) changeMembership() {
	if r.churn.Float64() >= 0.04 || len(r.users) == 0 {
		return
	}
	u := r.users[r.churn.Intn(len(r.users))]
	team := r.teams[r.churn.Intn(len(r.teams))]
	path := "/api/v1/teams/" + team + "/members/" + u.ID
	r.env.Relogin(r.admin)
	res := r.env.Do("DELETE", path, r.admin.Token, nil)
	if res.Status == http.StatusNotFound {
		res = r.env.Do("PUT", path, r.admin.Token, nil)
	}
	if res.Status != http.StatusNoContent && res.Status != http.StatusCreated {
		r.fail("membership change %s: %d %s", path, res.Status, res.Body)
	}
	r.note("the admin %s %s in team %s: %d", map[bool]string{true: "removes", false: "adds"}[res.Status == http.StatusNoContent], u.name, team, res.Status)
}
