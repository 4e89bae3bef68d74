package e2e_test

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestZonesCloseOut: users in Tokyo, Los Angeles, Kathmandu (+5:45) and
// Chatham (+12:45 in May, +13:45 in March) log on a Tuesday, partly during
// the grace period. A close-out one minute before a user's close leaves their
// date unfinalized (GET /me/points has nothing for it); one a minute after
// finalizes it with the grace-period minutes counted. At every checkpoint
// every user is checked, so one user's close cannot finalize another's.
func TestZonesCloseOut(t *testing.T) {
	seasons := []struct {
		name  string
		start time.Time // Monday 09:00 UTC: Monday in all four zones
		day   string
		zones []coZone
	}{
		{"May", utc("2026-05-04T09:00:00Z"), "2026-05-05", []coZone{
			{"Tokyo", "Asia/Tokyo", utc("2026-05-05T17:00:00Z")},
			{"Los Angeles", "America/Los_Angeles", utc("2026-05-06T09:00:00Z")},
			{"Kathmandu", "Asia/Kathmandu", utc("2026-05-05T20:15:00Z")},
			{"Chatham", "Pacific/Chatham", utc("2026-05-05T13:15:00Z")},
		}},
		{"March", utc("2026-03-02T09:00:00Z"), "2026-03-03", []coZone{
			{"Tokyo", "Asia/Tokyo", utc("2026-03-03T17:00:00Z")},
			{"Los Angeles", "America/Los_Angeles", utc("2026-03-04T10:00:00Z")},
			{"Kathmandu", "Asia/Kathmandu", utc("2026-03-03T20:15:00Z")},
			{"Chatham", "Pacific/Chatham", utc("2026-03-03T12:15:00Z")},
		}},
	}
	for _, season := range seasons {
		day, zones := season.day, season.zones
		for _, z := range zones {
			if got := coAt(z.tz, addDays(day, 1)+" 02:00"); !got.Equal(z.closes) {
				t.Fatalf("test table: %s 02:00 is %s, not %s", z.tz, got, z.closes)
			}
		}
		t.Run(season.name, func(t *testing.T) { coZonesCloseOut(t, season.start, day, zones) })
	}
}

// coZone is a user's zone and when their test date closes.
type coZone struct {
	name, tz string
	closes   time.Time // 02:00 local on the day after, spelled in UTC
}

// coZonesCloseOut runs TestZonesCloseOut for one season.
func coZonesCloseOut(t *testing.T, start time.Time, day string, zones []coZone) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, start)
		users := make([]*apitest.User, len(zones))
		for i, z := range zones {
			users[i] = coMember(env, admin, z.name, z.tz, nil)
		}
		finalized := []string{day + " full_day 5", day + " on_time 10", day + " streak 1"}
		checkAll := func(when string) {
			t.Helper()
			env.CloseOut()
			now := env.Clock.Now()
			for i, z := range zones {
				got := coLedger(env, users[i], day, day)
				want := []string{}
				if !now.Before(z.closes) {
					want = finalized
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s, close-out at %s: %s's %s ledger = %v, want %v", when, now.Format(time.RFC3339), z.name, day, got, want)
				}
			}
		}
		type event struct {
			at time.Time
			do func()
		}
		var events []event
		for i, z := range zones {
			u := users[i]
			events = append(events,
				event{coAt(z.tz, day+" 12:00"), func() {
					if r := logTime(env, u, task, day, 30); !r.OnTime {
						t.Errorf("%s: entry at local noon is late", z.name)
					}
				}},
				event{z.closes.Add(-2 * time.Minute), func() {
					if r := logTime(env, u, task, day, 450); !r.OnTime || r.Day.PendingPoints != 16 {
						t.Errorf("%s: entry 2 min before the close: on_time %v day %+v, want on time, pending 16", z.name, r.OnTime, r.Day)
					}
				}},
				event{z.closes.Add(-time.Minute), func() { checkAll(z.name + " one minute before") }},
				event{z.closes.Add(time.Minute), func() { checkAll(z.name + " one minute after") }},
				event{z.closes.Add(2 * time.Minute), func() {
					if r := logTime(env, u, task, day, 15); r.OnTime || r.Day.PendingPoints != 16 {
						t.Errorf("%s: entry 2 min after the close: on_time %v day %+v, want late, pending 16 (no late award on a qualified day)", z.name, r.OnTime, r.Day)
					}
				}},
			)
		}
		sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
		for _, e := range events {
			env.Set(e.at)
			e.do()
		}
		env.Set(coNoon(addDays(day, 1)))
		checkAll("the end")
		for i, z := range zones {
			if got := coLedger(env, users[i], "", ""); !slices.Equal(got, finalized) {
				t.Errorf("%s: whole ledger %v, want %v", z.name, got, finalized)
			}
			if m := coSummary(env, users[i], day, day); m != 495 {
				t.Errorf("%s: report total %d minutes, want 495 (late minutes count in reports)", z.name, m)
			}
		}
	})
}

// TestZonesDST: a date closes 2 h of elapsed time after the first instant
// of the next local day, also across a clock change: Los Angeles springs
// forward on 2026-03-08 and falls back on 2026-11-01, Berlin springs forward
// on 2026-03-29. Each case covers the date before the change, whose grace
// period spans it, and the changing date itself.
func TestZonesDST(t *testing.T) {
	cases := []struct {
		name, tz string
		start    time.Time
		dates    [2]string
		closes   [2]time.Time
	}{
		{
			"Los Angeles spring forward", "America/Los_Angeles", utc("2026-03-06T20:00:00Z"),
			[2]string{"2026-03-07", "2026-03-08"},
			// 03-08 00:00 PST = 08:00Z (+2 h = 03:00 PDT); 03-09 00:00 PDT = 07:00Z.
			[2]time.Time{utc("2026-03-08T10:00:00Z"), utc("2026-03-09T09:00:00Z")},
		},
		{
			"Los Angeles fall back", "America/Los_Angeles", utc("2026-10-30T19:00:00Z"),
			[2]string{"2026-10-31", "2026-11-01"},
			// 11-01 00:00 PDT = 07:00Z, +2 h = 01:00 PST (not 02:00 on the wall);
			// 11-02 00:00 PST = 08:00Z.
			[2]time.Time{utc("2026-11-01T09:00:00Z"), utc("2026-11-02T10:00:00Z")},
		},
		{
			"Berlin spring forward", "Europe/Berlin", utc("2026-03-27T11:00:00Z"),
			[2]string{"2026-03-28", "2026-03-29"},
			// 03-29 00:00 CET = 03-28 23:00Z (+2 h = 03:00 CEST); 03-30 00:00 CEST = 03-29 22:00Z.
			[2]time.Time{utc("2026-03-29T01:00:00Z"), utc("2026-03-30T00:00:00Z")},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, dialect string) {
				env, admin, task := coEnv(t, dialect, c.start)
				u := coMember(env, admin, "Dana", c.tz, allWeek)
				for i, d := range c.dates {
					close := c.closes[i]
					if r := coLog(env, u, task, d, 30, close.Add(-time.Minute)); !r.OnTime {
						t.Errorf("%s: entry one minute before the close (%s) is late", d, close.Add(-time.Minute).Format(time.RFC3339))
					}
					env.CloseOut()
					if got := coLedger(env, u, d, d); len(got) != 0 {
						t.Errorf("%s: finalized one minute before its close: %v", d, got)
					}
					coCloseOut(env, close.Add(time.Minute))
					want := []string{d + " on_time 10", fmt.Sprintf("%s streak %d", d, i+1)}
					if got := coLedger(env, u, d, d); !slices.Equal(got, want) {
						t.Errorf("%s: one minute after the close, ledger %v, want %v", d, got, want)
					}
					if r := logTime(env, u, task, d, 30); r.OnTime {
						t.Errorf("%s: entry one minute after the close (%s) is on time", d, close.Add(time.Minute).Format(time.RFC3339))
					}
				}
				if s := coStreak(env, u); s != [3]int{2, 2, 0} {
					t.Errorf("streak = %v, want 2, 2, 0", s)
				}
			})
		})
	}
}

// TestZonesTimezoneChange: changing time zone first finalizes the dates
// closed under the old zone; the streak then continues under the new one.
func TestZonesTimezoneChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)

		// Zed (UTC) logs Monday..Wednesday; no close-out runs. On Wednesday
		// 20:00 UTC (Thursday 05:00 in Tokyo) he moves to Tokyo.
		zed := coMember(env, admin, "Zed", "UTC", nil)
		// Yui (Tokyo) logs Monday, misses Tuesday, and on Wednesday 03:00
		// Tokyo time (Tuesday 10:00 in Los Angeles) moves to Los Angeles.
		yui := coMember(env, admin, "Yui", "Asia/Tokyo", nil)

		coLog(env, zed, task, "2026-03-02", 60, utc("2026-03-02T13:00:00Z"))
		coLog(env, yui, task, "2026-03-02", 60, utc("2026-03-02T13:00:00Z")) // 22:00 in Tokyo
		coLog(env, zed, task, "2026-03-03", 60, utc("2026-03-03T13:00:00Z"))

		env.Set(utc("2026-03-03T18:00:00Z"))
		patchMe(env, yui, map[string]any{"timezone": "America/Los_Angeles"})
		// Tuesday closed in Tokyo (17:00 UTC), so it was finalized, missed,
		// before the move. Although Los Angeles' Tuesday is still open, time
		// logged on it now is a backfill (a finalized date never reopens):
		// late, logged the same local day, so k = 0 and 10 points.
		coWantLedger(t, env, yui, []string{"2026-03-02 on_time 10", "2026-03-02 streak 1"})
		if r := logTime(env, yui, task, "2026-03-03", 60); r.OnTime || r.Day.OnTime || r.Day.PendingPoints != 10 {
			t.Errorf("Yui's finalized Tuesday: on_time %v day %+v, want late (the day closed too), pending 10", r.OnTime, r.Day)
		}

		coLog(env, zed, task, "2026-03-04", 60, utc("2026-03-04T13:00:00Z"))
		coLog(env, yui, task, "2026-03-04", 60, utc("2026-03-04T20:00:00Z")) // 12:00 in Los Angeles
		patchMe(env, zed, map[string]any{"timezone": "Asia/Tokyo"})
		// Monday and Tuesday closed under UTC and were finalized by the
		// change itself; Wednesday closed in Tokyo at 17:00 UTC but not in UTC.
		coWantLedger(t, env, zed, []string{
			"2026-03-02 on_time 10", "2026-03-02 streak 1",
			"2026-03-03 on_time 10", "2026-03-03 streak 2",
		})
		if today := getMe(env, zed).Stats.Today; today.Date != "2026-03-05" || today.PendingPoints != 0 {
			t.Errorf("Zed's today after the move = %+v, want Tokyo's 2026-03-05, pending 0", today)
		}
		r := coLog(env, zed, task, "2026-03-05", 60, utc("2026-03-05T03:00:00Z")) // 12:00 in Tokyo
		if !r.OnTime || r.Day.PendingPoints != 14 {
			t.Errorf("Zed's Thursday in Tokyo: on_time %v day %+v, want on time, pending 14 (streak 4)", r.OnTime, r.Day)
		}
		coCloseOut(env, utc("2026-03-05T17:01:00Z")) // Thursday closed in Tokyo
		coWantLedger(t, env, zed, []string{
			"2026-03-02 on_time 10", "2026-03-02 streak 1",
			"2026-03-03 on_time 10", "2026-03-03 streak 2",
			"2026-03-04 on_time 10", "2026-03-04 streak 3",
			"2026-03-05 on_time 10", "2026-03-05 streak 4",
		})
		if s := coStreak(env, zed); s != [3]int{4, 4, 0} {
			t.Errorf("Zed's streak = %v, want 4, 4, 0", s)
		}
		coCheckStats(t, env, zed)

		coCloseOut(env, utc("2026-03-05T11:00:00Z").Add(24*time.Hour)) // Thursday closed in Los Angeles
		coWantLedger(t, env, yui, []string{
			"2026-03-02 on_time 10", "2026-03-02 streak 1",
			"2026-03-03 late 10",
			"2026-03-04 on_time 10", "2026-03-04 streak 1",
		})
		coCheckStats(t, env, yui)
	})
}
