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
		{"26.01.", "", "", true}, // no year, and none given: TestNoYear
		{"26.01", "", "", true},
		{"2024-02-30", "", "", true},
		{"yesterday", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, Options{DateOrder: tt.order})
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("parseDate(%q, %q) = %q, %v; want %q", tt.in, tt.order, got, err, tt.want)
		}
	}
	if _, err := parseDate("03/04/2024", Options{}); !errors.Is(err, errDateOrder) {
		t.Errorf("an ambiguous date without an order: %v", err)
	}
}

func TestNoYear(t *testing.T) {
	for in, want := range map[string]string{"26.01.": "2019-01-26", "26.01": "2019-01-26", "29.02.": ""} {
		got, err := parseDate(in, Options{Year: 2019})
		if got != want || (err != nil) != (want == "") {
			t.Errorf("parseDate(%q, year 2019) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestOrderOf(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		ok    bool
	}{
		{"21/01/2026", DMY, true},
		{"21/01/2026 11:00", DMY, true},
		{"01/21/2026", MDY, true},
		{"02/13/2026 11:30:00 PM", MDY, true},
		{"03/04/2026", "", true},  // either way
		{"05/05/2026", "", false}, // the same either way
		{"31/02/2026", "", false}, // no such date either way
		{"13/13/2026", "", false},
		{"2026-01-21", "", false},
		{"21.01.2026", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if order, ok := orderOf(tt.in); order != tt.order || ok != tt.ok {
			t.Errorf("orderOf(%q) = %q, %v; want %q, %v", tt.in, order, ok, tt.order, tt.ok)
		}
	}
}

func TestTimesAndSpans(t *testing.T) {
	times := map[string]int{"09:00": 9 * 3600, "9:05:07": 9*3600 + 5*60 + 7, "12:00:00 AM": 0, "12:30 PM": 12*3600 + 1800,
		"01:00:00 PM": 13 * 3600, "11:59:59 pm": 86399, "23:59": 86340}
	for in, want := range times {
		if got, err := parseTimeOfDay(in); got != want || err != nil {
			t.Errorf("parseTimeOfDay(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"24:00", "13:00 PM", "0:30 AM", "9", "9:5", "09:60", "noon", ""} {
		if _, err := parseTimeOfDay(in); err == nil {
			t.Errorf("parseTimeOfDay(%q) read", in)
		}
	}
	spans := []struct {
		startDate, start, endDate, end string
		want                           int
		err                            bool
	}{
		{"2026-02-03", "10:23:52 AM", "2026-02-03", "12:23:52 PM", 120, false},
		{"2026-02-13", "11:30:00 PM", "2026-02-14", "12:15:30 AM", 46, false},
		{"2026-02-13", "22:30", "", "00:10", 100, false}, // no end date: past midnight
		{"2026-02-13", "10:00", "2026-02-12", "11:00", 0, true},
		{"2026-02-13", "10:00", "2026-02-13", "ten", 0, true},
	}
	for _, s := range spans {
		got, err := spanMinutes(s.startDate, s.start, s.endDate, s.end)
		if got != s.want || (err != nil) != s.err {
			t.Errorf("spanMinutes(%v) = %d, %v; want %d", s, got, err, s.want)
		}
	}
}

func TestReadBillable(t *testing.T) {
	tests := []struct {
		in              string
		billable, known bool
	}{
		{"Yes", true, true}, {"No", false, true}, {"", false, true}, {"1", true, true}, {"0", false, true},
		{"Ja", true, true}, {"Nein", false, true}, {"Nee", false, true}, {"Oui", true, true}, {"Non", false, true},
		{"Sí", true, true}, {"SÍ", true, true}, {"Sim", true, true}, {"Não", false, true}, {"Tak", true, true},
		{"Nie", false, true}, {"はい", true, true}, {"いいえ", false, true}, {"Да", true, true}, {"Нет", false, true},
		{"100%", true, true}, {"50%", true, true}, {"0%", false, true},
		{"Ydw", false, false}, {"maybe", false, false}, {"-5%", false, false},
	}
	for _, tt := range tests {
		if b, k := readBillable(tt.in); b != tt.billable || k != tt.known {
			t.Errorf("readBillable(%q) = %v, %v; want %v, %v", tt.in, b, k, tt.billable, tt.known)
		}
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
