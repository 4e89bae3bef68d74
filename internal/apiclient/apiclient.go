// Package apiclient builds requests to timestreak's API the way its
// clients send them: a JSON body, a bearer token, extra headers. The test
// helper (api/apitest) and the load harness (cmd/timestreak-bench) use it;
// it imports the standard library only.
package apiclient

import (
	"io"
	"net/http"
)

// NewRequest is a request to url carrying body as JSON (no body when nil),
// the bearer token when there is one, and headers given as name, value
// pairs.
func NewRequest(method, url, token string, body io.Reader, headers ...string) (*http.Request, error) {
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req, nil
}
