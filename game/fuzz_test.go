package game

import (
	"testing"
	"time"

	"github.com/timestreak/timestreak/internal/civil"
)

// FuzzCloseInstant: for any zone and date the close comes after the day
// starts, and the day's start is the first instant with that local date.
func FuzzCloseInstant(f *testing.F) {
	f.Add("America/Santiago", "2026-09-06", int64(7200))
	f.Add("Pacific/Chatham", "2026-04-05", int64(0))
	f.Add("Asia/Kathmandu", "2026-03-08", int64(108000))
	f.Fuzz(func(t *testing.T, zone, date string, graceSeconds int64) {
		loc, err := time.LoadLocation(zone)
		if err != nil || zone == "" || zone == "Local" {
			return
		}
		if _, err := civil.Parse(date); err != nil || date < "1900-01-01" || date > "2200-01-01" {
			return
		}
		grace := time.Duration(graceSeconds%(72*3600)) * time.Second
		if grace < 0 {
			grace = -grace
		}
		start := DayStart(date, loc)
		if civil.Of(start, loc) != date || civil.Of(start.Add(-time.Nanosecond), loc) >= date {
			t.Fatalf("DayStart(%s, %s) = %s", date, zone, start)
		}
		closes := CloseInstant(date, loc, grace)
		if !closes.After(start) {
			t.Fatalf("%s in %s closes at %s, before it starts at %s", date, zone, closes, start)
		}
		if last := LastClosedDate(closes, loc, grace); last < date {
			t.Fatalf("at its close instant, the last closed date is %s, not %s", last, date)
		}
	})
}

// FuzzRules: for any sequence of days the rules keep their invariants:
// points are positive, the streak never exceeds the workdays that
// qualified, freezes stay in 0..2, and each badge is earned once.
func FuzzRules(f *testing.F) {
	f.Add([]byte{1, 200, 0, 5, 255, 3, 9, 0, 0, 0, 1, 1})
	f.Add([]byte("a long history of on-time days with some misses"))
	f.Fuzz(func(t *testing.T, data []byte) {
		state := State{Badges: map[string]bool{}}
		date := "2026-01-05" // a Monday
		var week []DayRecord
		qualified := 0
		earned := map[string]bool{}
		for i := 0; i+1 < len(data); i += 2 {
			if civil.Weekday(date) == time.Monday {
				week = nil
			}
			b, m := data[i], data[i+1]
			rec := DayRecord{Date: date, Workday: b&1 == 1, TargetMinutes: 480, OnTimeMinutes: int(m) * 4}
			if b&2 == 2 {
				rec.OnTimeMinutes = 0
				rec.LateOn = civil.AddDays(date, int(b>>2)%8)
			}
			out := CloseDay(state, rec, week)
			for _, a := range out.Awards {
				if a.Points <= 0 {
					t.Fatalf("award %+v is not positive", a)
				}
			}
			for _, code := range out.NewBadges {
				if earned[code] {
					t.Fatalf("badge %s earned twice", code)
				}
				earned[code] = true
			}
			if rec.Workday && rec.OnTimeMinutes > 0 {
				qualified++
			}
			s := out.State
			if s.Current > qualified || s.Longest < s.Current || s.Freezes < 0 || s.Freezes > 2 {
				t.Fatalf("state %+v after %d qualifying days", s, qualified)
			}
			// Deterministic: the same inputs give the same outcome.
			if again := CloseDay(state, rec, week); len(again.Awards) != len(out.Awards) || again.State.Current != s.Current {
				t.Fatalf("CloseDay is not deterministic")
			}
			state = s
			week = append(week, rec)
			date = civil.AddDays(date, 1)
		}
	})
}
