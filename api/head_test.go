package api_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
)

// TestHeadIsGetWithoutABody: HEAD answers what GET would, headers and
// status alike, with no body; a route that needs a token still needs it.
func TestHeadIsGetWithoutABody(t *testing.T) {
	parallel(t)
	env := apitest.New(t, database.SQLite, apitest.Options{})
	ana := env.Register("Ana")
	for _, c := range []struct {
		path, token string
		want        int
	}{
		{"/healthz", "", http.StatusOK},
		{"/api/v1/openapi.json", "", http.StatusOK},
		{"/api/v1/me", ana.Token, http.StatusOK},
		{"/api/v1/me", "", http.StatusUnauthorized},
		{"/api/v1/nowhere", ana.Token, http.StatusNotFound},
	} {
		req, err := http.NewRequest(http.MethodHead, env.HTTP.URL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.want || len(body) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes, want %d and none", c.path, res.StatusCode, len(body), c.want)
		}
		if c.want == http.StatusOK && res.Header.Get("Content-Type") == "" {
			t.Errorf("HEAD %s: no Content-Type, want GET's", c.path)
		}
	}
}
