package importer

import (
	"errors"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		want  string
		err   bool
	}{
		{"2024-03-04", "", "2024-03-04", false},
		{"2024-03-04T10:00:00Z", "", "2024-03-04", false},
		{"2024/03/04", "", "2024-03-04", false},
		{"26.01.2015", "", "2015-01-26", false},
		{"26.01.2015.", "", "2015-01-26", false},
		{"03/04/2024 10:23:52 AM", DMY, "2024-04-03", false},
		{"03/04/2024 10:23:52 AM", MDY, "2024-03-04", false},
		{"21/01/2026 11:00", DMY, "2026-01-21", false},
		{"21/01/2026", MDY, "", true},
		{"03-04-24", DMY, "2024-04-03", false},
		{"2024-02-30", "", "", true},
		{"yesterday", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.order)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("parseDate(%q, %q) = %q, %v; want %q", tt.in, tt.order, got, err, tt.want)
		}
	}
	if _, err := parseDate("03/04/2024", ""); !errors.Is(err, errDateOrder) {
		t.Errorf("an ambiguous date without an order: %v", err)
	}
}

func TestDurations(t *testing.T) {
	tests := []struct {
		f    func(string) (int, error)
		in   string
		want int
		err  bool
	}{
		{parseClock, "1:30:00", 90, false},
		{parseClock, "01:30:00", 90, false},
		{parseClock, "00:00:29", 0, false},
		{parseClock, "00:00:30", 1, false},
		{parseClock, "1:30", 90, false},
		{parseClock, "-0:30:00", 0, true},
		{parseClock, "1:75:00", 0, true},
		{parseClock, "9999:00:00", 0, true},
		{parseHours, "7.5", 450, false},
		{parseHours, "7,5", 450, false},
		{parseHours, "0.25", 15, false},
		{parseHours, "7:30", 450, false},
		{parseHours, "-1", 0, true},
		{parseHours, "1,234.5", 0, true},
		{parseHours, "NaN", 0, true},
		{parseHours, "1e300", 0, true},
		{parseSeconds, "5400", 90, false},
		{parseSeconds, "-60", 0, true},
		{parseSeconds, "1.5", 0, true},
	}
	for _, tt := range tests {
		got, err := tt.f(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("%q = %d, %v; want %d (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}
