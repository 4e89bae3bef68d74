package tracking_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestEntryFields: an entry's date, minutes and note, and the lock window,
// as the user logs it at noon UTC on Monday 2 March 2026.
func TestEntryFields(t *testing.T) {
	each(t, tracking.Config{LockDays: 7}, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		tokyo := *ana
		tokyo.Timezone = "Pacific/Kiritimati" // UTC+14: already Tuesday there
		for _, c := range []struct {
			name    string
			u       *auth.User
			date    string
			minutes int
			note    string
			want    string
		}{
			{"today", ana, "2026-03-02", 30, "", "ok"},
			{"a whole day", ana, "2026-03-02", 1440, "", "ok"},
			{"more than a day", ana, "2026-03-02", 1441, "", "invalid"},
			{"no minutes", ana, "2026-03-02", 0, "", "invalid"},
			{"tomorrow", ana, "2026-03-03", 30, "", "invalid"},
			{"tomorrow here is today there", &tokyo, "2026-03-03", 30, "", "ok"},
			{"not a date", ana, "2026-02-30", 30, "", "invalid"},
			{"the note's limit", ana, "2026-03-02", 30, strings.Repeat("é", 2000), "ok"},
			{"past the note's limit", ana, "2026-03-02", 30, strings.Repeat("é", 2001), "invalid"},
			{"the last open day", ana, "2026-02-23", 30, "", "ok"},
			{"past the lock window", ana, "2026-02-22", 30, "", "locked"},
		} {
			if err := s.CheckEntryFields(c.u, s.Now(), c.date, c.minutes, c.note); storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
		}
	})
}

// TestDayLimit: a date holds at most 1,440 minutes; the day's total follows
// the entries written, edited and deleted (the store writes entries only
// inside a transaction, as the game's write path does).
func TestDayLimit(t *testing.T) {
	each(t, tracking.Config{}, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		task := s.task("Work")
		const date = "2026-03-02"
		write := func(minutes int) *tracking.Entry {
			t.Helper()
			total, err := s.DayMinutes(s.ctx, ana.ID, date)
			if err != nil {
				t.Fatal(err)
			}
			if err := tracking.DayLimit(date, total, minutes); err != nil {
				return nil
			}
			e := tracking.EntryRow(ana, task, tracking.NewEntry{TaskID: task.ID, Date: date, Minutes: minutes}, s.Now(), true)
			if err := s.db.Tx(s.ctx, func(ctx context.Context) error { return s.InsertEntries(ctx, []*tracking.Entry{e}) }); err != nil {
				t.Fatal(err)
			}
			return e
		}
		var first *tracking.Entry
		for _, c := range []struct {
			minutes   int
			written   bool
			dayMinute int
		}{
			{600, true, 600},
			{800, true, 1400},
			{41, false, 1400},
			{40, true, 1440},
			{1, false, 1440},
		} {
			e := write(c.minutes)
			if (e != nil) != c.written {
				t.Errorf("adding %d: written %v, want %v", c.minutes, e != nil, c.written)
			}
			if first == nil {
				first = e
			}
			if got, _ := s.DayMinutes(s.ctx, ana.ID, date); got != c.dayMinute {
				t.Errorf("after adding %d: the day holds %d, want %d", c.minutes, got, c.dayMinute)
			}
		}
		if err := tracking.DayLimit(date, 1400, 41); err == nil || !strings.Contains(err.Error(), "(40 left)") {
			t.Errorf("the refusal says %v", err)
		}
		first.Minutes = 100
		if err := s.db.Tx(s.ctx, func(ctx context.Context) error { return s.SaveEntries(ctx, []*tracking.Entry{first}) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.DayMinutes(s.ctx, ana.ID, date); got != 940 {
			t.Errorf("after an edit the day holds %d, want 940", got)
		}
		if err := s.db.Tx(s.ctx, func(ctx context.Context) error { return s.DeleteEntries(ctx, []string{first.ID}, s.Now()) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.DayMinutes(s.ctx, ana.ID, date); got != 840 {
			t.Errorf("after a delete the day holds %d, want 840", got)
		}
		if _, err := s.AnyEntry(s.ctx, first.ID); err != nil {
			t.Errorf("a deleted entry is gone for good: %v", err)
		}
		if got, _ := s.MinutesByDate(s.ctx, ana.ID, "2026-03-01", "2026-03-03"); len(got) != 1 || got[date] != 840 {
			t.Errorf("minutes by date %v", got)
		}
	})
}

// TestTimeOff: time off is set and removed for today or later only, once
// per date, and listed by range.
func TestTimeOff(t *testing.T) {
	each(t, tracking.Config{}, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		steps := []struct {
			name, op, date string
			want           string
			created        bool
		}{
			{"today", "set", "2026-03-02", "ok", true},
			{"today again", "set", "2026-03-02", "ok", false},
			{"next week", "set", "2026-03-09", "ok", true},
			{"yesterday", "set", "2026-03-01", "invalid", false},
			{"not a date", "set", "2026-13-01", "invalid", false},
			{"a date that is not off", "delete", "2026-03-03", "not found", false},
			{"yesterday is scored", "delete", "2026-03-01", "invalid", false},
			{"next week back", "delete", "2026-03-09", "ok", false},
		}
		for _, st := range steps {
			var err error
			created := false
			if st.op == "set" {
				created, err = s.SetTimeOff(s.ctx, ana, st.date)
			} else {
				err = s.DeleteTimeOff(s.ctx, ana, st.date)
			}
			if storetest.Outcome(err) != st.want || created != st.created {
				t.Errorf("%s: %s (created %v), want %s (%v)", st.name, storetest.Outcome(err), created, st.want, st.created)
			}
		}
		days, err := s.TimeOff(s.ctx, ana.ID, "2026-03-01", "")
		if err != nil || len(days) != 1 || days[0].Date != "2026-03-02" {
			t.Errorf("time off %v, %v", days, err)
		}
		if _, err := s.TimeOff(s.ctx, ana.ID, "March", ""); storetest.Outcome(err) != "invalid" {
			t.Errorf("a bad range: %s", storetest.Outcome(err))
		}
		s.clock.Advance(24 * time.Hour)
		if err := s.DeleteTimeOff(s.ctx, ana, "2026-03-02"); storetest.Outcome(err) != "invalid" {
			t.Errorf("a day later, yesterday's time off: %s", storetest.Outcome(err))
		}
	})
}
