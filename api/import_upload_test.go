package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type importUpload struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Size      int       `json:"size"`
	ExpiresAt time.Time `json:"expires_at"`
}

// An export file is sent once: its dry run and its import both name the
// upload, which only its uploader can use, for an hour, and which the
// import uses up.
func TestImportUpload(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Ada Lovelace")
		bob := env.CreateUser(admin, "Bob Builder", "UTC")
		other := env.CreateUser(admin, "Olga Other", "UTC")
		env.Must(http.StatusOK, "PATCH", "/api/v1/users/"+other.ID, admin.Token, map[string]any{"role": "admin"})

		body, ct := multipartBody(t, "file", bobsExport)
		var up importUpload
		env.Must(http.StatusCreated, "POST", "/api/v1/import/uploads", admin.Token, body, "Content-Type", ct).JSON(t, &up)
		if up.ID == "" || up.Name != "export.csv" || up.Size != len(bobsExport) || up.ExpiresAt.Sub(env.Clock.Now()) != time.Hour {
			t.Fatalf("upload = %+v", up)
		}
		wantProblem(t, env.Do("POST", "/api/v1/import/uploads", admin.Token, "", "Content-Type", "text/csv"), http.StatusUnprocessableEntity, "file")
		wantProblem(t, env.Do("POST", "/api/v1/import/uploads", bob.Token, bobsExport, "Content-Type", "text/csv"), http.StatusForbidden)
		wantProblem(t, env.Do("POST", "/api/v1/import/toggl?upload_id="+up.ID, other.Token, nil), http.StatusNotFound)

		var dry, real importReport
		env.Must(http.StatusOK, "POST", "/api/v1/import/toggl?dry_run=true&upload_id="+up.ID, admin.Token, nil).JSON(t, &dry)
		if !dry.DryRun || dry.EntriesCreated != 2 || len(dry.Errors) != 1 {
			t.Fatalf("dry run: %+v", dry)
		}
		env.Must(http.StatusOK, "POST", "/api/v1/import/toggl?upload_id="+up.ID, admin.Token, nil).JSON(t, &real)
		if real.DryRun || real.EntriesCreated != 2 || len(real.Errors) != 1 {
			t.Fatalf("import: %+v", real)
		}
		wantProblem(t, env.Do("POST", "/api/v1/import/toggl?upload_id="+up.ID, admin.Token, nil), http.StatusNotFound)

		// An hour later an upload is gone, and the cleanup deletes it.
		var late importUpload
		env.Must(http.StatusCreated, "POST", "/api/v1/import/uploads?name=mine.csv", admin.Token, bobsExport, "Content-Type", "text/csv").JSON(t, &late)
		if late.Name != "mine.csv" {
			t.Errorf("name = %q", late.Name)
		}
		env.Clock.Advance(time.Hour)
		env.Relogin(admin)
		wantProblem(t, env.Do("POST", "/api/v1/import/toggl?dry_run=true&upload_id="+late.ID, admin.Token, nil), http.StatusNotFound)
		if err := env.Tracking.Cleanup(t.Context()); err != nil {
			t.Fatal(err)
		}
		var left int64
		if err := env.DB.W.Table("import_uploads").Count(&left).Error; err != nil || left != 0 {
			t.Errorf("uploads left after cleanup: %d (%v)", left, err)
		}
	})
}
