package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// An import names an upload or carries a file, not both: a file sent with
// an upload_id was dropped without a word, and the upload imported in its
// place. Eight imports of one upload at once make its entries once.
func TestImportUploadAttacks(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Ada Lovelace")
		env.CreateUser(admin, "Bob Builder", "UTC")
		var up importUpload
		env.Must(http.StatusCreated, "POST", "/api/v1/import/uploads", admin.Token, bobsExport, "Content-Type", "text/csv").JSON(t, &up)

		other := togglHeader + "Bob Builder,bob.builder@example.com,Acme,Website,Design,other,No,2026-03-01,08:00:00,2026-03-01,09:00:00,01:00:00,,\n"
		wantProblem(t, env.Do("POST", "/api/v1/import/toggl?upload_id="+up.ID, admin.Token, other, "Content-Type", "text/csv"), http.StatusUnprocessableEntity, "upload_id")
		body, ct := multipartBody(t, "file", other)
		wantProblem(t, env.Do("POST", "/api/v1/import/toggl?upload_id="+up.ID, admin.Token, body, "Content-Type", ct), http.StatusUnprocessableEntity, "upload_id")

		rs := concurrently(env, 8, "POST", "/api/v1/import/toggl?upload_id="+up.ID, admin.Token, "", "Content-Type", "text/csv")
		counts := statusCounts(t, rs)
		if counts[http.StatusOK] < 1 || counts[http.StatusOK]+counts[http.StatusNotFound] != 8 {
			t.Errorf("eight imports of one upload: %v", counts)
		}
		var n int64
		if err := env.DB.W.Table("entries").Where("source = ?", "import").Count(&n).Error; err != nil || n != 2 {
			t.Errorf("imported entries: %d (%v), want 2", n, err)
		}
	})
}

// Two big imports at once, one with Ana's rows first and one with Bob's:
// each locks its people batch by batch, and on PostgreSQL they deadlocked
// (a 500) until imports took turns. Both are imported, whole.
func TestConcurrentImportsTakeTurns(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Ada Lovelace")
		env.CreateUser(admin, "Ana Alpha", "UTC")
		env.CreateUser(admin, "Bob Builder", "UTC")
		rows := func(name, tag string) string { // a batch and more of one person's minutes
			var b strings.Builder
			email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"
			for i := range 500 {
				d := 1 + i%27
				fmt.Fprintf(&b, "%s,%s,Acme,Website,Design,%s %d,No,2026-02-%02d,09:00:00,2026-02-%02d,09:01:00,00:01:00,,\n", name, email, tag, i, d, d)
			}
			return b.String()
		}
		for round := range 3 {
			tag := func(s string) string { return fmt.Sprint(s, round) }
			files := []string{togglHeader + rows("Ana Alpha", tag("a")) + rows("Bob Builder", tag("b")),
				togglHeader + rows("Bob Builder", tag("c")) + rows("Ana Alpha", tag("d"))}
			counts := statusCounts(t, concurrentBodies(env, "POST", "/api/v1/import/toggl", admin.Token, files, "Content-Type", "text/csv"))
			if counts[http.StatusOK] != 2 {
				t.Fatalf("round %d: two imports at once answered %v", round, counts)
			}
		}
		var n int64
		if err := env.DB.W.Table("entries").Where("source = ?", "import").Count(&n).Error; err != nil || n != 3*2000 {
			t.Errorf("imported entries: %d (%v), want %d", n, err, 3*2000)
		}
	})
}
