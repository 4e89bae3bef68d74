package e2e_test

import (
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestWeeklyAwardRanks: ranks 1, 2, 3 earn 30, 20, 10 as weekly_top:<team>
// dated the Sunday; ties share a rank (1, 1, 3 and 1, 2, 2); members without
// points take no part; another team's weekly award dated the same Sunday is
// not counted; weekly_champion goes to rank 1, once per user, dated the
// first winning Sunday; the job catches up on missed weeks and awards each
// team-week once however often it runs.
func TestWeeklyAwardRanks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Build")
		alice := env.CreateUser(admin, "Alice", "UTC")
		bob := env.CreateUser(admin, "Bob", "UTC")
		carol := env.CreateUser(admin, "Carol", "UTC")
		dave := env.CreateUser(admin, "Dave", "UTC")
		eve := env.CreateUser(admin, "Eve", "UTC")

		// The weekly job handles teams in id order: name them by it so that
		// team A's award exists when team B of the same week is ranked.
		ids := []string{createTeam(env, admin, "One", "UTC"), createTeam(env, admin, "Two", "UTC")}
		sort.Strings(ids)
		teamA, teamB := ids[0], ids[1]
		addMembers(env, admin, teamA, carol, dave)
		addMembers(env, admin, teamB, alice, bob, carol, dave, eve)

		logOn := func(day string, logs map[*apitest.User]int) {
			t.Helper()
			d, _ := time.Parse("2006-01-02", day)
			env.Set(d.Add(17 * time.Hour))
			for u, m := range logs {
				logTime(env, u, task, day, m)
			}
		}
		// Week 1: Alice 33, Bob 33, Carol 16, Dave 11, Eve nothing.
		logOn("2026-03-02", map[*apitest.User]int{alice: 480, bob: 480, carol: 480, dave: 60})
		logOn("2026-03-03", map[*apitest.User]int{alice: 480, bob: 480})

		env.Set(utc("2026-03-09T03:00:00Z")) // every Sunday closed, none finalized yet
		runWeekly(env)
		if got := weeklyAwards(t, env, teamB); len(got) != 0 {
			t.Fatalf("weekly awarded before the close-out: %v", got)
		}
		env.CloseOut()
		runWeekly(env)
		runWeekly(env)
		weekA1 := []string{"2026-03-08 " + carol.ID + " 1 30", "2026-03-08 " + dave.ID + " 2 20"}
		weekB1 := []string{"2026-03-08 " + alice.ID + " 1 30", "2026-03-08 " + bob.ID + " 1 30", "2026-03-08 " + carol.ID + " 3 10"}
		sort.Strings(weekA1)
		sort.Strings(weekB1)
		if diff := cmp.Diff(weekA1, weeklyAwards(t, env, teamA)); diff != "" {
			t.Errorf("team A week 1 (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(weekB1, weeklyAwards(t, env, teamB)); diff != "" {
			t.Errorf("team B week 1: ties share rank 1, rank 3 follows, Dave (rank 4) and Eve (no points) get nothing; "+
				"Carol's team A award must not count (-want +got):\n%s", diff)
		}

		// Week 2: Alice 33, Bob 16, Carol 16, Dave 11. Weekly is not run
		// again until two more weeks have passed: it catches up.
		logOn("2026-03-09", map[*apitest.User]int{alice: 480, bob: 480, carol: 480, dave: 60})
		logOn("2026-03-10", map[*apitest.User]int{alice: 480})
		env.Set(utc("2026-03-23T03:00:00Z"))
		env.CloseOut()
		runWeekly(env)
		env.Set(utc("2026-04-06T12:00:00Z"))
		env.CloseOut()
		runWeekly(env)
		runWeekly(env)

		wantLedger := map[*apitest.User][]string{
			alice: {"2026-03-08 weekly_top:" + teamB + " 30", "2026-03-15 weekly_top:" + teamB + " 30"},
			bob:   {"2026-03-08 weekly_top:" + teamB + " 30", "2026-03-15 weekly_top:" + teamB + " 20"},
			carol: {"2026-03-08 weekly_top:" + teamA + " 30", "2026-03-08 weekly_top:" + teamB + " 10",
				"2026-03-15 weekly_top:" + teamA + " 30", "2026-03-15 weekly_top:" + teamB + " 20"},
			dave: {"2026-03-08 weekly_top:" + teamA + " 20", "2026-03-15 weekly_top:" + teamA + " 20"},
			eve:  {},
		}
		names := map[*apitest.User]string{alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave", eve: "Eve"}
		for u, want := range wantLedger {
			sort.Strings(want)
			if diff := cmp.Diff(want, weeklyLedger(t, env, u.ID)); diff != "" {
				t.Errorf("%s's weekly_top ledger (-want +got):\n%s", names[u], diff)
			}
			if stored, sum := totalPoints(t, env, u.ID); stored != sum {
				t.Errorf("%s: total_points %d, ledger sums to %d", names[u], stored, sum)
			}
		}
		wantBadge := map[*apitest.User]string{alice: "2026-03-08", bob: "2026-03-08", carol: "2026-03-08"}
		for u, name := range names {
			got := query(t, env, "SELECT awarded_on FROM badges WHERE user_id = ? AND code = 'weekly_champion'", u.ID)
			want := []string{}
			if d, ok := wantBadge[u]; ok {
				want = []string{d}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s's weekly_champion badge (-want +got):\n%s", name, diff)
			}
		}
		if got := kinds(notifications(env, carol))["weekly_top"]; got != 4 {
			t.Errorf("Carol has %d weekly_top notifications, want 4 (two teams, two weeks)", got)
		}
		// Later weeks without points award nothing; week 2 has its rows.
		weekB2 := append(weekB1, "2026-03-15 "+alice.ID+" 1 30", "2026-03-15 "+bob.ID+" 2 20", "2026-03-15 "+carol.ID+" 2 20")
		sort.Strings(weekB2)
		if diff := cmp.Diff(weekB2, weeklyAwards(t, env, teamB)); diff != "" {
			t.Errorf("team B weeks 1-2: ranks 1, 2, 2 (-want +got):\n%s", diff)
		}
	})
}

// TestWeeklyAwardWaitsForLastSunday: a team spanning Auckland and Los
// Angeles is awarded only once the Los Angeles member's Sunday is finalized,
// about 20 hours after Auckland's.
func TestWeeklyAwardWaitsForLastSunday(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Build")
		kiri := env.CreateUser(admin, "Kiri", "Pacific/Auckland")
		lou := env.CreateUser(admin, "Lou", "America/Los_Angeles")
		team := createTeam(env, admin, "Pacific", "UTC")
		addMembers(env, admin, team, kiri, lou)

		env.Set(utc("2026-03-03T20:00:00Z")) // Wed 09:00 in Auckland, Tue 12:00 in Los Angeles
		logTime(env, kiri, task, localToday(env, "Pacific/Auckland"), 480)
		logTime(env, lou, task, localToday(env, "America/Los_Angeles"), 60)

		// Sunday 2026-03-08 closes at 13:00 UTC in Auckland (NZDT) and on
		// Monday 09:00 UTC in Los Angeles (PDT from that Sunday on).
		for _, at := range []string{"2026-03-08T13:00:00Z", "2026-03-08T20:00:00Z", "2026-03-09T08:59:59Z"} {
			env.Set(utc(at))
			env.CloseOut()
			runWeekly(env)
			if got := weeklyAwards(t, env, team); len(got) != 0 {
				t.Fatalf("at %s, before Los Angeles' Sunday is finalized, weekly awarded %v", at, got)
			}
			if got := weeklyLedger(t, env, kiri.ID); len(got) != 0 {
				t.Fatalf("at %s Kiri already has %v", at, got)
			}
		}
		if got := query(t, env, "SELECT finalized_through FROM game_states WHERE user_id = ?", kiri.ID); !cmp.Equal(got, []string{"2026-03-08"}) {
			t.Fatalf("Kiri finalized through %v, want 2026-03-08", got)
		}
		env.Set(utc("2026-03-09T09:00:00Z"))
		runWeekly(env) // Lou's Sunday has closed but is not finalized yet
		if got := weeklyAwards(t, env, team); len(got) != 0 {
			t.Fatalf("weekly awarded before Lou's Sunday was finalized: %v", got)
		}
		env.CloseOut()
		runWeekly(env)
		want := []string{"2026-03-08 " + kiri.ID + " 1 30", "2026-03-08 " + lou.ID + " 2 20"}
		sort.Strings(want)
		if diff := cmp.Diff(want, weeklyAwards(t, env, team)); diff != "" {
			t.Errorf("weekly awards (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"2026-03-08 weekly_top:" + team + " 30"}, weeklyLedger(t, env, kiri.ID)); diff != "" {
			t.Errorf("Kiri's ledger (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"weekly_champion 2026-03-08"}, filterPrefix(badgeCodes(t, env, kiri.ID), "weekly")); diff != "" {
			t.Errorf("Kiri's badges (-want +got):\n%s", diff)
		}
	})
}

// filterPrefix keeps the strings that start with prefix.
func filterPrefix(ss []string, prefix string) []string {
	out := []string{}
	for _, s := range ss {
		if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
			out = append(out, s)
		}
	}
	return out
}
