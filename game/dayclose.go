package game

import (
	"fmt"
	"time"
)

// dateLayout is the one civil-date format used in storage and the API.
const dateLayout = "2006-01-02"

const secondsPerDay = 24 * 60 * 60

// ParseDate parses a strict YYYY-MM-DD civil date and returns midnight UTC of it.
// The shape is checked by hand because time.Parse tolerates things a stored
// key must not (it is also the only place that guarantees a real calendar date).
func ParseDate(s string) (time.Time, error) {
	if len(s) != len(dateLayout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
		}
	}
	y := atoi(s[0:4])
	m := atoi(s[5:7])
	d := atoi(s[8:10])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date normalizes Feb 30 into March; a round trip exposes that.
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

// AddDays returns date shifted by n civil days. An invalid date yields "" so a
// caller bug surfaces as an obviously wrong key rather than a panic.
func AddDays(date string, n int) string {
	t, err := ParseDate(date)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, n).Format(dateLayout)
}

// DaysBetween returns to - from in civil days; 0 if either date is invalid.
func DaysBetween(from, to string) int {
	f, err1 := ParseDate(from)
	t, err2 := ParseDate(to)
	if err1 != nil || err2 != nil {
		return 0
	}
	// Both are UTC midnights, so the difference is an exact number of days.
	return int((t.Unix() - f.Unix()) / secondsPerDay)
}

// Weekday returns the day of the week of a civil date (Sunday for an invalid one).
func Weekday(date string) time.Weekday {
	t, err := ParseDate(date)
	if err != nil {
		return time.Sunday
	}
	return t.Weekday()
}

// LocalDate returns the civil date of instant t as seen in loc.
func LocalDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(dateLayout)
}

// DayStart returns the first instant whose local date in loc is date.
//
// time.Date is not enough: when a zone skips local midnight (Santiago,
// Havana, Beirut) it may return an instant on the previous day. So we walk the
// zone's constant-offset periods in chronological order around the date and,
// in the first period that reaches the date, take the later of the period
// start and the instant where the wall clock shows 00:00. Walking in order
// also gives the earliest instant when midnight occurs twice.
func DayStart(date string, loc *time.Location) time.Time {
	d, err := ParseDate(date)
	if err != nil {
		return time.Time{}
	}
	if loc == nil {
		loc = time.UTC
	}
	wallStart := d.Unix() // wall-clock seconds of 00:00 on date
	wallEnd := wallStart + secondsPerDay

	// Real offsets are within ±26h; two days either side is a safe window.
	cursor := wallStart - 2*secondsPerDay
	limit := wallEnd + 2*secondsPerDay
	for cursor < limit {
		lt := time.Unix(cursor, 0).In(loc)
		_, offset := lt.Zone()
		_, end := lt.ZoneBounds()
		off := int64(offset)
		endUnix := int64(1<<62 - 1) // the period lasts forever
		if !end.IsZero() {
			endUnix = end.Unix()
		}
		// Within one period the wall clock is cursor+off .. endUnix+off, increasing.
		if cursor+off >= wallEnd {
			// Already past the date; a later fall-back could return to it.
			cursor = endUnix
			continue
		}
		if cursor+off >= wallStart {
			return time.Unix(cursor, 0).In(loc)
		}
		if c := wallStart - off; c < endUnix {
			return time.Unix(c, 0).In(loc)
		}
		cursor = endUnix
	}
	// Unreachable with real tz data; keep the documented time.Date behaviour.
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// CloseInstant returns when date closes: grace of elapsed time after the first
// instant of the next day, so a DST night does not stretch or shrink the grace.
func CloseInstant(date string, loc *time.Location, grace time.Duration) time.Time {
	return DayStart(AddDays(date, 1), loc).Add(grace)
}

// LastClosedDate returns the latest date D with CloseInstant(D) <= now.
func LastClosedDate(now time.Time, loc *time.Location, grace time.Duration) string {
	if loc == nil {
		loc = time.UTC
	}
	// The day before the local date of now-grace has closed (its next day
	// started by now-grace); start there and correct in whole days, which
	// also copes with graces longer than a day and with odd zones.
	// The "" checks only stop the loops for instants outside years 0000-9999.
	d := AddDays(LocalDate(now.Add(-grace), loc), -1)
	for d != "" && CloseInstant(d, loc, grace).After(now) {
		d = AddDays(d, -1)
	}
	for d != "" {
		next := AddDays(d, 1)
		if next == "" || CloseInstant(next, loc, grace).After(now) {
			break
		}
		d = next
	}
	return d
}
