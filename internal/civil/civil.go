// Package civil is the one home of civil dates: a date is the text
// YYYY-MM-DD, as it is stored and as the API carries it, with no time of
// day and no zone. Parse, format, add days, the week's Monday, the weekday,
// the days between two dates, the date of an instant in a zone, and the
// zones themselves. When a date closes (the first instant of a day in a
// zone, and the grace after it) is a scoring rule and lives in game.
package civil

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Layout is the one date format of storage and the API.
const Layout = time.DateOnly

const secondsPerDay = 24 * 60 * 60

// Parse parses a strict YYYY-MM-DD date and returns midnight UTC of it. The
// shape is checked by hand because time.Parse tolerates things a stored
// key must not; a date that does not exist (February 30) is refused.
func Parse(s string) (time.Time, error) {
	if len(s) != len(Layout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	for i := 0; i < len(s); i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
		}
	}
	y, m, d := atoi(s[0:4]), atoi(s[5:7]), atoi(s[8:10])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date normalizes February 30 into March; a round trip exposes that.
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("invalid date %q: no such calendar day", s)
	}
	return t, nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Valid tells whether s is a date Parse accepts.
func Valid(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// Format is the date of t on its own clock (t's location).
func Format(t time.Time) string { return t.Format(Layout) }

// Of is the date of the instant t as seen in loc.
func Of(t time.Time, loc *time.Location) string { return Format(t.In(loc)) }

// AddDays moves date by n days. An invalid date gives "", so that a caller's
// bug shows as an obviously wrong key rather than a panic.
func AddDays(date string, n int) string {
	t, err := Parse(date)
	if err != nil {
		return ""
	}
	return Format(t.AddDate(0, 0, n))
}

// DaysBetween is to - from in days; 0 when either date is invalid.
func DaysBetween(from, to string) int {
	f, err1 := Parse(from)
	t, err2 := Parse(to)
	if err1 != nil || err2 != nil {
		return 0
	}
	// Both are UTC midnights, so the difference is a whole number of days.
	return int((t.Unix() - f.Unix()) / secondsPerDay)
}

// Weekday is the day of the week of date (Sunday for an invalid one).
func Weekday(date string) time.Weekday {
	t, err := Parse(date)
	if err != nil {
		return time.Sunday
	}
	return t.Weekday()
}

// WeekStart is the Monday of date's ISO week; "" for an invalid date.
func WeekStart(date string) string {
	return AddDays(date, -((int(Weekday(date)) + 6) % 7))
}

// ErrZone is a time zone name that is not an IANA zone timestamps can be
// read in.
var ErrZone = errors.New("not an IANA time zone")

var locations sync.Map // IANA name -> *time.Location; loading reads the zoneinfo file

// Location loads an IANA time zone, cached. "Local", "" and the zoneinfo
// files that are not zones (posixrules, localtime, Factory: whether they
// load depends on the host) are refused, so a person's zone never depends
// on the server's.
func Location(name string) (*time.Location, error) {
	if v, ok := locations.Load(name); ok {
		return v.(*time.Location), nil
	}
	if name == "" || name == "Local" || name == "Factory" || name[0] < 'A' || name[0] > 'Z' {
		return nil, fmt.Errorf("%w: %q", ErrZone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrZone, name)
	}
	locations.Store(name, loc)
	return loc, nil
}

// Zone is the zone name names, or UTC when name is not one Location
// accepts: a person's or team's zone is checked when it is saved, so this
// is for reading what was stored.
func Zone(name string) *time.Location {
	loc, err := Location(name)
	if err != nil {
		return time.UTC
	}
	return loc
}
