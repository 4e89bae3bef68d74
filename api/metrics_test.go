package api_test

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
)

// /metrics labels come from closed sets (PRODUCT.md §7 "Text"): 10,000
// requests with random methods, on routes and on paths no route serves,
// add no series; the output grows only by the digits of its counters.
func TestMetricsLabelsAreBounded(t *testing.T) {
	parallel(t)
	env := apitest.New(t, "sqlite", apitest.Options{})
	h := env.Server.Handler() // the real echo instance, without a socket per request
	rng := rand.New(rand.NewPCG(7, 11))
	word := func() string {
		b := make([]byte, 4+rng.IntN(12))
		for i := range b {
			b[i] = byte('A' + rng.IntN(26))
		}
		return string(b)
	}
	var methods []string
	send := func() {
		m := word()
		methods = append(methods, m)
		for _, path := range []string{"/api/v1/entries", "/api/v1/" + strings.ToLower(word()), "/" + strings.ToLower(word()), "/healthz"} {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(m, path, nil))
		}
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/v1/"+strings.ToLower(word()), nil))
	}
	scrape := func() (string, int) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		series := 0
		for _, line := range strings.Split(rec.Body.String(), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				series++
			}
		}
		return rec.Body.String(), series
	}

	for range 10 {
		send()
	}
	scrape() // the scrape's own series
	before, beforeSeries := scrape()
	for range 10_000 {
		send()
	}
	after, afterSeries := scrape()
	if afterSeries != beforeSeries {
		t.Errorf("series: %d after 10 random methods, %d after 10,010:\n%s", beforeSeries, afterSeries, after)
	}
	if len(after) > len(before)+4096 {
		t.Errorf("/metrics grew from %d to %d bytes", len(before), len(after))
	}
	if !strings.Contains(after, `method="other"`) || !strings.Contains(after, `route="unmatched"`) {
		t.Errorf("no other/unmatched labels:\n%s", after)
	}
	for _, m := range methods[:50] {
		if strings.Contains(after, m) {
			t.Fatalf("the random method %q is a label", m)
		}
	}
}
