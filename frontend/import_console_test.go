package frontend_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// clockifyDayFirst is Clockify's detailed export from an account that
// writes dates day first, with only dates that read both ways: the screen
// must ask how they are written.
const clockifyDayFirst = `"Project","Client","Description","Task","User","Group","Email","Tags","Billable","Start Date","Start Time","End Date","End Time","Duration (h)","Duration (decimal)","Billable Rate (EUR)","Billable Amount (EUR)"
"Website","Acme","Planning","Design","Bo Builder","","bo@example.com","","No","03/02/2026","09:00:00","03/02/2026","10:00:00","01:00:00","1.00","0.00","0.00"
"Website","Acme","Review","Design","Bo Builder","","bo@example.com","","Yes","04/02/2026","14:00:00","04/02/2026","14:30:00","00:30:00","0.50","0.00","0.00"
"Website","Acme","Ghost","Design","Gus Ghost","","gus@example.com","","No","04/02/2026","15:00:00","04/02/2026","16:00:00","01:00:00","1.00","0.00","0.00"
`

// TestImportConsole: the admin picks the tool and a CSV, is asked how its
// dates are written, reads the dry run's report (who is matched, what will
// be created, the row that cannot be imported), imports, and the report of
// what was done stays. The file is uploaded once.
func TestImportConsole(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	var bo struct {
		ID string `json:"id"`
	}
	admin.must("POST", "/users", map[string]any{"name": "Bo Builder", "email": "bo@example.com", "password": password}, 201, &bo)
	file := filepath.Join(t.TempDir(), "clockify-detailed.csv")
	if err := os.WriteFile(file, []byte(clockifyDayFirst), 0o600); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/admin/teams")
	tap(b, `.console-nav a[href="/admin/import"]`)
	b.waitFor("the import form", `document.querySelector('#import-form select[name=tool]')`)
	b.checkA11y("import")
	b.shoot("console-import-empty")
	b.shootDark("console-import-empty-dark")
	eval[chromedp.Void](b, `(() => {
		window.uploads = 0;
		const real = window.fetch;
		window.fetch = (url, init) => { if (String(url).endsWith('/import/uploads')) window.uploads++; return real(url, init); };
	})()`)

	b.setValue(`#import-form select[name=tool]`, "clockify")
	b.do(chromedp.SetUploadFiles(`#import-file`, []string{file}, chromedp.NodeReady))
	b.waitFor("the date order question", `!document.querySelector('#date-order').hidden`)
	b.waitText("#import-form .alert", "two ways")
	b.checkA11y("import, date order")
	b.shoot("console-import-date-order")
	tap(b, `#date-order input[value=dmy]`)
	b.waitText("#import-report", "What the import will do")
	b.waitText("#import-report", "Bo Builder")
	b.waitText("#import-report", "Website")
	b.waitText("#import-errors", "gus@example.com")
	if got := b.text("#import-go"); got != "Import 2 entries" {
		t.Errorf("import button %q", got)
	}
	b.checkA11y("import, dry run")
	b.shoot("console-import-dry-run")
	b.shootDark("console-import-dry-run-dark")
	if got := bo2026Feb(admin, bo.ID); len(got) != 0 {
		t.Fatalf("the dry run wrote %v", got)
	}

	tap(b, `#import-go`)
	b.waitText("#import-report h2", "Imported")
	b.waitText("#import-report", "Bo Builder")
	b.shoot("console-import-done")
	b.shootDark("console-import-done-dark")
	got := bo2026Feb(admin, bo.ID)
	if len(got) != 2 || got["2026-02-03"] != 60 || got["2026-02-04"] != 30 {
		t.Errorf("Bo's imported minutes by date = %v, want 60 on 3 Feb and 30 on 4 Feb (day first)", got)
	}
	if n := eval[int](b, `window.uploads`); n != 1 {
		t.Errorf("the file was uploaded %d times, want once", n)
	}
}

// bo2026Feb is a user's minutes by date in February 2026, as the admin reads them.
func bo2026Feb(admin *client, userID string) map[string]int {
	var page struct {
		Items []entry `json:"items"`
	}
	admin.must("GET", "/entries?user_id="+userID+"&from=2026-02-01&to=2026-02-28", nil, 200, &page)
	out := map[string]int{}
	for _, e := range page.Items {
		out[e.Date] += e.Minutes
	}
	return out
}
