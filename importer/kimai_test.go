package importer

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// TestKimaiHeaders reads the header line Kimai writes in each version and
// language read (testdata/kimai_headers.csv: layout, language, then the
// header, from Kimai's own translation files) and finds each column where
// that layout has it, and no column it does not read.
func TestKimaiHeaders(t *testing.T) {
	layouts := map[string]map[kimaiColumn]int{
		"kimai 1": {kDate: 0, kStart: 1, kEnd: 2, kClock: 3, kHours: 4, kBillable: 10, kCustomer: 11, kProject: 12,
			kActivity: 13, kDescription: 14, kComment: 15, kUser: 18},
		"kimai 2.25": {kDate: 0, kStart: 1, kEnd: 2, kDuration: 3, kName: 6, kUser: 7, kCustomer: 9, kProject: 10,
			kActivity: 11, kDescription: 12, kBillable: 14},
		"kimai 2.28": {kDate: 0, kStart: 1, kEnd: 2, kDuration: 3, kUser: 9, kCustomer: 11, kProject: 12, kActivity: 13,
			kDescription: 14, kBillable: 15},
		"kimai 2.35": {kDate: 0, kStart: 1, kEnd: 2, kDuration: 3, kName: 9, kUser: 10, kCustomer: 12, kProject: 13,
			kActivity: 14, kDescription: 15, kBillable: 17},
		"kimai 2.65": {kDate: 0, kStart: 1, kEnd: 2, kDuration: 3, kName: 9, kUser: 10, kEmail: 11, kCustomer: 13,
			kProject: 14, kActivity: 15, kDescription: 16, kBillable: 17},
	}
	f, err := os.Open(filepath.Join("testdata", "kimai_headers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range records {
		layout, lang, names := rec[0], rec[1], rec[2:]
		want, ok := layouts[layout]
		if !ok {
			t.Fatalf("unknown layout %q", layout)
		}
		if layout == "kimai 1" && lang == "pt_BR" {
			// Its h:m is Duração, Kimai 2's Duration: read as a
			// Duration, whose h:mm values make it clock time.
			want = map[kimaiColumn]int{kDuration: 3}
			for c, i := range layouts[layout] {
				if c != kClock {
					want[c] = i
				}
			}
		}
		at := kimaiHeader(newHeader(names))
		for c := range kimaiColumns {
			w, ok := want[c]
			if !ok {
				w = -1
			}
			if at[c] != w {
				t.Errorf("%s in %s: column kind %d at %d, want %d (%q)", layout, lang, c, at[c], w, names)
			}
		}
		if _, err := kimai(newHeader(names)); err != nil {
			t.Errorf("%s in %s: %v", layout, lang, err)
		}
	}
	if len(records) < 70 {
		t.Errorf("%d header lines", len(records))
	}
}

// TestKimaiNames: no word names two kinds of column.
func TestKimaiNames(t *testing.T) {
	seen := map[string]kimaiColumn{}
	for c, words := range kimaiNames {
		for _, w := range words {
			if prev, dup := seen[w]; dup {
				t.Errorf("%q names kinds %d and %d", w, prev, c)
			}
			seen[w] = kimaiColumn(c)
		}
	}
}
