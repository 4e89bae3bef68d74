package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestInternalErrorsRevealNothing breaks the database under a running
// server: the answer is a plain 500 problem, with no SQL, driver message or
// stack trace in it.
func TestInternalErrorsRevealNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		env.AllowServerErrors() // the 500 is the point
		admin := env.Register("Admin")
		if err := env.DB.W.Exec("DROP TABLE projects CASCADE").Error; err != nil {
			if err := env.DB.W.Exec("DROP TABLE projects").Error; err != nil {
				t.Fatal(err)
			}
		}
		r := env.Do("GET", "/api/v1/projects", admin.Token, nil)
		if r.Status != http.StatusInternalServerError || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("status %d, content type %q", r.Status, r.Header.Get("Content-Type"))
		}
		body := strings.ToLower(string(r.Body))
		for _, leak := range []string{"select", "projects", "table", "sqlite", "pq:", "sqlstate", "goroutine", ".go:"} {
			if strings.Contains(body, leak) {
				t.Errorf("the 500 reveals %q: %s", leak, r.Body)
			}
		}
	})
}
