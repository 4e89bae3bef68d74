package api_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
)

// Answers of a kilobyte or more travel gzip-compressed to a client that
// accepts it, and plain to one that does not; small ones stay plain.
func TestCompression(t *testing.T) {
	parallel(t)
	env := apitest.New(t, "sqlite", apitest.Options{})
	admin := env.Register("Ada Admin")
	get := func(path string, gz bool) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest("GET", env.HTTP.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+admin.Token)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		// A transport of its own: Go's default one would ask for gzip and
		// unpack the answer out of sight.
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body io.Reader = res.Body
		if res.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = zr
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(b)
	}
	res, doc := get("/api/v1/openapi.json", true)
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") || !strings.Contains(doc, `"openapi"`) {
		t.Errorf("openapi.json with gzip: %v, %d bytes", res.Header, len(doc))
	}
	res, plain := get("/api/v1/openapi.json", false)
	if res.Header.Get("Content-Encoding") != "" || plain != doc {
		t.Errorf("openapi.json without gzip: encoding %q, same body %v", res.Header.Get("Content-Encoding"), plain == doc)
	}
	if res, _ := get("/api/v1/me", true); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("a small answer was compressed: %v", res.Header)
	}
}
