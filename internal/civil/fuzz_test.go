package civil

import (
	"testing"
	"time"
)

// FuzzParse: any input either fails or round-trips to the same text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-03-08", "2028-02-29", "2026-02-30", "26-01-05", "", "2026-1-5", "9999-12-31", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if got := Format(d); got != s {
			t.Fatalf("Parse(%q) = %s", s, got)
		}
		// Civil arithmetic inverts wherever the result stays a 4-digit year.
		if s < "9999-01-01" && AddDays(AddDays(s, 40), -40) != s {
			t.Fatalf("AddDays does not invert on %q", s)
		}
		if w := WeekStart(s); s >= "0000-01-10" && (Weekday(w) != time.Monday || DaysBetween(w, s) < 0 || DaysBetween(w, s) > 6) {
			t.Fatalf("WeekStart(%q) = %q", s, w)
		}
	})
}

// FuzzLocation: any name either fails cleanly or is a zone that converts
// an instant to a date.
func FuzzLocation(f *testing.F) {
	for _, s := range []string{"UTC", "Europe/Berlin", "Local", "", "../../etc/passwd", "Mars/Base", "America/Argentina/Buenos_Aires"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		loc, err := Location(name)
		if err != nil {
			return
		}
		if name == "" || name == "Local" {
			t.Fatalf("accepted %q", name)
		}
		if d := Of(time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC), loc); !Valid(d) {
			t.Fatalf("zone %q gives date %q", name, d)
		}
	})
}
