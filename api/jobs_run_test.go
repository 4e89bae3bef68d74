package api_test

import (
	"net/http"
	"testing"

	"github.com/timestreak/timestreak/database/dbtest"
)

// TestRunJobThatFails: a job run on demand whose outside service fails
// answers 200 with the job's status saying why (not a 500); the next good
// run clears it; an unknown job is a 404.
func TestRunJobThatFails(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		connectClickUp(t, env, admin, "901")
		var st struct {
			Name      string  `json:"name"`
			LastError *string `json:"last_error"`
		}
		fake.Fail(100, http.StatusBadGateway)
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil).JSON(t, &st)
		if st.Name != "clickup-sync" || st.LastError == nil || *st.LastError == "" {
			t.Errorf("a failed run answered %+v, want its last_error", st)
		}
		fake.Fail(0, 0)
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil).JSON(t, &st)
		if st.LastError != nil {
			t.Errorf("a good run left last_error %q", *st.LastError)
		}
		env.Must(http.StatusNotFound, "POST", "/api/v1/admin/jobs/no-such-job/run", admin.Token, nil)
	})
}
