package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// errDateOrder is a date that reads two ways with no date order known. The
// survey refuses such a file before its first row, so a row meets it only
// if the survey was skipped.
var errDateOrder = errors.New("ambiguous date order")

// dateForm is how a date is written.
type dateForm int

const (
	formUnknown dateForm = iota
	formYMD              // 2024-03-04, 2024/03/04, 2024-03-04T10:00:00Z
	formDotted           // 26.01.2015, 26.01.2015.: always day first
	formNoYear           // 26.01.: Kimai 1's default date format, %d.%m.
	formSlashed          // 03/04/2024, 03-04-24: day and month either way round
)

// dateParts reads the date part of s (a time after a space or a T is
// dropped) into its form and numbers: year, month, day for formYMD and
// formDotted (year 0 for formNoYear); first, second, year as written for
// formSlashed, whose order only the file or the admin can tell.
func dateParts(s string) (dateForm, [3]int) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	var none [3]int
	switch {
	case len(s) >= 8 && (s[4] == '-' || s[4] == '/'):
		if n, ok := numbers(s, s[4:5], 3); ok {
			return formYMD, n
		}
	case strings.Count(strings.TrimSuffix(s, "."), ".") == 2:
		if n, ok := numbers(strings.TrimSuffix(s, "."), ".", 3); ok {
			return formDotted, [3]int{n[2], n[1], n[0]}
		}
	case strings.Count(strings.TrimSuffix(s, "."), ".") == 1:
		if n, ok := numbers(strings.TrimSuffix(s, "."), ".", 2); ok {
			return formNoYear, [3]int{0, n[1], n[0]}
		}
	case strings.Count(s, "/") == 2 || strings.Count(s, "-") == 2:
		sep := "/"
		if strings.Contains(s, "-") {
			sep = "-"
		}
		if n, ok := numbers(s, sep, 3); ok {
			return formSlashed, n
		}
	}
	return formUnknown, none
}

// numbers splits s into want non-negative numbers of at most four digits.
func numbers(s, sep string, want int) ([3]int, bool) {
	var n [3]int
	parts := strings.Split(s, sep)
	if len(parts) != want {
		return n, false
	}
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) > 4 {
			return n, false
		}
		n[i] = v
	}
	return n, true
}

// parseDate reads the date part of the forms these tools write: ISO,
// dotted day first, dotted without a year (given as o.Year), and slashed
// or dashed (03/04/2024 10:23:52 AM, 21/01/2026 11:00) in o.DateOrder.
func parseDate(s string, o Options) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", errors.New("no date")
	}
	form, n := dateParts(s)
	y, m, d := n[0], n[1], n[2]
	switch form {
	case formUnknown:
		return "", fmt.Errorf("date %q is not in a known form", strings.TrimSpace(s))
	case formNoYear:
		if o.Year == 0 {
			return "", fmt.Errorf("date %q has no year", strings.TrimSpace(s))
		}
		y = o.Year
	case formSlashed:
		switch o.DateOrder {
		case DMY:
			y, m, d = n[2], n[1], n[0]
		case MDY:
			y, m, d = n[2], n[0], n[1]
		default:
			return "", errDateOrder
		}
	}
	return civilDate(y, m, d, s)
}

// civilDate checks that y-m-d exists (a two-digit year is this century's).
func civilDate(y, m, d int, s string) (string, error) {
	if y < 100 {
		y += 2000
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d || y < 1970 || y > 9999 {
		return "", fmt.Errorf("date %q does not exist", strings.TrimSpace(s))
	}
	return t.Format("2006-01-02"), nil
}

// orderOf tells what a slashed date says about the day and month order:
// DMY when only day first makes a date (21/01/2026), MDY when only month
// first does (01/21/2026), "" when both do and differ (03/04/2026: it
// could be either way). ok is false when the date settles nothing: not
// slashed, the same either way (05/05/2026), or no date at all.
func orderOf(s string) (order DateOrder, ok bool) {
	form, n := dateParts(s)
	if form != formSlashed {
		return "", false
	}
	_, errDMY := civilDate(n[2], n[1], n[0], s)
	_, errMDY := civilDate(n[2], n[0], n[1], s)
	switch {
	case errDMY == nil && errMDY == nil:
		return "", n[0] != n[1]
	case errDMY == nil:
		return DMY, true
	case errMDY == nil:
		return MDY, true
	}
	return "", false
}
