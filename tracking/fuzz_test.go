package tracking

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"
)

// FuzzSafeCell: a spreadsheet never sees a cell it would run as a formula,
// and the text otherwise survives a CSV round trip.
func FuzzSafeCell(f *testing.F) {
	for _, s := range []string{"=1+1", "+SUM(A1)", "-2", "@cmd", "\t=x", "plain, \"quoted\"\nnote", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cell := safeCell(s)
		if cell != "" && bytes.ContainsRune([]byte("=+-@\t\r"), rune(cell[0])) {
			t.Fatalf("safeCell(%q) = %q still starts a formula", s, cell)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{cell})
		w.Flush()
		rec, err := csv.NewReader(&buf).Read()
		if err != nil && cell != "" {
			t.Fatalf("CSV of %q does not parse: %v", cell, err)
		}
		if err == nil && rec[0] != cell && !bytes.ContainsRune([]byte(cell), '\r') {
			t.Fatalf("CSV round trip of %q gave %q", cell, rec[0])
		}
	})
}

// FuzzLocation: any name either fails cleanly or is a zone that converts
// an instant to a local date.
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
		if d := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC).In(loc).Format(dateLayout); len(d) != 10 {
			t.Fatalf("zone %q gives date %q", name, d)
		}
	})
}
