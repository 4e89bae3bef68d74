package e2e_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
)

var (
	replaySeeds = flag.Int("replay.seeds", 0, "random histories per database for TestReplayRecompute (default 20 on SQLite, 3 on PostgreSQL)")
	replaySeed  = flag.Int64("replay.seed", 0, "run TestReplayRecompute with this one seed only")
)

// replayZones are the time zones random users move between: half-hour and
// 45-minute offsets, both hemispheres' DST changes (in March and April
// 2026), and the date line.
var replayZones = []string{"UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kathmandu", "Europe/Berlin",
	"America/Santiago", "Asia/Tokyo", "Pacific/Chatham", "America/St_Johns"}

var replayDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// TestReplayRecompute builds random six-week histories for 4–6 users in
// different zones and one or two teams — entries logged on time and late,
// with and without Idempotency-Keys (keyed ones sent twice), edited,
// moved, deleted and imported, alone or in bursts where every user writes
// at once (so batches mix them); zone, workday and target changes;
// time off — with the close-out, weekly and reminder jobs run at random
// moments, sometimes twice. At the end, after a last close-out and weekly
// run, POST /admin/recompute's engine call must leave every table the engine
// writes exactly as the incremental runs left it, and each total must be the
// sum of the ledger.
func TestReplayRecompute(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		n := 20
		if dialect == database.Postgres {
			n = 3
		}
		if testing.Short() {
			n = 3
		}
		if *replaySeeds > 0 {
			n = *replaySeeds
		}
		seeds := make([]int64, n)
		for i := range seeds {
			seeds[i] = int64(i + 1)
		}
		if *replaySeed != 0 {
			seeds = []int64{*replaySeed}
		}
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
				replay(t, dialect, seed)
			})
		}
	})
}

// replayUser is the test's model of one user.
type replayUser struct {
	*apitest.User
	name    string
	tz      string
	entries []replayEntry // live entries
}

type replayEntry struct {
	id, date string
}

type replayer struct {
	t     *testing.T
	env   *apitest.Env
	rng   *rand.Rand // the history's actions and clock steps
	jobs  *rand.Rand // when the jobs run; nil: only at the end
	churn *rand.Rand // who the admin takes out of a team or puts back (weekly_membership_test.go)
	seed  int64
	admin *apitest.User
	task  string
	users []*replayUser
	teams []string
	log   []string // what happened, for the failure report
	keys  int      // Idempotency-Keys sent so far
}

func (r *replayer) note(format string, args ...any) {
	r.log = append(r.log, r.env.Clock.Now().Format("01-02 15:04")+" "+fmt.Sprintf(format, args...))
}

// fail reports the seed and the last steps of the history.
func (r *replayer) fail(format string, args ...any) {
	r.t.Helper()
	tail := r.log
	if len(tail) > 40 {
		tail = tail[len(tail)-40:]
	}
	r.t.Fatalf("seed %d: %s\nlast steps:\n%s", r.seed, fmt.Sprintf(format, args...), joinLines(tail))
}

func joinLines(ls []string) string {
	out := ""
	for _, l := range ls {
		out += "  " + l + "\n"
	}
	return out
}

// do sends a request as u with a personal API token (which does not expire
// as the fake clock runs); any status outside ok fails the test.
func (r *replayer) do(u *replayUser, method, path string, body any, ok ...int) *apitest.Response {
	r.t.Helper()
	res := r.env.Do(method, path, u.Token, body)
	for _, s := range ok {
		if res.Status == s {
			return res
		}
	}
	r.fail("%s %s %v as %s: %d %s", method, path, body, u.name, res.Status, res.Body)
	return nil
}

func (r *replayer) today(u *replayUser) string { return localToday(r.env, u.tz) }

func (r *replayer) pick(u *replayUser) (int, bool) {
	if len(u.entries) == 0 {
		return 0, false
	}
	return r.rng.Intn(len(u.entries)), true
}

// logEntry creates an entry on a date through the API.
func (r *replayer) logEntry(u *replayUser, date string) {
	minutes := 15 + r.rng.Intn(540)
	res := r.do(u, "POST", "/api/v1/entries", map[string]any{"task_id": r.task, "date": date, "minutes": minutes},
		http.StatusCreated, http.StatusUnprocessableEntity, http.StatusLocked)
	if res.Status == http.StatusCreated {
		var e entryResp
		res.JSON(r.t, &e)
		u.entries = append(u.entries, replayEntry{e.ID, date})
		r.note("%s logs %d min on %s (on_time %v)", u.name, minutes, date, e.OnTime)
		r.checkDay(u, e)
	}
}

// checkDay: the pending points an entry's answer gives (worked out from the
// write batch's own read) are those the engine's Day view gives right after.
func (r *replayer) checkDay(u *replayUser, e entryResp) {
	r.t.Helper()
	user, err := r.env.Tracking.User(context.Background(), u.ID)
	if err != nil {
		r.fail("load %s: %v", u.name, err)
		return
	}
	d, err := r.env.Engine.Day(context.Background(), user, e.Date)
	if err != nil {
		r.fail("Day(%s, %s): %v", u.name, e.Date, err)
		return
	}
	got := e.Day
	if got.Date != d.Date || got.Minutes != d.Minutes || got.TargetMinutes != d.TargetMinutes ||
		got.OnTime != d.OnTime || got.PendingPoints != d.PendingPoints {
		r.fail("%s's entry on %s answered day %+v, the engine's Day says %+v", u.name, e.Date, got, *d)
	}
}

// act makes u do one random thing.
func (r *replayer) act(u *replayUser) {
	today := r.today(u)
	switch x := r.rng.Intn(100); {
	case x < 18: // log today, on time
		r.logEntry(u, today)
	case x < 33: // log today as the web app does: with a key, sent twice
		r.logKeyed(u, today)
	case x < 43: // log yesterday: on time within the grace, late after it
		r.logEntry(u, addDays(today, -1))
	case x < 50: // backfill up to 9 days back
		r.logEntry(u, addDays(today, -1-r.rng.Intn(9)))
	case x < 55: // backfill with a key
		r.logKeyed(u, addDays(today, -1-r.rng.Intn(9)))
	case x < 65: // edit minutes
		if i, ok := r.pick(u); ok {
			m := 1 + r.rng.Intn(600)
			res := r.do(u, "PATCH", "/api/v1/entries/"+u.entries[i].id, map[string]any{"minutes": m},
				http.StatusOK, http.StatusUnprocessableEntity, http.StatusLocked)
			r.note("%s sets entry of %s to %d min: %d", u.name, u.entries[i].date, m, res.Status)
		}
	case x < 73: // move to another date
		if i, ok := r.pick(u); ok {
			to := addDays(today, -r.rng.Intn(7))
			res := r.do(u, "PATCH", "/api/v1/entries/"+u.entries[i].id, map[string]any{"date": to},
				http.StatusOK, http.StatusUnprocessableEntity, http.StatusLocked)
			r.note("%s moves entry from %s to %s: %d", u.name, u.entries[i].date, to, res.Status)
			if res.Status == http.StatusOK {
				u.entries[i].date = to
			}
		}
	case x < 80: // delete
		if i, ok := r.pick(u); ok {
			res := r.do(u, "DELETE", "/api/v1/entries/"+u.entries[i].id, nil, http.StatusNoContent, http.StatusLocked)
			r.note("%s deletes entry of %s: %d", u.name, u.entries[i].date, res.Status)
			if res.Status == http.StatusNoContent {
				u.entries = append(u.entries[:i], u.entries[i+1:]...)
			}
		}
	case x < 87: // settings
		body := map[string]any{}
		switch r.rng.Intn(3) {
		case 0:
			body["timezone"] = replayZones[r.rng.Intn(len(replayZones))]
		case 1:
			days := []string{}
			for _, d := range replayDays {
				if r.rng.Intn(3) > 0 {
					days = append(days, d)
				}
			}
			body["workdays"] = days
		case 2:
			body["daily_target_minutes"] = 30 + r.rng.Intn(570)
		}
		r.do(u, "PATCH", "/api/v1/me", body, http.StatusOK)
		if tz, ok := body["timezone"].(string); ok {
			u.tz = tz
		}
		r.note("%s changes %v", u.name, body)
	case x < 94: // time off, today or later
		d := addDays(today, r.rng.Intn(7))
		res := r.do(u, "PUT", "/api/v1/me/time-off/"+d, nil, http.StatusOK, http.StatusCreated, http.StatusNoContent)
		r.note("%s takes %s off: %d", u.name, d, res.Status)
	case x < 96:
		d := addDays(today, r.rng.Intn(7))
		res := r.do(u, "DELETE", "/api/v1/me/time-off/"+d, nil, http.StatusNoContent, http.StatusNotFound)
		r.note("%s cancels time off on %s: %d", u.name, d, res.Status)
	default: // an import (no API for it): counts in reports, earns nothing
		d := addDays(today, -r.rng.Intn(4))
		tu, err := r.env.Tracking.User(context.Background(), u.ID)
		if err != nil {
			r.fail("load user: %v", err)
		}
		c, err := r.env.Engine.RecordEntry(context.Background(), tu,
			tracking.NewEntry{TaskID: r.task, Date: d, Minutes: 30 + r.rng.Intn(300), Source: tracking.SourceImport}, nil, nil)
		if err == nil {
			u.entries = append(u.entries, replayEntry{c.Entry.ID, d})
		}
		r.note("%s imports an entry on %s: %v", u.name, d, err)
	}
}

// runJobs runs the scheduled jobs at random, sometimes twice. It draws from
// its own generator so that the history is the same whenever the jobs run.
func (r *replayer) runJobs() {
	if r.jobs == nil {
		return
	}
	ctx := context.Background()
	times := func(p float64) int {
		if r.jobs.Float64() >= p {
			return 0
		}
		if r.jobs.Intn(4) == 0 {
			return 2
		}
		return 1
	}
	for range times(0.35) {
		if err := r.env.Engine.CloseOut(ctx); err != nil {
			r.fail("close-out: %v", err)
		}
		r.note("close-out")
	}
	for range times(0.2) {
		if err := r.env.Engine.Weekly(ctx); err != nil {
			r.fail("weekly: %v", err)
		}
		r.note("weekly")
	}
	for range times(0.1) {
		if err := r.env.Engine.Reminders(ctx); err != nil {
			r.fail("reminders: %v", err)
		}
	}
}

// step moves the fake clock by minutes, hours or up to two days.
func (r *replayer) step() {
	var d time.Duration
	switch x := r.rng.Intn(100); {
	case x < 45:
		d = time.Duration(1+r.rng.Intn(180)) * time.Minute
	case x < 85:
		d = time.Duration(60+r.rng.Intn(11*60)) * time.Minute
	default:
		d = time.Duration(12*60+r.rng.Intn(36*60)) * time.Minute
	}
	r.env.Clock.Advance(d)
}

func (r *replayer) addUser(i int) *replayUser {
	name := fmt.Sprintf("User %c", 'A'+i)
	tz := replayZones[r.rng.Intn(len(replayZones))]
	r.env.Relogin(r.admin)
	u := &replayUser{User: r.env.CreateUser(r.admin, name, tz), name: name, tz: tz}
	var tok struct {
		Token string `json:"token"`
	}
	r.env.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", u.Token, map[string]any{"name": "replay"}).JSON(r.t, &tok)
	u.Token = tok.Token
	r.users = append(r.users, u)
	for _, team := range r.teams {
		// Every user is in at least the first team; some in both.
		if team == r.teams[0] || r.rng.Intn(2) == 0 {
			addMembers(r.env, r.admin, team, u.User)
		}
	}
	r.note("%s joins in %s", name, tz)
	return u
}

func replay(t *testing.T, dialect string, seed int64) {
	r := replayHistory(t, dialect, seed, true)
	env := r.env
	ctx := context.Background()
	before := engineTables(t, env)
	for _, u := range append([]*replayUser{{User: r.admin, name: "Admin"}}, r.users...) {
		if stored, sum := totalPoints(t, env, u.ID); stored != sum {
			r.fail("%s: total_points %d but the ledger sums to %d", u.name, stored, sum)
		}
	}
	if len(before["points_events"]) == 0 {
		r.fail("the history earned no points at all")
	}
	if drift := dayTotalsDrift(t, env); drift != "" {
		r.fail("day_totals drifted from the entries (-kept +summed):\n%s", drift)
	}
	if drift := reportTotalsDrift(t, env); drift != "" {
		r.fail("the report rollups drifted from the entries (-kept +summed):\n%s", drift)
	}
	t.Logf("seed %d: %d users, %d teams, %d steps (%d keyed, %d in bursts); %s", seed, len(r.users), len(r.teams), len(r.log),
		countSteps(r.log, "keyed"), countSteps(r.log, "burst:"), ruleCounts(before))
	if err := env.Engine.Recompute(ctx); err != nil {
		r.fail("recompute: %v", err)
	}
	after := engineTables(t, env)
	if diff := cmp.Diff(before, after); diff != "" {
		r.fail("recompute changed the engine's tables (-incremental +recomputed):\n%s", diff)
	}
}

// replayHistory plays the random history of seed, with the jobs at random
// moments when withJobs, and ends with a close-out and a weekly run.
func replayHistory(t *testing.T, dialect string, seed int64, withJobs bool) *replayer {
	rng := rand.New(rand.NewSource(seed))
	env := apitest.New(t, dialect, apitest.Options{})
	r := &replayer{t: t, env: env, rng: rng, seed: seed, churn: rand.New(rand.NewSource(seed*104729 + 7))}
	if withJobs {
		r.jobs = rand.New(rand.NewSource(seed*7919 + 1))
	}
	r.admin = env.Register("Admin")
	r.task = env.Task(r.admin, "Build")
	for i := range 1 + rng.Intn(2) {
		r.teams = append(r.teams, createTeam(env, r.admin, fmt.Sprintf("Team %d", i+1), replayZones[rng.Intn(len(replayZones))]))
	}
	users := 4 + rng.Intn(3)
	late := -1 // one user may join two weeks in
	if rng.Intn(2) == 0 {
		late = users - 1
	}
	for i := range users {
		if i != late {
			r.addUser(i)
		}
	}
	start := env.Clock.Now()
	end := start.Add(42 * 24 * time.Hour)
	for env.Clock.Now().Before(end) {
		r.step()
		if late >= 0 && env.Clock.Now().After(start.Add(14*24*time.Hour)) {
			r.addUser(late)
			late = -1
		}
		if rng.Intn(6) == 0 {
			r.burst()
		}
		for _, u := range r.users {
			if rng.Intn(2) == 0 {
				for range 1 + rng.Intn(2) {
					r.act(u)
				}
			}
		}
		r.changeMembership()
		r.runJobs()
	}
	ctx := context.Background()
	if err := env.Engine.CloseOut(ctx); err != nil {
		r.fail("close-out: %v", err)
	}
	if err := env.Engine.Weekly(ctx); err != nil {
		r.fail("weekly: %v", err)
	}
	return r
}

// engineTables snapshots every table the engine writes, as sorted lines.
func engineTables(t *testing.T, env *apitest.Env) map[string][]string {
	t.Helper()
	out := map[string][]string{
		"points_events": query(t, env, "SELECT user_id, date, rule, points FROM points_events"),
		"badges":        query(t, env, "SELECT user_id, code, awarded_on FROM badges"),
		"game_states":   query(t, env, "SELECT user_id, current, longest, freezes, total_points, finalized_through FROM game_states"),
		"weekly_awards": query(t, env, "SELECT team_id, week_end, user_id, rank, points FROM weekly_awards"),
		"day_records":   query(t, env, "SELECT user_id, date, workday, target_minutes, on_time_minutes, late_on FROM day_records"),
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

// countSteps counts the history's steps whose note mentions word.
func countSteps(log []string, word string) int {
	n := 0
	for _, l := range log {
		if strings.Contains(l, word) {
			n++
		}
	}
	return n
}

// ruleCounts summarises a snapshot: ledger rows by rule kind, and badges.
func ruleCounts(tables map[string][]string) string {
	counts := map[string]int{}
	for _, line := range tables["points_events"] {
		var user, date, rule string
		var points int
		fmt.Sscan(line, &user, &date, &rule, &points)
		if len(rule) > 10 && rule[:10] == "weekly_top" {
			rule = "weekly_top"
		}
		counts[rule]++
	}
	counts["(badges)"] = len(tables["badges"])
	counts["(day_records)"] = len(tables["day_records"])
	return fmt.Sprint(counts)
}

// TestReplayScheduleIndependent: "the same ledger however often or late
// they run". Each seed's history is played twice, once with the jobs at
// random moments and once with them only at the end; everything but the
// weekly award (whose ranking may legitimately see late points that arrive
// after the week was awarded) must come out the same.
func TestReplayScheduleIndependent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		n := 3
		if dialect == database.Postgres || testing.Short() {
			n = 1
		}
		for seed := int64(101); seed < 101+int64(n); seed++ {
			t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
				often := replayHistory(t, dialect, seed, true)
				once := replayHistory(t, dialect, seed, false)
				if diff := cmp.Diff(often.scheduleFree(), once.scheduleFree()); diff != "" {
					often.fail("jobs at random moments (-) and only at the end (+) disagree:\n%s", diff)
				}
			})
		}
	})
}

// scheduleFree snapshots the engine's tables without the weekly award, with
// ids replaced by names so that two runs compare.
func (r *replayer) scheduleFree() map[string][]string {
	names := map[string]string{r.admin.ID: "Admin"}
	for _, u := range r.users {
		names[u.ID] = u.name
	}
	rename := func(lines []string, drop string) []string {
		out := []string{}
		for _, l := range lines {
			if drop != "" && strings.Contains(l, drop) {
				continue
			}
			for id, name := range names {
				l = strings.ReplaceAll(l, id, name)
			}
			out = append(out, l)
		}
		sort.Strings(out)
		return out
	}
	return map[string][]string{
		"points_events": rename(query(r.t, r.env, "SELECT user_id, date, rule, points FROM points_events"), "weekly_top:"),
		"badges":        rename(query(r.t, r.env, "SELECT user_id, code, awarded_on FROM badges"), "weekly_champion"),
		"game_states":   rename(query(r.t, r.env, "SELECT user_id, current, longest, freezes, finalized_through FROM game_states"), ""),
		"day_records":   rename(query(r.t, r.env, "SELECT user_id, date, workday, target_minutes, on_time_minutes, late_on FROM day_records"), ""),
	}
}

// reportTotalsDrift compares the trigger-kept report rollups with the sums
// of the live entries they stand for (a team's, of the dates its members
// were in it); totals whose entries are all gone may stay as rows of zero.
func reportTotalsDrift(t *testing.T, env *apitest.Env) string {
	t.Helper()
	const kind = "CASE WHEN source = 'import' THEN 'imported' WHEN on_time THEN 'on_time' ELSE 'late' END"
	var diffs []string
	for _, c := range []struct{ kept, summed string }{
		{`SELECT date, project_id, task_id, billable, kind, minutes, entries FROM report_days
			WHERE minutes <> 0 OR entries <> 0 ORDER BY 1, 2, 3, 4, 5`,
			`SELECT date, project_id, task_id, billable, ` + kind + ` AS kind, SUM(minutes) AS minutes, COUNT(*) AS entries
			FROM entries WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`},
		{`SELECT month, user_id, billable, kind, minutes, entries FROM report_months
			WHERE minutes <> 0 OR entries <> 0 ORDER BY 1, 2, 3, 4`,
			`SELECT substr(date, 1, 7) AS month, user_id, billable, ` + kind + ` AS kind, SUM(minutes) AS minutes,
			COUNT(*) AS entries FROM entries WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`},
		{`SELECT team_id, date, project_id, task_id, billable, kind, minutes, entries FROM team_days
			WHERE minutes <> 0 OR entries <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
			`SELECT t.team_id, e.date, e.project_id, e.task_id, e.billable, ` + kind + ` AS kind,
				SUM(e.minutes) AS minutes, COUNT(*) AS entries
			FROM entries e JOIN (SELECT DISTINCT team_id, user_id FROM team_memberships) t ON t.user_id = e.user_id
			WHERE e.deleted_at IS NULL AND EXISTS (SELECT 1 FROM team_memberships h WHERE h.team_id = t.team_id
				AND h.user_id = e.user_id AND e.date >= h.joined_on AND (h.left_on IS NULL OR e.date <= h.left_on))
			GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`},
	} {
		type total struct {
			TeamID, Date, Month, ProjectID, TaskID, UserID, Kind string
			Billable                                             bool
			Minutes, Entries                                     int
		}
		var kept, summed []total
		if err := env.DB.W.Raw(c.kept).Scan(&kept).Error; err != nil {
			t.Fatal(err)
		}
		if err := env.DB.W.Raw(c.summed).Scan(&summed).Error; err != nil {
			t.Fatal(err)
		}
		if len(summed) == 0 {
			t.Fatal("the history logged nothing")
		}
		if diff := cmp.Diff(kept, summed); diff != "" {
			diffs = append(diffs, diff)
		}
	}
	return strings.Join(diffs, "\n")
}

// dayTotalsDrift compares the trigger-kept day_totals with the sums of the
// live entries they stand for; days that net to nothing may keep a zero row.
func dayTotalsDrift(t *testing.T, env *apitest.Env) string {
	t.Helper()
	type total struct {
		UserID, Date           string
		Minutes, OnTimeMinutes int
	}
	var kept, summed []total
	db := env.DB.W
	if err := db.Raw(`SELECT user_id, date, minutes, on_time_minutes FROM day_totals
		WHERE minutes <> 0 OR on_time_minutes <> 0 ORDER BY user_id, date`).Scan(&kept).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw(`SELECT user_id, date, SUM(minutes) AS minutes,
			SUM(CASE WHEN on_time AND source <> 'import' THEN minutes ELSE 0 END) AS on_time_minutes
		FROM entries WHERE deleted_at IS NULL GROUP BY user_id, date ORDER BY user_id, date`).Scan(&summed).Error; err != nil {
		t.Fatal(err)
	}
	if len(summed) == 0 {
		t.Fatal("the history logged nothing")
	}
	return cmp.Diff(kept, summed)
}
