package api_test

import (
	"net/http"
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
