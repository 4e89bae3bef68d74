package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// The scenarios below start on Monday 2026-03-02 12:00 UTC (apitest's
// default clock) unless they say otherwise.

// TestCloseOutGraceBoundary: a UTC date closes at 02:00 of the next day. An
// entry one minute before is on time and counts; one minute after, or at
// 02:00 exactly, it is late. A close-out one minute before the close leaves
// the date alone.
func TestCloseOutGraceBoundary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		gus := coMember(env, admin, "Gus", "UTC", nil)

		coCloseOut(env, utc("2026-03-03T01:58:00Z"))
		r := coLog(env, gus, task, "2026-03-02", 60, utc("2026-03-03T01:59:00Z"))
		if !r.OnTime || !r.Day.OnTime || r.Day.PendingPoints != 11 {
			t.Errorf("entry at 01:59: on_time %v, day %+v; want on time, pending 11", r.OnTime, r.Day)
		}
		env.CloseOut() // 01:59: Monday has not closed
		if got := coLedger(env, gus, "2026-03-02", "2026-03-02"); len(got) != 0 {
			t.Errorf("Monday finalized before its close: %v", got)
		}
		coCloseOut(env, utc("2026-03-03T02:01:00Z"))

		r = coLog(env, gus, task, "2026-03-03", 60, utc("2026-03-04T02:01:00Z"))
		if r.OnTime || r.Day.OnTime {
			t.Errorf("entry one minute after the close: on_time %v, day %+v; want late", r.OnTime, r.Day)
		}
		if r.Day.PendingPoints != 8 {
			t.Errorf("late entry's day pending_points = %d, want the late award 8", r.Day.PendingPoints)
		}
		r = coLog(env, gus, task, "2026-03-04", 60, utc("2026-03-05T02:00:00Z"))
		if r.OnTime {
			t.Errorf("entry at the close instant itself is on time, want late")
		}
		coCloseOut(env, utc("2026-03-05T03:00:00Z"))
		coWantLedger(t, env, gus, []string{
			"2026-03-02 on_time 10", "2026-03-02 streak 1",
			"2026-03-03 late 8",
			"2026-03-04 late 8",
		})
		if s := coStreak(env, gus); s != [3]int{0, 1, 0} {
			t.Errorf("streak = %v, want current 0, longest 1, freezes 0", s)
		}
		if n := kinds(notifications(env, gus))["streak_lost"]; n != 0 {
			t.Errorf("%d streak_lost notifications for a 1-day streak, want none", n)
		}
		coCheckStats(t, env, gus)
	})
}

// TestCloseOutTimeOffAndWeekends: weekends and time-off dates neither add
// to nor break the streak, even when time is logged on them; a week with a
// day off is still perfect when every remaining workday is full.
func TestCloseOutTimeOffAndWeekends(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		tia := coMember(env, admin, "Tia", "UTC", nil)

		for _, d := range coDays("2026-03-02", "2026-03-15") {
			at := coNoon(d).Add(time.Hour)
			if d == "2026-03-09" {
				env.Set(at)
				env.Relogin(tia)
				r := env.Do("PUT", "/api/v1/me/time-off/2026-03-11", tia.Token, nil)
				if r.Status != http.StatusCreated && r.Status != http.StatusOK {
					t.Fatalf("PUT time-off: %d %s", r.Status, r.Body)
				}
			}
			if d != "2026-03-08" && d != "2026-03-15" { // nothing on Sundays
				coLog(env, tia, task, d, 480, at) // Saturday and the day off too
			}
			if d == "2026-03-11" {
				today := getMe(env, tia).Stats.Today
				if today.Workday || today.PendingPoints != 0 {
					t.Errorf("time-off day today = %+v, want not a workday, pending 0", today)
				}
			}
			if d == "2026-03-07" {
				today := getMe(env, tia).Stats.Today
				if today.Workday || today.PendingPoints != 0 {
					t.Errorf("Saturday today = %+v, want not a workday, pending 0", today)
				}
			}
			coCloseOut(env, coNoon(d).Add(15*time.Hour)) // 03:00 the next day
		}
		day := func(date string, streak int) []string {
			return []string{date + " full_day 5", date + " on_time 10", fmt.Sprintf("%s streak %d", date, streak)}
		}
		var want []string
		want = append(want, day("2026-03-02", 1)...)
		want = append(want, day("2026-03-03", 2)...)
		want = append(want, day("2026-03-04", 3)...)
		want = append(want, day("2026-03-05", 4)...)
		want = append(want, "2026-03-06 badge:streak_5 25")
		want = append(want, day("2026-03-06", 5)...)
		want = append(want, "2026-03-08 perfect_week 20")
		want = append(want, day("2026-03-09", 6)...)
		want = append(want, day("2026-03-10", 7)...)
		want = append(want, day("2026-03-12", 8)...)
		want = append(want, day("2026-03-13", 9)...)
		want = append(want, "2026-03-15 perfect_week 20")
		coWantLedger(t, env, tia, want)
		if s := coStreak(env, tia); s != [3]int{9, 9, 0} {
			t.Errorf("streak = %v, want 9, 9, 0", s)
		}
		k := kinds(notifications(env, tia))
		if k["streak_lost"] != 0 || k["freeze_used"] != 0 {
			t.Errorf("notifications %v: a weekend or day off broke the streak", k)
		}
		coCheckStats(t, env, tia)
	})
}

// TestCloseOutFreezes: a freeze is earned at streak 10 and 20 and held at
// most 2; a missed workday uses one (freeze_used, streak unchanged); with
// none left the streak is lost (streak_lost). The streak bonus caps at 10.
func TestCloseOutFreezes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		fay := coMember(env, admin, "Fay", "UTC", allWeek)

		// Days 1..30 are 2026-03-02..2026-03-31; day 31 is 04-01.
		missed := map[string]bool{"2026-04-01": true, "2026-04-03": true, "2026-04-04": true}
		check := map[string]struct {
			streak [3]int
			kinds  map[string]int
		}{
			"2026-03-10": {[3]int{9, 9, 0}, map[string]int{}},
			"2026-03-11": {[3]int{10, 10, 1}, map[string]int{}},
			"2026-03-21": {[3]int{20, 20, 2}, map[string]int{}},
			"2026-03-31": {[3]int{30, 30, 2}, map[string]int{}},
			"2026-04-01": {[3]int{30, 30, 1}, map[string]int{"freeze_used": 1}},
			"2026-04-02": {[3]int{31, 31, 1}, map[string]int{"freeze_used": 1}},
			"2026-04-03": {[3]int{31, 31, 0}, map[string]int{"freeze_used": 2}},
			"2026-04-04": {[3]int{0, 31, 0}, map[string]int{"freeze_used": 2, "streak_lost": 1}},
		}
		var want []string
		streak := 0
		for _, d := range coDays("2026-03-02", "2026-04-04") {
			if !missed[d] {
				coLog(env, fay, task, d, 60, coNoon(d))
				streak++
				want = append(want, d+" on_time 10", fmt.Sprintf("%s streak %d", d, min(streak, 10)))
				for _, b := range []struct{ n, p int }{{5, 25}, {10, 50}, {25, 100}} {
					if streak == b.n {
						want = append(want, fmt.Sprintf("%s badge:streak_%d %d", d, b.n, b.p))
					}
				}
			}
			coCloseOut(env, utc(addDays(d, 1)+"T03:00:00Z"))
			if c, ok := check[d]; ok {
				if s := coStreak(env, fay); s != c.streak {
					t.Errorf("after %s: streak (current, longest, freezes) = %v, want %v", d, s, c.streak)
				}
				k := kinds(notifications(env, fay))
				got := map[string]int{}
				for _, kind := range []string{"freeze_used", "streak_lost"} {
					if k[kind] > 0 {
						got[kind] = k[kind]
					}
				}
				if diff := cmp.Diff(c.kinds, got); diff != "" {
					t.Errorf("after %s: notifications (-want +got):\n%s", d, diff)
				}
			}
		}
		slices.Sort(want)
		coWantLedger(t, env, fay, want)
		for _, n := range notifications(env, fay) {
			if n.Kind == "freeze_used" && !strings.Contains(n.Message, "2026-04-0") {
				t.Errorf("freeze_used message %q does not name the missed date", n.Message)
			}
		}
		coCheckStats(t, env, fay)
	})
}

// TestCloseOutStreakLostNotice: losing a streak notifies only when it was at
// least 3 days long.
func TestCloseOutStreakLostNotice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		lu := coMember(env, admin, "Lu", "UTC", allWeek)
		logged := map[string]bool{"2026-03-02": true, "2026-03-03": true, "2026-03-05": true, "2026-03-06": true, "2026-03-07": true}
		wantLost := map[string]int{"2026-03-04": 0, "2026-03-08": 1}
		for _, d := range coDays("2026-03-02", "2026-03-08") {
			if logged[d] {
				coLog(env, lu, task, d, 30, coNoon(d))
			}
			coCloseOut(env, utc(addDays(d, 1)+"T03:00:00Z"))
			if w, ok := wantLost[d]; ok {
				if n := kinds(notifications(env, lu))["streak_lost"]; n != w {
					t.Errorf("after %s: %d streak_lost notifications, want %d", d, n, w)
				}
				if s := coStreak(env, lu); s[0] != 0 {
					t.Errorf("after missing %s: streak %d, want 0", d, s[0])
				}
			}
		}
		if s := coStreak(env, lu); s != [3]int{0, 3, 0} {
			t.Errorf("streak = %v, want 0, 3, 0", s)
		}
	})
}

// TestCloseOutStreakBadgeOnce: a streak badge is awarded once; rebuilding a
// lost 5-day streak earns neither the badge nor its points again.
func TestCloseOutStreakBadgeOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		bo := coMember(env, admin, "Bo", "UTC", allWeek)
		for _, d := range coDays("2026-03-02", "2026-03-12") {
			if d != "2026-03-07" { // day 6 missed: the 5-day streak is lost
				coLog(env, bo, task, d, 30, coNoon(d))
			}
			coCloseOut(env, utc(addDays(d, 1)+"T03:00:00Z"))
		}
		if s := coStreak(env, bo); s != [3]int{5, 5, 0} {
			t.Errorf("streak = %v, want 5, 5, 0", s)
		}
		rules := coRules(coLedger(env, bo, "", ""))
		if rules["badge:streak_5"] != 1 {
			t.Errorf("badge:streak_5 rows = %d, want exactly 1", rules["badge:streak_5"])
		}
		if got := ledgerOn(t, env, bo.ID, "2026-03-12"); !slices.Equal(got, []string{"2026-03-12 on_time 10", "2026-03-12 streak 5"}) {
			t.Errorf("second 5th day ledger = %v, want on_time and streak only", got)
		}
		want := []string{"first_day 2026-03-02", "streak_5 2026-03-06"}
		if diff := cmp.Diff(want, badgeCodes(t, env, bo.ID)); diff != "" {
			t.Errorf("badges (-want +got):\n%s", diff)
		}
		if n := kinds(notifications(env, bo))["streak_lost"]; n != 1 {
			t.Errorf("%d streak_lost notifications, want 1", n)
		}
		coCheckStats(t, env, bo)
	})
}

// TestCloseOutPerfectWeekPartTime: with workdays Monday and Wednesday only,
// a week is perfect when those two days are full; a part-time user who
// starts on Tuesday has only Wednesday in their first week, and a week with
// no workday on or after the user's first date is not perfect.
func TestCloseOutPerfectWeekPartTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		monWed := []string{"mon", "wed"}
		pat := coMember(env, admin, "Pat", "UTC", monWed)
		var pia, sam *apitest.User
		minutes := map[string]int{
			"2026-03-02": 480, "2026-03-03": 60, "2026-03-04": 480, // week 1: Tuesday is not a workday
			"2026-03-09": 480, "2026-03-11": 300, // week 2: Wednesday short
			"2026-03-16": 480, "2026-03-18": 480, // week 3
		}
		for _, d := range coDays("2026-03-02", "2026-03-22") {
			if d == "2026-03-03" {
				env.Set(coNoon(d))
				pia = coMember(env, admin, "Pia", "UTC", monWed)
			}
			if d == "2026-03-04" {
				coLog(env, pia, task, d, 480, coNoon(d))
			}
			if d == "2026-03-07" {
				env.Set(coNoon(d))
				sam = coMember(env, admin, "Sam", "UTC", nil) // starts on a Saturday
			}
			if m := minutes[d]; m > 0 {
				coLog(env, pat, task, d, m, coNoon(d).Add(time.Hour))
			}
			coCloseOut(env, utc(addDays(d, 1)+"T03:00:00Z"))
		}
		coWantLedger(t, env, pat, []string{
			"2026-03-02 full_day 5", "2026-03-02 on_time 10", "2026-03-02 streak 1",
			"2026-03-04 full_day 5", "2026-03-04 on_time 10", "2026-03-04 streak 2",
			"2026-03-08 perfect_week 20",
			"2026-03-09 full_day 5", "2026-03-09 on_time 10", "2026-03-09 streak 3",
			"2026-03-11 on_time 10", "2026-03-11 streak 4",
			"2026-03-16 badge:streak_5 25", "2026-03-16 full_day 5", "2026-03-16 on_time 10", "2026-03-16 streak 5",
			"2026-03-18 full_day 5", "2026-03-18 on_time 10", "2026-03-18 streak 6",
			"2026-03-22 perfect_week 20",
		})
		if diff := cmp.Diff([]string{"first_day 2026-03-02", "perfect_week 2026-03-08", "streak_5 2026-03-16"},
			badgeCodes(t, env, pat.ID)); diff != "" {
			t.Errorf("badges (-want +got):\n%s", diff)
		}
		coCheckStats(t, env, pat)
		if got := coLedger(env, pia, "2026-03-02", "2026-03-08"); !slices.Contains(got, "2026-03-08 perfect_week 20") {
			t.Errorf("Pia, who started on Tuesday and filled Wednesday: week 1 ledger %v lacks perfect_week", got)
		}
		if got := coLedger(env, sam, "", ""); len(got) != 0 {
			t.Errorf("Sam, who started on a Saturday and never logged: ledger %v, want none (a week without workdays is not perfect)", got)
		}
	})
}

// TestCloseOutCatchUp: after three days with the server down, one close-out
// finalizes every missed date, in date order, and a second one adds nothing.
func TestCloseOutCatchUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		cy := coMember(env, admin, "Cy", "UTC", nil)
		for _, d := range []string{"2026-03-02", "2026-03-03", "2026-03-04"} {
			coLog(env, cy, task, d, 60, coNoon(d).Add(time.Hour))
		}
		// Down from Wednesday 13:00 to Saturday 13:00: nothing runs.
		coCloseOut(env, utc("2026-03-07T13:00:00Z"))
		want := []string{
			"2026-03-02 on_time 10", "2026-03-02 streak 1",
			"2026-03-03 on_time 10", "2026-03-03 streak 2",
			"2026-03-04 on_time 10", "2026-03-04 streak 3",
		}
		coWantLedger(t, env, cy, want)
		ns := notifications(env, cy)
		lost := 0
		for _, n := range ns {
			if n.Kind == "streak_lost" {
				lost++
				if !strings.Contains(n.Message, "3-day") || !strings.Contains(n.Message, "2026-03-05") {
					t.Errorf("streak_lost message %q: want the 3-day streak ending on Thursday 2026-03-05", n.Message)
				}
			}
		}
		if lost != 1 {
			t.Errorf("%d streak_lost notifications, want 1", lost)
		}
		if s := coStreak(env, cy); s != [3]int{0, 3, 0} {
			t.Errorf("streak = %v, want 0, 3, 0", s)
		}
		env.CloseOut()
		coCloseOut(env, utc("2026-03-07T20:00:00Z"))
		coWantLedger(t, env, cy, want)
		if n := len(notifications(env, cy)); n != len(ns) {
			t.Errorf("repeated close-outs: %d notifications, want %d", n, len(ns))
		}
		// Saturday has not closed: the next close-out at Sunday 02:00 is
		// the first to finalize it (nothing to award, but Sunday's
		// perfect_week check needs it).
		coCheckStats(t, env, cy)
	})
}

// TestCloseOutConcurrent: four close-outs running at once, as on four
// replicas, write each ledger row, badge and notification once, and the
// points total matches the ledger.
func TestCloseOutConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		ann := coMember(env, admin, "Ann", "UTC", nil)
		ben := coMember(env, admin, "Ben", "Asia/Tokyo", nil)
		cal := coMember(env, admin, "Cal", "America/Los_Angeles", nil)
		// Ben (Tokyo) was created on Monday 21:00 local; Cal (Los Angeles)
		// on Monday 04:00. All log 8 h each weekday at 13:00 UTC, which is
		// Monday..Friday for Ann and Cal and the same dates for Ben.
		concurrently := func() {
			t.Helper()
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() { errs[i] = env.Engine.CloseOut(context.Background()) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("close-out %d: %v", i, err)
				}
			}
		}
		for _, d := range coDays("2026-03-02", "2026-03-06") {
			env.Set(coNoon(d).Add(time.Hour))
			concurrently()
			for _, u := range []*apitest.User{ann, ben, cal} {
				if u == ben && d == "2026-03-05" {
					continue // Ben misses Thursday after a 3-day streak
				}
				logTime(env, u, task, d, 480)
			}
		}
		env.Set(utc("2026-03-07T03:00:00Z"))
		concurrently()
		env.Set(utc("2026-03-09T10:00:00Z")) // every Sunday closed, no Monday yet
		concurrently()
		concurrently()

		week := func(skip string) []string {
			var out []string
			for i, d := range coDays("2026-03-02", "2026-03-06") {
				if d == skip {
					continue
				}
				n := i + 1
				if skip != "" && d > skip {
					n = 1
				}
				if n == 5 {
					out = append(out, d+" badge:streak_5 25")
				}
				out = append(out, d+" full_day 5", d+" on_time 10", fmt.Sprintf("%s streak %d", d, n))
			}
			if skip == "" {
				out = append(out, "2026-03-08 perfect_week 20")
			}
			return out
		}
		for _, c := range []struct {
			u     *apitest.User
			skip  string
			kinds map[string]int
		}{
			{ann, "", map[string]int{"badge": 3}},
			{ben, "2026-03-05", map[string]int{"badge": 1, "streak_lost": 1}},
			{cal, "", map[string]int{"badge": 3}},
		} {
			coWantLedger(t, env, c.u, week(c.skip))
			if diff := cmp.Diff(c.kinds, kinds(notifications(env, c.u))); diff != "" {
				t.Errorf("%s notifications (-want +got):\n%s", c.u.Email, diff)
			}
			coCheckStats(t, env, c.u)
		}
	})
}

// TestCloseOutPendingPoints: GET /me today.pending_points and POST
// /entries day.pending_points show what the day then earns at close-out:
// a normal day, the 5th day of a streak (with badge:streak_5) and the
// Sunday that completes a perfect week; level and next_level_points follow
// the points.
func TestCloseOutPendingPoints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		pen := coMember(env, admin, "Pen", "UTC", nil)

		env.Set(utc("2026-03-02T13:00:00Z"))
		me := getMe(env, pen)
		if me.Stats.Today.Date != "2026-03-02" || !me.Stats.Today.Workday || me.Stats.Today.PendingPoints != 0 ||
			me.Stats.Points != 0 || me.Stats.Level != 1 || me.Stats.NextLevelPoints != 100 {
			t.Errorf("fresh user stats = %+v, want today 2026-03-02 workday pending 0, points 0, level 1, next 100", me.Stats)
		}
		if r := logTime(env, pen, task, "2026-03-02", 60); r.Day.PendingPoints != 11 || r.Day.Minutes != 60 {
			t.Errorf("after 1 h: day = %+v, want pending 11 (on_time 10 + streak 1)", r.Day)
		}
		if p := getMe(env, pen).Stats.Today.PendingPoints; p != 11 {
			t.Errorf("GET /me pending after 1 h = %d, want 11", p)
		}
		if r := logTime(env, pen, task, "2026-03-02", 420); r.Day.PendingPoints != 16 || r.Day.Minutes != 480 {
			t.Errorf("after 8 h: day = %+v, want pending 16", r.Day)
		}
		if today := getMe(env, pen).Stats.Today; today.PendingPoints != 16 || today.Minutes != 480 || today.TargetMinutes != 480 {
			t.Errorf("GET /me today after 8 h = %+v, want pending 16, 480 of 480 minutes", today)
		}
		pending := map[string]int{"2026-03-02": 16}
		for i, d := range coDays("2026-03-03", "2026-03-06") {
			if d == "2026-03-04" {
				coCloseOut(env, utc(d+"T03:00:00Z")) // some days finalized, others not
			}
			r := coLog(env, pen, task, d, 480, coNoon(d))
			want := 10 + 5 + i + 2
			if d == "2026-03-06" {
				want += 25 // badge:streak_5
			}
			if r.Day.PendingPoints != want {
				t.Errorf("%s: day pending_points = %d, want %d", d, r.Day.PendingPoints, want)
			}
			if p := getMe(env, pen).Stats.Today.PendingPoints; p != want {
				t.Errorf("%s: GET /me pending_points = %d, want %d", d, p, want)
			}
			pending[d] = r.Day.PendingPoints
		}
		env.Set(utc("2026-03-07T13:00:00Z"))
		if today := getMe(env, pen).Stats.Today; today.Workday || today.PendingPoints != 0 {
			t.Errorf("Saturday today = %+v, want not a workday, pending 0", today)
		}
		env.Set(utc("2026-03-08T13:00:00Z"))
		if today := getMe(env, pen).Stats.Today; today.Workday || today.PendingPoints != 20 {
			t.Errorf("Sunday today before logging = %+v, want pending 20 (perfect_week)", today)
		}
		if r := logTime(env, pen, task, "2026-03-08", 30); r.Day.PendingPoints != 20 {
			t.Errorf("Sunday day = %+v, want pending 20", r.Day)
		}
		pending["2026-03-08"] = 20

		coCloseOut(env, utc("2026-03-09T03:00:00Z"))
		for d, want := range pending {
			if got := pointsOn(t, env, pen.ID, d); got != want {
				t.Errorf("%s earned %d at close-out, but pending_points said %d", d, got, want)
			}
		}
		me = coCheckStats(t, env, pen)
		if me.Stats.Points != 135 || me.Stats.Level != 2 || me.Stats.NextLevelPoints != 300 {
			t.Errorf("stats = %+v, want 135 points, level 2, next 300", me.Stats)
		}
		// A finalized date's day shows what it earned.
		env.Set(utc("2026-03-09T13:00:00Z"))
		if r := logTime(env, pen, task, "2026-03-06", 10); r.OnTime || r.Day.PendingPoints != 45 {
			t.Errorf("late entry on finalized Friday: on_time %v day %+v, want late, pending 45", r.OnTime, r.Day)
		}
	})
}
