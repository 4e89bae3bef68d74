package civil

import (
	"errors"
	"testing"
	"time"
)

// at is a test case's instant and the zone it is read in.
func at(t *testing.T, instant, zone string) (time.Time, *time.Location) {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, instant)
	if err != nil {
		t.Fatalf("bad test instant %q: %v", instant, err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", zone, err)
	}
	return ts, loc
}

func TestParse(t *testing.T) {
	valid := map[string]time.Time{
		"2026-01-05": time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		"2028-02-29": time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC),
		"2000-02-29": time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC),
		"2026-12-31": time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	for s, want := range valid {
		got, err := Parse(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	invalid := []string{"2026-02-30", "2026-1-5", "26-01-05", "", "2027-02-29", "1900-02-29", "2026-13-01",
		"2026-00-10", "2026-01-00", "2026-04-31", "2026/01/05", " 2026-01-05", "2026-01-05 ", "2026-01-0a",
		"+026-01-05", "2026-01-05T00:00:00Z", "20260105"}
	for _, s := range invalid {
		if got, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", s, got)
		}
	}
}

func TestArithmetic(t *testing.T) {
	tests := []struct {
		from    string
		n       int
		to      string
		weekday time.Weekday // of to
	}{
		{"2026-03-02", 0, "2026-03-02", time.Monday},
		{"2026-03-02", 6, "2026-03-08", time.Sunday},
		{"2026-03-08", 1, "2026-03-09", time.Monday}, // across the US DST change
		{"2026-01-31", 1, "2026-02-01", time.Sunday},
		{"2026-12-31", 1, "2027-01-01", time.Friday},
		{"2028-02-28", 1, "2028-02-29", time.Tuesday},
		{"2028-02-28", 2, "2028-03-01", time.Wednesday},
		{"2026-03-01", -1, "2026-02-28", time.Saturday},
		{"2026-01-01", 365, "2027-01-01", time.Friday},
		{"2028-01-01", 366, "2029-01-01", time.Monday},
		{"2026-03-02", -400, "2025-01-26", time.Sunday},
	}
	for _, tt := range tests {
		if got := AddDays(tt.from, tt.n); got != tt.to {
			t.Errorf("AddDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.to)
		}
		if got := DaysBetween(tt.from, tt.to); got != tt.n {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.n)
		}
		if got := DaysBetween(tt.to, tt.from); got != -tt.n {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.to, tt.from, got, -tt.n)
		}
		if got := Weekday(tt.to); got != tt.weekday {
			t.Errorf("Weekday(%s) = %v, want %v", tt.to, got, tt.weekday)
		}
	}
}

func TestOf(t *testing.T) {
	tests := []struct{ instant, zone, want string }{
		{"2026-03-02T23:30:00Z", "UTC", "2026-03-02"},
		{"2026-03-02T14:59:59Z", "Asia/Tokyo", "2026-03-02"},
		{"2026-03-02T15:00:00Z", "Asia/Tokyo", "2026-03-03"},
		{"2026-03-03T07:59:59Z", "America/Los_Angeles", "2026-03-02"},
		{"2026-03-03T08:00:00Z", "America/Los_Angeles", "2026-03-03"},
		{"2026-03-02T18:14:59Z", "Asia/Kathmandu", "2026-03-02"},
		{"2026-03-02T18:15:00Z", "Asia/Kathmandu", "2026-03-03"},
		{"2026-03-02T10:14:59Z", "Pacific/Chatham", "2026-03-02"}, // +13:45
		{"2026-03-02T10:15:00Z", "Pacific/Chatham", "2026-03-03"},
		{"2026-07-01T11:15:00Z", "Pacific/Chatham", "2026-07-02"}, // +12:45
	}
	for _, tt := range tests {
		if got := Of(at(t, tt.instant, tt.zone)); got != tt.want {
			t.Errorf("Of(%s, %s) = %s, want %s", tt.instant, tt.zone, got, tt.want)
		}
	}
}

// TestInvalidDates: the arithmetic on a date that is not one says so
// plainly ("", 0, Sunday) rather than inventing a date.
func TestInvalidDates(t *testing.T) {
	for _, s := range []string{"", "2026-02-30", "2027-02-29", "2026-13-01", "not a date", "20260301"} {
		if Valid(s) {
			t.Errorf("Valid(%q)", s)
		}
		if got := AddDays(s, 1); got != "" {
			t.Errorf("AddDays(%q, 1) = %q, want \"\"", s, got)
		}
		if got := WeekStart(s); got != "" {
			t.Errorf("WeekStart(%q) = %q, want \"\"", s, got)
		}
		if got := DaysBetween(s, "2026-03-02"); got != 0 {
			t.Errorf("DaysBetween(%q, …) = %d, want 0", s, got)
		}
		if got := Weekday(s); got != time.Sunday {
			t.Errorf("Weekday(%q) = %v, want Sunday", s, got)
		}
	}
}

// TestWeekStart: the Monday of the ISO week, across months, years, leap
// days and the nights clocks change (which a civil date does not see).
func TestWeekStart(t *testing.T) {
	tests := []struct{ date, monday string }{
		{"2026-03-02", "2026-03-02"}, // a Monday
		{"2026-03-08", "2026-03-02"}, // a Sunday: the week's last day
		{"2026-03-29", "2026-03-23"}, // Europe springs forward
		{"2026-11-01", "2026-10-26"}, // the US falls back
		{"2027-01-01", "2026-12-28"}, // a Friday: the week began last year
		{"2028-03-01", "2028-02-28"}, // past a leap day
		{"2028-02-29", "2028-02-28"},
		{"2024-12-31", "2024-12-30"},
	}
	for _, tt := range tests {
		if got := WeekStart(tt.date); got != tt.monday {
			t.Errorf("WeekStart(%s) = %s, want %s", tt.date, got, tt.monday)
		}
		if Weekday(tt.monday) != time.Monday {
			t.Errorf("%s is not a Monday", tt.monday)
		}
	}
}

// TestOfAcrossDST: the date of an instant on the nights clocks change, in
// zones that skip or repeat midnight.
func TestOfAcrossDST(t *testing.T) {
	tests := []struct{ instant, zone, want string }{
		{"2026-03-29T00:59:59Z", "Europe/Berlin", "2026-03-29"}, // 01:59:59 CET, then 03:00 CEST
		{"2026-03-29T01:00:00Z", "Europe/Berlin", "2026-03-29"},
		{"2026-10-24T22:00:00Z", "Europe/Berlin", "2026-10-25"}, // 00:00 CEST
		{"2026-03-08T07:59:59Z", "America/Los_Angeles", "2026-03-07"},
		{"2026-09-06T03:59:59Z", "America/Santiago", "2026-09-05"}, // midnight is skipped
		{"2026-09-06T04:00:00Z", "America/Santiago", "2026-09-06"}, // 01:00 -03
	}
	for _, tt := range tests {
		if got := Of(at(t, tt.instant, tt.zone)); got != tt.want {
			t.Errorf("Of(%s, %s) = %s, want %s", tt.instant, tt.zone, got, tt.want)
		}
	}
}

// TestLocation: IANA zones load (and the same one is reused); names whose
// meaning depends on the host are refused.
func TestLocation(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Pacific/Chatham"} {
		loc, err := Location(name)
		if err != nil || loc.String() != name {
			t.Errorf("Location(%q) = %v, %v", name, loc, err)
		}
		if again, _ := Location(name); again != loc {
			t.Errorf("Location(%q) loaded twice", name)
		}
	}
	for _, name := range []string{"", "Local", "Factory", "localtime", "posixrules", "../../etc/passwd", "Mars/Base", "europe/berlin"} {
		if loc, err := Location(name); !errors.Is(err, ErrZone) {
			t.Errorf("Location(%q) = %v, %v; want ErrZone", name, loc, err)
		}
	}
}
