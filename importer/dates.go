package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// errDateOrder is a date that reads two ways with no date order given; it
// stops the whole file, since every row like it would fail the same way.
var errDateOrder = errors.New("ambiguous date order")

// parseDate reads the date part of the forms these tools write: ISO
// (2024-03-04, 2024-03-04T10:00:00Z), dotted day first (26.01.2015) and
// slashed or dashed (03/04/2024 10:23:52 AM, 21/01/2026 11:00), whose day
// and month order must be given.
func parseDate(s string, order DateOrder) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("no date")
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	var y, m, d int
	var ok bool
	switch {
	case len(s) >= 8 && (s[4] == '-' || s[4] == '/'):
		y, m, d, ok = three(s, s[4:5], 0, 1, 2)
	case strings.Count(strings.TrimSuffix(s, "."), ".") == 2:
		y, m, d, ok = three(strings.TrimSuffix(s, "."), ".", 2, 1, 0)
	case strings.Count(s, "/") == 2 || strings.Count(s, "-") == 2:
		sep := "/"
		if strings.Contains(s, "-") {
			sep = "-"
		}
		switch order {
		case DMY:
			y, m, d, ok = three(s, sep, 2, 1, 0)
		case MDY:
			y, m, d, ok = three(s, sep, 2, 0, 1)
		default:
			return "", errDateOrder
		}
	}
	if !ok {
		return "", fmt.Errorf("date %q is not in a known form", s)
	}
	if y < 100 {
		y += 2000
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d || y < 1970 || y > 9999 {
		return "", fmt.Errorf("date %q does not exist", s)
	}
	return t.Format("2006-01-02"), nil
}

// three splits s into three numbers and picks year, month and day by position.
func three(s, sep string, yi, mi, di int) (y, m, d int, ok bool) {
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) > 4 {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	return n[yi], n[mi], n[di], true
}
