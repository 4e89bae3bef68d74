package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxSeconds bounds a readable duration; anything longer is absurd for an
// entry and would only overflow.
const maxSeconds = 100 * 24 * 3600

var errNegative = errors.New("negative duration")

// minutesOf rounds seconds to the nearest minute.
func minutesOf(seconds int) (int, error) {
	if seconds < 0 {
		return 0, errNegative
	}
	if seconds > maxSeconds {
		return 0, fmt.Errorf("absurd duration of %d hours", seconds/3600)
	}
	return (seconds + 30) / 60, nil
}

// parseClock reads h:mm:ss or h:mm (1:30:00, 01:30, 90:00:00).
func parseClock(s string) (int, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	parts := strings.Split(strings.TrimPrefix(s, "-"), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("duration %q is not h:mm:ss", s)
	}
	secs := 0
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || (i > 0 && (v > 59 || len(p) != 2)) || len(p) > 7 {
			return 0, fmt.Errorf("duration %q is not h:mm:ss", s)
		}
		secs = secs*60 + v
	}
	if len(parts) == 2 {
		secs *= 60
	}
	if neg {
		return 0, errNegative
	}
	return minutesOf(secs)
}

// parseHours reads decimal hours with either decimal mark (7.5, 7,5), or
// h:mm when the export writes that instead.
func parseHours(s string) (int, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ":") {
		return parseClock(s)
	}
	v, err := decimal(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q is not a number of hours", s)
	}
	if v < 0 {
		return 0, errNegative
	}
	if v > maxSeconds/3600 {
		return 0, fmt.Errorf("absurd duration of %s hours", s)
	}
	return minutesOf(int(v*3600 + 0.5))
}

// parseSeconds reads a whole number of seconds (Kimai 2 up to 2.25).
func parseSeconds(s string) (int, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ":") {
		return parseClock(s)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q is not a number of seconds", s)
	}
	return minutesOf(v)
}

// decimal reads a number whose decimal mark is a point or a comma.
func decimal(s string) (float64, error) {
	if strings.Contains(s, ",") {
		if strings.Contains(s, ".") {
			return 0, errors.New("both decimal marks")
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v { // NaN
		return 0, errors.New("not a number")
	}
	return v, nil
}

// parseTimeOfDay reads a clock time as the tools write it, 24-hour (13:05,
// 13:05:09) or 12-hour with AM or PM (01:05:09 PM), as seconds after
// midnight.
func parseTimeOfDay(s string) (int, error) {
	s = strings.TrimSpace(s)
	clock, half := s, ""
	if n := len(s); n > 2 {
		switch strings.ToUpper(s[n-2:]) {
		case "AM", "PM":
			clock, half = strings.TrimSpace(s[:n-2]), strings.ToUpper(s[n-2:])
		}
	}
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("time %q is not h:mm or h:mm:ss", s)
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) > 2 || (i > 0 && (n > 59 || len(p) != 2)) {
			return 0, fmt.Errorf("time %q is not h:mm or h:mm:ss", s)
		}
		v[i] = n
	}
	switch {
	case half == "" && v[0] > 23, half != "" && (v[0] < 1 || v[0] > 12):
		return 0, fmt.Errorf("time %q has no such hour", s)
	case half == "AM" && v[0] == 12:
		v[0] = 0
	case half == "PM" && v[0] != 12:
		v[0] += 12
	}
	return v[0]*3600 + v[1]*60 + v[2], nil
}

// spanMinutes is the time from a start to an end, each a date read by
// parseDate (YYYY-MM-DD) and a time of day; an end with no date of its own
// that is earlier than the start is on the next day. It is wall-clock
// time: no export says its time zone, so an entry across a daylight-saving
// change is an hour off.
func spanMinutes(startDate, startTime, endDate, endTime string) (int, error) {
	from, err := parseTimeOfDay(startTime)
	if err != nil {
		return 0, err
	}
	to, err := parseTimeOfDay(endTime)
	if err != nil {
		return 0, err
	}
	days := 0
	switch {
	case endDate != "":
		a, errA := time.Parse(time.DateOnly, startDate)
		b, errB := time.Parse(time.DateOnly, endDate)
		if errA != nil || errB != nil {
			return 0, fmt.Errorf("dates %q and %q", startDate, endDate)
		}
		days = int(b.Sub(a).Hours() / 24)
	case to < from:
		days = 1
	}
	secs := days*86400 + to - from
	if secs < 0 {
		return 0, fmt.Errorf("ends (%s %s) before it starts (%s %s)", endDate, endTime, startDate, startTime)
	}
	return minutesOf(secs)
}
