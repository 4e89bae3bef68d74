package game

import (
	"time"

	"github.com/timestreak/timestreak/internal/civil"
)

const secondsPerDay = 24 * 60 * 60

// DayStart returns the first instant whose local date in loc is date.
//
// time.Date is not enough: when a zone skips local midnight (Santiago,
// Havana, Beirut) it may return an instant on the previous day. So we walk the
// zone's constant-offset periods in chronological order around the date and,
// in the first period that reaches the date, take the later of the period
// start and the instant where the wall clock shows 00:00. Walking in order
// also gives the earliest instant when midnight occurs twice.
func DayStart(date string, loc *time.Location) time.Time {
	d, err := civil.Parse(date)
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
	return DayStart(civil.AddDays(date, 1), loc).Add(grace)
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
	d := civil.AddDays(civil.Of(now.Add(-grace), loc), -1)
	for d != "" && CloseInstant(d, loc, grace).After(now) {
		d = civil.AddDays(d, -1)
	}
	for d != "" {
		next := civil.AddDays(d, 1)
		if next == "" || CloseInstant(next, loc, grace).After(now) {
			break
		}
		d = next
	}
	return d
}
