package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
)

// Helpers of the close-out, zone and backfill tests. They are prefixed "co"
// so they cannot clash with helpers other test files add to harness_test.go.

// coEnv starts a server whose clock starts at start, with an admin (UTC,
// Monday–Friday) who is not part of the scenarios, and one task.
func coEnv(t *testing.T, dialect string, start time.Time) (*apitest.Env, *apitest.User, string) {
	t.Helper()
	env := apitest.New(t, dialect, apitest.Options{Start: start})
	admin := env.Register("Admin")
	return env, admin, env.Task(admin, "Work")
}

// coMember has the admin create a member in a time zone; workdays, when
// not nil, replace the default Monday–Friday.
func coMember(env *apitest.Env, admin *apitest.User, name, tz string, workdays []string) *apitest.User {
	env.T.Helper()
	env.Relogin(admin)
	u := env.CreateUser(admin, name, tz)
	if workdays != nil {
		patchMe(env, u, map[string]any{"workdays": workdays})
	}
	return u
}

// coAt parses "YYYY-MM-DD HH:MM" as wall-clock time in the IANA zone tz.
// It is for unambiguous wall times only; DST tests spell instants in UTC.
func coAt(tz, wall string) time.Time {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", wall, loc)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// coLog moves the clock to at and logs minutes on date through the API.
func coLog(env *apitest.Env, u *apitest.User, task, date string, minutes int, at time.Time) entryResp {
	env.T.Helper()
	env.Set(at)
	return logTime(env, u, task, date, minutes)
}

// coCloseOut moves the clock to at and runs the close-out job.
func coCloseOut(env *apitest.Env, at time.Time) {
	env.T.Helper()
	env.Set(at)
	env.CloseOut()
}

// coLedger is the user's ledger through GET /me/points, optionally limited
// to dates from..to ("" for an open end).
func coLedger(env *apitest.Env, u *apitest.User, from, to string) []string {
	env.T.Helper()
	q := url.Values{}
	if from != "" {
		q.Set("from", from)
	}
	if to != "" {
		q.Set("to", to)
	}
	var rows []struct {
		Date   string `json:"date"`
		Rule   string `json:"rule"`
		Points int    `json:"points"`
	}
	call(env, u, http.StatusOK, "GET", "/api/v1/me/points?"+q.Encode(), nil).JSON(env.T, &rows)
	out := []string{}
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %d", r.Date, r.Rule, r.Points))
	}
	return out
}

// coWantLedger checks the user's whole ledger, in GET /me/points order
// (date, then rule).
func coWantLedger(t *testing.T, env *apitest.Env, u *apitest.User, want []string) {
	t.Helper()
	if diff := cmp.Diff(want, coLedger(env, u, "", "")); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
}

// coSum totals "date rule points" ledger lines.
func coSum(lines []string) int {
	total := 0
	for _, l := range lines {
		var date, rule string
		var p int
		if _, err := fmt.Sscanf(l, "%s %s %d", &date, &rule, &p); err != nil {
			panic(err)
		}
		total += p
	}
	return total
}

// coRules counts how often each rule occurs in ledger lines.
func coRules(lines []string) map[string]int {
	m := map[string]int{}
	for _, l := range lines {
		f := strings.Fields(l)
		m[f[1]]++
	}
	return m
}

// coLevel is PRODUCT.md's level, spelled out independently of game.Level:
// the largest L >= 1 with 50·L·(L−1) <= points, and the threshold of L+1.
func coLevel(points int) (int, int) {
	l := 1
	for 50*(l+1)*l <= points {
		l++
	}
	return l, 50 * (l + 1) * l
}

// coCheckStats checks GET /me: points equal the ledger's total and level and
// next_level_points follow from them.
func coCheckStats(t *testing.T, env *apitest.Env, u *apitest.User) meResp {
	t.Helper()
	me := getMe(env, u)
	total := coSum(coLedger(env, u, "", ""))
	level, next := coLevel(total)
	if me.Stats.Points != total || me.Stats.Level != level || me.Stats.NextLevelPoints != next {
		t.Errorf("stats points %d level %d next %d; ledger total %d wants level %d next %d",
			me.Stats.Points, me.Stats.Level, me.Stats.NextLevelPoints, total, level, next)
	}
	return me
}

// coSummary is GET /reports/summary's total minutes for the user's dates from..to.
func coSummary(env *apitest.Env, u *apitest.User, from, to string) int {
	env.T.Helper()
	var s struct {
		TotalMinutes int `json:"total_minutes"`
	}
	call(env, u, http.StatusOK, "GET", "/api/v1/reports/summary?from="+from+"&to="+to, nil).JSON(env.T, &s)
	return s.TotalMinutes
}

// coStreak is the user's streak as GET /me shows it: current, longest, freezes.
func coStreak(env *apitest.Env, u *apitest.User) [3]int {
	env.T.Helper()
	s := getMe(env, u).Stats.Streak
	return [3]int{s.Current, s.Longest, s.Freezes}
}

// coSettle finalizes one user's closed dates at instant at, as tracking does
// before a change, without running the close-out for everyone.
func coSettle(t *testing.T, env *apitest.Env, u *apitest.User, at time.Time) {
	t.Helper()
	env.Set(at)
	if err := env.Engine.Settle(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
}

// coDays lists the dates from..to inclusive.
func coDays(from, to string) []string {
	var out []string
	for d := from; d <= to; d = addDays(d, 1) {
		out = append(out, d)
	}
	return out
}

// coNoon is 12:00 UTC of date.
func coNoon(date string) time.Time { return utc(date + "T12:00:00Z") }
