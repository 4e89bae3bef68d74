package e2e_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestBackfillLate: an entry backfilled k = 1..6 days after its date earns
// late 8, 6, 4, 2, 0, 0 once, from the first backfilled entry, on a workday
// that did not qualify; the same ledger whether the date was finalized
// before the backfill arrived (Ada: settled every night) or not (Bea: no
// close-out runs until the end). k counts the user's local dates (Cho,
// Tokyo). A day that qualified, a weekend and a day off get no late award.
func TestBackfillLate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		ada := coMember(env, admin, "Ada", "UTC", allWeek)
		bea := coMember(env, admin, "Bea", "UTC", allWeek)
		cho := coMember(env, admin, "Cho", "Asia/Tokyo", allWeek)
		// Dee (Monday–Friday) takes Friday off and backfills it and
		// Saturday: non-workdays earn no late points.
		dee := coMember(env, admin, "Dee", "UTC", nil)
		call(env, dee, http.StatusCreated, "PUT", "/api/v1/me/time-off/2026-03-06", nil)

		type log struct {
			date    string
			pending int // the day's pending_points in POST /entries' answer
			onTime  bool
		}
		logs := map[string][]log{ // by the date (UTC noon) they are made on
			"2026-03-03": {{"2026-03-02", 8, false}},                            // k=1
			"2026-03-04": {{"2026-03-02", 8, false}},                            // a second backfill: still 8 (k=1)
			"2026-03-05": {{"2026-03-03", 6, false}},                            // k=2
			"2026-03-07": {{"2026-03-04", 4, false}},                            // k=3
			"2026-03-08": {{"2026-03-08", 11, true}},                            // on time
			"2026-03-09": {{"2026-03-05", 2, false}, {"2026-03-08", 11, false}}, // k=4; a qualified day
			"2026-03-11": {{"2026-03-06", 0, false}},                            // k=5
			"2026-03-13": {{"2026-03-07", 0, false}},                            // k=6
		}
		for _, d := range coDays("2026-03-03", "2026-03-13") {
			coSettle(t, env, ada, utc(d+"T03:00:00Z"))
			for _, l := range logs[d] {
				for _, u := range []*apitest.User{ada, bea} {
					r := coLog(env, u, task, l.date, 45, coNoon(d))
					if r.OnTime != l.onTime || r.Day.PendingPoints != l.pending {
						t.Errorf("%s logging on %s for %s: on_time %v pending %d, want %v, %d",
							u.Email, d, l.date, r.OnTime, r.Day.PendingPoints, l.onTime, l.pending)
					}
				}
			}
			if d == "2026-03-08" || d == "2026-03-09" {
				for _, date := range []string{"2026-03-06", "2026-03-07"} {
					if r := coLog(env, dee, task, date, 45, coNoon(d).Add(time.Hour)); r.Day.PendingPoints != 0 {
						t.Errorf("Dee's backfill of %s on %s: pending %d, want 0", date, d, r.Day.PendingPoints)
					}
				}
			}
			if d == "2026-03-04" {
				// Cho's Tuesday closed at Wednesday 02:00 in Tokyo; 16:00
				// UTC on Wednesday is Thursday 01:00 there, so k = 2.
				if r := coLog(env, cho, task, "2026-03-03", 45, utc("2026-03-04T16:00:00Z")); r.Day.PendingPoints != 6 {
					t.Errorf("Cho's backfill: pending %d, want 6", r.Day.PendingPoints)
				}
			}
		}
		coCloseOut(env, utc("2026-03-14T03:00:00Z"))

		want := []string{
			"2026-03-02 late 8",
			"2026-03-03 late 6",
			"2026-03-04 late 4",
			"2026-03-05 late 2",
			"2026-03-08 on_time 10", "2026-03-08 streak 1",
		}
		coWantLedger(t, env, ada, want)
		coWantLedger(t, env, bea, want)
		coWantLedger(t, env, cho, []string{"2026-03-03 late 6"})
		coWantLedger(t, env, dee, []string{})
		for _, u := range []*apitest.User{ada, bea, cho, dee} {
			coCheckStats(t, env, u)
		}
	})
}

// TestBackfillImport: imported entries count in reports and earn nothing:
// not on the day, not as a backfill, and they are not the "first
// backfilled entry" that fixes k for a later late entry.
func TestBackfillImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		imo := coMember(env, admin, "Imo", "UTC", nil)

		env.Set(utc("2026-03-02T13:00:00Z"))
		if e := logDirect(t, env, imo.ID, task, "2026-03-02", 480, "import"); e.OnTime {
			t.Errorf("imported entry on the day is on_time")
		}
		if p := getMe(env, imo).Stats.Today.PendingPoints; p != 0 {
			t.Errorf("pending_points after an import = %d, want 0", p)
		}
		env.Set(utc("2026-03-03T13:00:00Z"))
		logDirect(t, env, imo.ID, task, "2026-03-02", 60, "import") // late import, k=1
		logDirect(t, env, imo.ID, task, "2026-03-03", 480, "import")
		if got := coLedger(env, imo, "", ""); len(got) != 0 {
			t.Errorf("imports earned %v", got)
		}
		// The first non-import backfill of Monday comes on Wednesday: k=2.
		r := coLog(env, imo, task, "2026-03-02", 30, utc("2026-03-04T13:00:00Z"))
		if r.Day.PendingPoints != 6 {
			t.Errorf("first real backfill of Monday on Wednesday: pending %d, want 6", r.Day.PendingPoints)
		}
		coCloseOut(env, utc("2026-03-05T03:00:00Z"))
		coWantLedger(t, env, imo, []string{"2026-03-02 late 6"})
		if m := coSummary(env, imo, "2026-03-02", "2026-03-03"); m != 480+60+30+480 {
			t.Errorf("report total %d minutes, want 1050 (imports count in reports)", m)
		}
		coCheckStats(t, env, imo)
	})
}

// TestBackfillEditsAfterClose: edits and deletions of a finalized date's
// entries change reports, never its points; moving an entry into a date
// that is still open (in its grace period) keeps it on time, and moving it
// into a closed date makes it late, k counted from the day of the move.
func TestBackfillEditsAfterClose(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, admin, task := coEnv(t, dialect, apitest.Monday)
		eve := coMember(env, admin, "Eve", "UTC", nil)
		patch := func(id string, body map[string]any) entryResp {
			t.Helper()
			var r entryResp
			call(env, eve, http.StatusOK, "PATCH", "/api/v1/entries/"+id, body).JSON(t, &r)
			return r
		}

		a := coLog(env, eve, task, "2026-03-02", 480, utc("2026-03-02T13:00:00Z")).ID
		b := coLog(env, eve, task, "2026-03-02", 60, utc("2026-03-02T14:00:00Z")).ID
		coCloseOut(env, utc("2026-03-03T03:00:00Z"))
		monday := []string{"2026-03-02 full_day 5", "2026-03-02 on_time 10", "2026-03-02 streak 1"}
		coWantLedger(t, env, eve, monday)
		if m := coSummary(env, eve, "2026-03-02", "2026-03-02"); m != 540 {
			t.Fatalf("Monday report %d minutes, want 540", m)
		}

		env.Set(utc("2026-03-03T12:00:00Z"))
		patch(a, map[string]any{"minutes": 30})
		call(env, eve, http.StatusNoContent, "DELETE", "/api/v1/entries/"+b, nil)
		coWantLedger(t, env, eve, monday)
		if m := coSummary(env, eve, "2026-03-02", "2026-03-02"); m != 30 {
			t.Errorf("Monday report after edit and delete: %d minutes, want 30", m)
		}
		if p := pointsOn(t, env, eve.ID, "2026-03-02"); p != 16 {
			t.Errorf("Monday points after edit and delete = %d, want 16", p)
		}

		// Wednesday 01:00: Tuesday is in its grace period. An entry logged
		// for Wednesday and moved to Tuesday is on time there.
		c := coLog(env, eve, task, "2026-03-04", 60, utc("2026-03-04T01:00:00Z")).ID
		if r := patch(c, map[string]any{"date": "2026-03-03"}); !r.OnTime {
			t.Errorf("entry moved into Tuesday before it closed is late")
		}
		// Thursday noon: Wednesday closed (no close-out ran since) with
		// nothing on it. An entry moved there from Thursday is late, k=1.
		d := coLog(env, eve, task, "2026-03-05", 60, utc("2026-03-05T12:00:00Z")).ID
		if r := patch(d, map[string]any{"date": "2026-03-04"}); r.OnTime {
			t.Errorf("entry moved into closed Wednesday is on time")
		}
		if got := ledgerOn(t, env, eve.ID, "2026-03-04"); !slices.Equal(got, []string{"2026-03-04 late 8"}) {
			t.Errorf("Wednesday after the move: %v, want late 8", got)
		}
		// Editing the late entry changes nothing either.
		env.Set(utc("2026-03-06T12:00:00Z"))
		patch(d, map[string]any{"minutes": 90})
		coCloseOut(env, utc("2026-03-06T13:00:00Z"))
		coWantLedger(t, env, eve, append(monday,
			"2026-03-03 on_time 10", "2026-03-03 streak 2",
			"2026-03-04 late 8",
		))
		if s := coStreak(env, eve); s != [3]int{0, 2, 0} {
			t.Errorf("streak = %v, want 0, 2, 0", s)
		}
		sum := map[string]int{}
		for _, day := range coDays("2026-03-02", "2026-03-05") {
			sum[day] = coSummary(env, eve, day, day)
		}
		if diff := cmp.Diff(map[string]int{"2026-03-02": 30, "2026-03-03": 60, "2026-03-04": 90, "2026-03-05": 0}, sum); diff != "" {
			t.Errorf("reports by day (-want +got):\n%s", diff)
		}
		coCheckStats(t, env, eve)
	})
}
