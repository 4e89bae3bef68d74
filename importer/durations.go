package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// parseSeconds reads a whole number of seconds (Kimai 1).
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
