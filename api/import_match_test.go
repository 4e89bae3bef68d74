package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// PRODUCT.md §7 "Imports": people are matched by email; by name only when
// the admin asks (match=names), and only on a name exactly one active
// person has. Renaming yourself to a colleague's name gets you nothing of
// theirs.
func TestImportMatchingAndTheRenameAttack(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday}) // the export's dates are February 2026
		admin := env.Register("Ada Lovelace")
		carol := env.CreateUser(admin, "Carol Jones", "UTC")
		mallory := env.CreateUser(admin, "Mallory", "UTC")
		// Carol's history, exported without emails.
		byName := togglHeader + "Carol Jones,,Acme,Website,Design,work,No,2026-02-10,09:00:00,2026-02-10,11:00:00,02:00:00,,\n"
		run := func(query, export string) importReport {
			t.Helper()
			var rep importReport
			env.Must(http.StatusOK, "POST", "/api/v1/import/toggl"+query, admin.Token, export, "Content-Type", "text/csv").JSON(t, &rep)
			return rep
		}
		owners := func(rep importReport) []string {
			out := []string{}
			for _, u := range rep.Users {
				out = append(out, u.Email)
			}
			return out
		}

		// Mallory takes Carol's name.
		env.Must(http.StatusOK, "PATCH", "/api/v1/me", mallory.Token, map[string]any{"name": "Carol Jones"})

		// By default a row is matched by email only: no email, no match.
		rep := run("?dry_run=true", byName)
		if rep.EntriesCreated != 0 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Reason, "match") {
			t.Errorf("by email only: %+v", rep)
		}
		// Asked to match names: two active people are named Carol Jones,
		// so neither gets the row.
		rep = run("?match=names", byName)
		if rep.EntriesCreated != 0 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Reason, `2 active users are named "Carol Jones"`) {
			t.Errorf("names, two Carols: %+v", rep)
		}
		if p := listEntries(env, mallory, "from=2026-02-01&to=2026-03-02"); len(p.Items) != 0 {
			t.Errorf("Mallory received %d imported entries", len(p.Items))
		}

		// Once the name is Carol's alone, asking for names finds her.
		env.Must(http.StatusOK, "PATCH", "/api/v1/me", mallory.Token, map[string]any{"name": "Mallory"})
		rep = run("?match=names", byName)
		if got := owners(rep); rep.EntriesCreated != 1 || len(got) != 1 || got[0] != carol.Email {
			t.Errorf("names, one Carol: %+v", rep)
		}

		// A row with an email goes by the email, whatever name it shows.
		byEmail := togglHeader + "Carol Jones," + mallory.Email + ",Acme,Website,Design,mine,No,2026-02-11,09:00:00,2026-02-11,10:00:00,01:00:00,,\n"
		rep = run("?match=names", byEmail)
		if got := owners(rep); rep.EntriesCreated != 1 || len(got) != 1 || got[0] != mallory.Email {
			t.Errorf("by email: %+v", rep)
		}
		wantProblem(t, env.Do("POST", "/api/v1/import/toggl?match=everyone", admin.Token, byName, "Content-Type", "text/csv"), http.StatusUnprocessableEntity, "match")
	})
}
