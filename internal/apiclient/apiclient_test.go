package apiclient

import (
	"io"
	"strings"
	"testing"
)

func TestNewRequest(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		token                  string
		body                   io.Reader
		headers                []string
		wantType, wantAuth, ik string
	}{
		{name: "bare"},
		{name: "json with a token and a key", token: "tok", body: strings.NewReader(`{}`), headers: []string{"Idempotency-Key", "k1"},
			wantType: "application/json", wantAuth: "Bearer tok", ik: "k1"},
		{name: "an odd header list drops its last name", headers: []string{"Idempotency-Key", "k2", "X-Alone"}, ik: "k2"},
	} {
		req, err := NewRequest("POST", "http://example.test/api/v1/entries", tc.token, tc.body, tc.headers...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		h := req.Header
		if h.Get("Content-Type") != tc.wantType || h.Get("Authorization") != tc.wantAuth || h.Get("Idempotency-Key") != tc.ik || h.Get("X-Alone") != "" {
			t.Errorf("%s: headers %v", tc.name, h)
		}
	}
	if _, err := NewRequest("BAD METHOD", "http://example.test/", "", nil); err == nil {
		t.Error("a method with a space made a request")
	}
}
