package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/importer"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

var start = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// databases are the tests' services' databases, which the tests read back
// directly.
var databases sync.Map // *tracking.Service -> *database.DB

func dbOf(tr *tracking.Service) *database.DB {
	db, _ := databases.Load(tr)
	return db.(*database.DB)
}

func newService(t testing.TB, dialect string) *tracking.Service {
	t.Helper()
	db := dbtest.Open(t, dialect)
	tr := tracking.New(db, clockwork.NewFakeClockAt(start), tracking.Config{Accounts: auth.Config{BcryptCost: 4}})
	databases.Store(tr, db)
	ctx := context.Background()
	for _, u := range []auth.NewUser{
		{Email: "ada@example.com", Name: "Ada Lovelace", Password: "correct horse", Role: auth.RoleAdmin},
		{Email: "bob@example.com", Name: "Bob Builder", Password: "correct horse"},
	} {
		if _, err := tr.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return tr
}

func run(t *testing.T, tr *tracking.Service, tool, file string, opt importer.Options) *importer.Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := importer.Run(context.Background(), tr, tool, f, opt)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return rep
}

func entryCount(t *testing.T, tr *tracking.Service) int64 {
	t.Helper()
	var n int64
	if err := dbOf(tr).R.Table("entries").Where("source = ?", tracking.SourceImport).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEachFormatImports(t *testing.T) {
	files := []struct {
		tool, file string
		opt        importer.Options
		entries    int
	}{
		{"toggl", "toggl.csv", importer.Options{}, 2},
		{"toggl", "toggl_stop.csv", importer.Options{}, 2},
		{"toggl", "toggl_bom_semicolon.csv", importer.Options{DateOrder: importer.DMY}, 1},
		{"clockify", "clockify.csv", importer.Options{DateOrder: importer.MDY}, 2},
		{"clockify", "clockify_activity.csv", importer.Options{}, 1}, // 21/01/2026: day first
		{"clockify", "clockify_paid.csv", importer.Options{}, 1},
		{"kimai", "kimai_v1.csv", importer.Options{Year: 2019}, 3},
		{"kimai", "kimai_v2.csv", importer.Options{}, 3},
		{"harvest", "harvest.csv", importer.Options{}, 2},
		{"harvest", "harvest_locale.csv", importer.Options{DateOrder: importer.DMY}, 1},
	}
	dbtest.Each(t, func(t *testing.T, dialect string) {
		tr := newService(t, dialect)
		total := 0
		for _, f := range files {
			// Some exports name people without an email (Harvest, Kimai
			// 1's user names): this test reads formats, so it asks for
			// name matching; TestMatching tests matching.
			f.opt.MatchNames = true
			rep := run(t, tr, f.tool, f.file, f.opt)
			if rep.EntriesCreated != f.entries || len(rep.Errors) != 0 {
				t.Errorf("%s: created %d, errors %v; want %d", f.file, rep.EntriesCreated, rep.Errors, f.entries)
			}
			total += f.entries
		}
		if n := entryCount(t, tr); n != int64(total) {
			t.Errorf("imported entries %d, want %d", n, total)
		}
	})
}

func TestDryRunThenRealRunThenAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		tr := newService(t, dialect)
		dry := run(t, tr, "toggl", "toggl.csv", importer.Options{DryRun: true})
		if n := entryCount(t, tr); n != 0 {
			t.Fatalf("a dry run wrote %d entries", n)
		}
		projects, _ := tr.Projects(context.Background())
		if len(projects) != 0 {
			t.Fatalf("a dry run created projects %v", projects)
		}
		real := run(t, tr, "toggl", "toggl.csv", importer.Options{})
		dry.DryRun = false
		for i := range dry.Users { // ids match; only the flag differs
			dry.Users[i].ID = real.Users[i].ID
		}
		if d := cmp.Diff(dry, real); d != "" {
			t.Errorf("dry run vs real run (-dry +real):\n%s", d)
		}
		want := &importer.Report{ImportReport: tracking.ImportReport{
			Users: []tracking.ImportUser{
				{ID: real.Users[0].ID, Email: "ada@example.com", Name: "Ada Lovelace", Entries: 1, Minutes: 90},
				{ID: real.Users[1].ID, Email: "bob@example.com", Name: "Bob Builder", Entries: 1, Minutes: 15},
			},
			ProjectsCreated: []string{"Website", "Internal"},
			TasksCreated:    []string{"Website / Design", "Internal / General"},
			EntriesCreated:  2, Errors: []tracking.ImportError{},
		}}
		if d := cmp.Diff(want, real); d != "" {
			t.Errorf("report (-want +got):\n%s", d)
		}
		again := run(t, tr, "toggl", "toggl.csv", importer.Options{})
		if again.EntriesCreated != 0 || again.EntriesSkippedDuplicate != 2 || len(again.ProjectsCreated) != 0 || len(again.TasksCreated) != 0 {
			t.Errorf("second import: %+v", again)
		}
		if n := entryCount(t, tr); n != 2 {
			t.Errorf("entries after two imports: %d", n)
		}
	})
}

func TestRowErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		tr := newService(t, dialect)
		rep := run(t, tr, "toggl", "toggl_malformed.csv", importer.Options{})
		lines := map[int]string{}
		for _, e := range rep.Errors {
			lines[e.Line] = e.Reason
		}
		for line, sub := range map[int]string{3: "columns", 4: "does not exist", 5: "known form", 6: "negative",
			7: "1 to 1440", 8: "h:mm:ss", 10: "CSV"} {
			if !strings.Contains(lines[line], sub) {
				t.Errorf("line %d: %q, want %q", line, lines[line], sub)
			}
		}
		if rep.EntriesCreated != 3 || len(rep.Errors) != 7 {
			t.Errorf("created %d, errors %v", rep.EntriesCreated, rep.Errors)
		}
	})
}

func TestUsersDaysAndDates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		tr := newService(t, dialect)
		body := "User,Email,Project,Start date,Duration\n" +
			"Nobody,nobody@example.com,P,2026-02-02,1:00:00\n" + // unknown: an error, not a new user
			"bob builder,,P,2026-02-02,1:00:00\n" + // by name, any case
			",BOB@example.com,P,2026-02-02,20:00:00\n" + // by email: 1260 minutes that day
			"Bob Builder,,P,2026-02-02,4:00:00\n" + // 1500: over the day
			"Bob Builder,,P,2026-03-03,1:00:00\n" + // after today
			"Bob Builder,,P,2025-01-02,1:00:00\n" + // older than the lock window: history is welcome
			",,P,2026-02-02,1:00:00\n"
		rep, err := importer.Run(context.Background(), tr, "toggl", strings.NewReader(body), importer.Options{MatchNames: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range rep.Errors {
			got = append(got, e.Reason)
		}
		want := []string{
			`no user with email "nobody@example.com" and no active user named "Nobody": create the user first`,
			"would make 2026-02-02 total 1500 minutes for bob@example.com; a day holds at most 1440",
			"date 2026-03-03 is after the user's local today (2026-03-02)",
			"the row names no user",
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("errors (-want +got):\n%s", d)
		}
		if rep.EntriesCreated != 3 || len(rep.Users) != 1 || rep.Users[0].Minutes != 1320 {
			t.Errorf("report %+v", rep)
		}
		users, _ := tr.Users(context.Background())
		if len(users) != 2 {
			t.Errorf("users: %d, want the two that existed", len(users))
		}
	})
}

// TestMatching: people are matched by email; by name only when the import
// asks for it, and only on a name exactly one active person has
// (PRODUCT.md §7 "Imports").
func TestMatching(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		tr := newService(t, dialect) // Ada Lovelace and Bob Builder
		ctx := context.Background()
		for _, u := range []auth.NewUser{
			{Email: "cleo@example.com", Name: "Cleo Twin", Password: "correct horse"},
			{Email: "cleo2@example.com", Name: "Cleo Twin", Password: "correct horse"},
			{Email: "dora@example.com", Name: "Dora Gone", Password: "correct horse"},
			{Email: "dora2@example.com", Name: "Dora Gone", Password: "correct horse"},
		} {
			if _, err := tr.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		// One of the two Doras leaves: the name is now one active person's.
		var gone auth.User
		if err := dbOf(tr).R.Where("email = ?", "dora2@example.com").Take(&gone).Error; err != nil {
			t.Fatal(err)
		}
		if err := dbOf(tr).W.Model(&auth.User{}).Where("id = ?", gone.ID).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		body := "User,Email,Project,Start date,Duration\n" +
			"Someone,BOB@example.com,P,2026-02-02,1:00:00\n" + // line 2: by email, whatever the name
			"Ada Lovelace,,P,2026-02-02,1:00:00\n" + // line 3: a name only
			"Ada Lovelace,ada@elsewhere.example,P,2026-02-03,1:00:00\n" + // line 4: an unknown email, a known name
			"Cleo Twin,,P,2026-02-02,1:00:00\n" + // line 5: two active people have the name
			"Dora Gone,,P,2026-02-02,1:00:00\n" // line 6: one active Dora, one deactivated
		imp := func(names bool) (map[int]string, map[string]int) {
			t.Helper()
			rep, err := importer.Run(ctx, tr, "toggl", strings.NewReader(body), importer.Options{DryRun: true, MatchNames: names})
			if err != nil {
				t.Fatal(err)
			}
			errs := map[int]string{}
			for _, e := range rep.Errors {
				errs[e.Line] = e.Reason
			}
			got := map[string]int{}
			for _, u := range rep.Users {
				got[u.Email] = u.Entries
			}
			return errs, got
		}

		errs, got := imp(false)
		if d := cmp.Diff(map[string]int{"bob@example.com": 1}, got); d != "" {
			t.Errorf("by email only: users (-want +got):\n%s", d)
		}
		for line, sub := range map[int]string{3: "--match-names", 4: `no user with email "ada@elsewhere.example"`, 5: "--match-names", 6: "--match-names"} {
			if !strings.Contains(errs[line], sub) {
				t.Errorf("by email only, line %d: %q, want %q", line, errs[line], sub)
			}
		}

		errs, got = imp(true)
		if d := cmp.Diff(map[string]int{"bob@example.com": 1, "ada@example.com": 2, "dora@example.com": 1}, got); d != "" {
			t.Errorf("with names: users (-want +got):\n%s", d)
		}
		if d := cmp.Diff(map[int]string{5: `2 active users are named "Cleo Twin": give the row an email`}, errs); d != "" {
			t.Errorf("with names: errors (-want +got):\n%s", d)
		}
	})
}

// TestImportTextRules: names an import would create follow the text rules
// (no invisible or direction-changing characters), and a note with a NUL
// byte or invalid UTF-8 is a row error, not a failed import (PostgreSQL
// stores neither).
func TestImportTextRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		tr := newService(t, dialect)
		body := "User,Email,Project,Task,Description,Start date,Duration\n" +
			"Bob,bob@example.com,P\u202eevil,T,fine,2026-02-02,1:00:00\n" + // line 2: bidi override in a project
			"Bob,bob@example.com,P,T\u200b,fine,2026-02-02,1:00:00\n" + // line 3: zero-width space in a task
			"Bob,bob@example.com,P,T,nul \x00 here,2026-02-02,1:00:00\n" + // line 4
			"Bob,bob@example.com,P,T,bad \xff byte,2026-02-02,1:00:00\n" + // line 5
			"Bob,bob@example.com,P,T,caf\u00e9 \u202e is text in a note,2026-02-02,1:00:00\n" // line 6: fine
		rep, err := importer.Run(context.Background(), tr, "toggl", strings.NewReader(body), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		errs := map[int]string{}
		for _, e := range rep.Errors {
			errs[e.Line] = e.Reason
		}
		for line, sub := range map[int]string{2: "project name: must not contain invisible", 3: "task name: must not contain invisible",
			4: "note: must not contain NUL", 5: "note: must be valid UTF-8"} {
			if !strings.Contains(errs[line], sub) {
				t.Errorf("line %d: %q, want %q", line, errs[line], sub)
			}
		}
		if rep.EntriesCreated != 1 || len(rep.Errors) != 4 {
			t.Errorf("created %d, errors %v", rep.EntriesCreated, rep.Errors)
		}
	})
}
