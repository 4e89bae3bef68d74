package tracking

import (
	"bytes"
	"encoding/csv"
	"testing"
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
