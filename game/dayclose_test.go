package game

import (
	"testing"
	"time"

	"github.com/timestreak/timestreak/internal/civil"
)

// zones are loaded explicitly so that no test depends on the machine's zone.
var testZones = []string{"UTC", "Asia/Tokyo", "America/Los_Angeles", "Asia/Kathmandu", "Pacific/Chatham",
	"Europe/Berlin", "America/Santiago", "America/Havana", "Asia/Beirut"}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func utc(t *testing.T, s string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad test instant %q: %v", s, err)
	}
	return ts
}

func TestDayStart(t *testing.T) {
	tests := []struct{ zone, date, want, why string }{
		{"UTC", "2026-03-02", "2026-03-02T00:00:00Z", ""},
		{"Asia/Tokyo", "2026-03-02", "2026-03-01T15:00:00Z", ""},
		{"Asia/Kathmandu", "2026-03-02", "2026-03-01T18:15:00Z", "+05:45"},
		{"Pacific/Chatham", "2026-03-02", "2026-03-01T10:15:00Z", "+13:45"},
		{"Pacific/Chatham", "2026-07-01", "2026-06-30T11:15:00Z", "+12:45"},
		{"Pacific/Chatham", "2026-09-27", "2026-09-26T11:15:00Z", "DST starts 02:45, after midnight"},
		{"America/Los_Angeles", "2026-03-08", "2026-03-08T08:00:00Z", "spring-forward day starts in PST"},
		{"America/Los_Angeles", "2026-03-09", "2026-03-09T07:00:00Z", ""},
		{"America/Los_Angeles", "2026-11-01", "2026-11-01T07:00:00Z", "fall-back day starts in PDT"},
		{"America/Los_Angeles", "2026-11-02", "2026-11-02T08:00:00Z", ""},
		{"Europe/Berlin", "2026-03-29", "2026-03-28T23:00:00Z", ""},
		{"Europe/Berlin", "2026-03-30", "2026-03-29T22:00:00Z", ""},
		{"Europe/Berlin", "2026-10-26", "2026-10-25T23:00:00Z", ""},
		{"America/Santiago", "2026-09-05", "2026-09-05T04:00:00Z", ""},
		{"America/Santiago", "2026-09-06", "2026-09-06T04:00:00Z", "00:00 skipped: day starts 01:00 -03"},
		{"America/Santiago", "2026-09-07", "2026-09-07T03:00:00Z", ""},
		{"America/Santiago", "2026-04-05", "2026-04-05T04:00:00Z", "Saturday 23:00 repeated, Sunday starts once"},
		{"America/Havana", "2026-03-08", "2026-03-08T05:00:00Z", "00:00 skipped: day starts 01:00 CDT"},
		{"America/Havana", "2026-11-01", "2026-11-01T04:00:00Z", "00:00 happens twice: take the first"},
		{"Asia/Beirut", "2026-03-29", "2026-03-28T22:00:00Z", "00:00 skipped: day starts 01:00 +03"},
		{"Asia/Beirut", "2026-10-25", "2026-10-24T22:00:00Z", ""},
	}
	for _, tt := range tests {
		got := DayStart(tt.date, zone(t, tt.zone))
		if !got.Equal(utc(t, tt.want)) {
			t.Errorf("DayStart(%s, %s) = %s, want %s (%s)", tt.date, tt.zone, got.UTC().Format(time.RFC3339), tt.want, tt.why)
		}
	}
}

// TestDayStartIsFirstInstant checks the definition itself over four years of
// real transitions in every test zone.
func TestDayStartIsFirstInstant(t *testing.T) {
	for _, name := range testZones {
		loc := zone(t, name)
		for d := "2024-01-01"; d != "2028-01-01"; d = civil.AddDays(d, 1) {
			start := DayStart(d, loc)
			if got := civil.Of(start, loc); got != d {
				t.Fatalf("%s: DayStart(%s) = %s has local date %s", name, d, start, got)
			}
			if got := civil.Of(start.Add(-time.Nanosecond), loc); got != civil.AddDays(d, -1) {
				t.Fatalf("%s: DayStart(%s) = %s is not the first instant (before it: %s)", name, d, start, got)
			}
		}
	}
}

func TestCloseInstant(t *testing.T) {
	tests := []struct {
		zone, date string
		grace      time.Duration
		want, why  string
	}{
		{"UTC", "2026-03-02", 2 * time.Hour, "2026-03-03T02:00:00Z", ""},
		{"UTC", "2026-03-02", 0, "2026-03-03T00:00:00Z", ""},
		{"UTC", "2026-03-02", 30 * time.Hour, "2026-03-04T06:00:00Z", "grace longer than a day"},
		{"Asia/Tokyo", "2026-03-02", 2 * time.Hour, "2026-03-02T17:00:00Z", "02:00 JST"},
		{"Asia/Kathmandu", "2026-03-02", 2 * time.Hour, "2026-03-02T20:15:00Z", ""},
		{"Pacific/Chatham", "2026-03-02", 2 * time.Hour, "2026-03-02T12:15:00Z", ""},
		{"America/Los_Angeles", "2026-03-02", 2 * time.Hour, "2026-03-03T10:00:00Z", ""},
		{"America/Los_Angeles", "2026-03-07", 2 * time.Hour, "2026-03-08T10:00:00Z", "night of the change: 03:00 PDT wall"},
		{"America/Los_Angeles", "2026-03-08", 2 * time.Hour, "2026-03-09T09:00:00Z", "23-hour day: 02:00 PDT"},
		{"America/Los_Angeles", "2026-10-31", 2 * time.Hour, "2026-11-01T09:00:00Z", "night of the change: 01:00 PST wall"},
		{"America/Los_Angeles", "2026-11-01", 2 * time.Hour, "2026-11-02T10:00:00Z", "25-hour day: 02:00 PST"},
		{"Europe/Berlin", "2026-03-28", 2 * time.Hour, "2026-03-29T01:00:00Z", "03:00 CEST wall"},
		{"Europe/Berlin", "2026-10-24", 2 * time.Hour, "2026-10-25T00:00:00Z", "first 02:00 CEST"},
		{"America/Santiago", "2026-09-05", 2 * time.Hour, "2026-09-06T06:00:00Z", "day starts at the gap, 03:00 wall"},
		{"America/Havana", "2026-10-31", 2 * time.Hour, "2026-11-01T06:00:00Z", "first midnight + 2h"},
	}
	for _, tt := range tests {
		got := CloseInstant(tt.date, zone(t, tt.zone), tt.grace)
		if !got.Equal(utc(t, tt.want)) {
			t.Errorf("CloseInstant(%s, %s, %v) = %s, want %s (%s)", tt.date, tt.zone, tt.grace, got.UTC().Format(time.RFC3339), tt.want, tt.why)
		}
	}
}

func TestLastClosedDate(t *testing.T) {
	tests := []struct {
		zone, now string
		grace     time.Duration
		want      string
	}{
		{"UTC", "2026-03-03T01:59:00Z", 2 * time.Hour, "2026-03-01"}, // a minute before close
		{"UTC", "2026-03-03T02:00:00Z", 2 * time.Hour, "2026-03-02"}, // at close
		{"UTC", "2026-03-03T02:01:00Z", 2 * time.Hour, "2026-03-02"}, // a minute after
		{"UTC", "2026-03-02T23:59:59Z", 0, "2026-03-01"},
		{"UTC", "2026-03-03T00:00:00Z", 0, "2026-03-02"},
		{"UTC", "2026-03-04T05:59:00Z", 30 * time.Hour, "2026-03-01"},
		{"UTC", "2026-03-04T06:00:00Z", 30 * time.Hour, "2026-03-02"},
		{"Asia/Tokyo", "2026-03-02T16:59:00Z", 2 * time.Hour, "2026-03-01"},
		{"Asia/Tokyo", "2026-03-02T17:00:00Z", 2 * time.Hour, "2026-03-02"},
		{"Asia/Kathmandu", "2026-03-02T20:15:00Z", 2 * time.Hour, "2026-03-02"},
		{"Pacific/Chatham", "2026-03-02T12:14:00Z", 2 * time.Hour, "2026-03-01"},
		{"America/Los_Angeles", "2026-03-08T09:59:00Z", 2 * time.Hour, "2026-03-06"},
		{"America/Los_Angeles", "2026-03-08T10:00:00Z", 2 * time.Hour, "2026-03-07"},
		{"America/Los_Angeles", "2026-03-09T08:59:00Z", 2 * time.Hour, "2026-03-07"},
		{"America/Los_Angeles", "2026-03-09T09:00:00Z", 2 * time.Hour, "2026-03-08"},
		{"America/Los_Angeles", "2026-11-02T09:59:00Z", 2 * time.Hour, "2026-10-31"},
		{"America/Los_Angeles", "2026-11-02T10:00:00Z", 2 * time.Hour, "2026-11-01"},
		{"America/Santiago", "2026-09-06T05:59:00Z", 2 * time.Hour, "2026-09-04"},
		{"America/Santiago", "2026-09-06T06:00:00Z", 2 * time.Hour, "2026-09-05"},
	}
	for _, tt := range tests {
		if got := LastClosedDate(utc(t, tt.now), zone(t, tt.zone), tt.grace); got != tt.want {
			t.Errorf("LastClosedDate(%s, %s, %v) = %s, want %s", tt.now, tt.zone, tt.grace, got, tt.want)
		}
	}
}

// TestLastClosedDateDefinition sweeps DST seasons and checks that the result
// is closed and the next date is not, for short and long graces.
func TestLastClosedDateDefinition(t *testing.T) {
	for _, name := range testZones {
		loc := zone(t, name)
		for _, grace := range []time.Duration{0, 2 * time.Hour, 30 * time.Hour, 50 * time.Hour} {
			for now := utc(t, "2026-01-01T00:00:00Z"); now.Year() < 2027; now = now.Add(97 * time.Minute) {
				d := LastClosedDate(now, loc, grace)
				if CloseInstant(d, loc, grace).After(now) || !CloseInstant(civil.AddDays(d, 1), loc, grace).After(now) {
					t.Fatalf("%s grace %v now %s: LastClosedDate = %s", name, grace, now, d)
				}
			}
		}
	}
}
