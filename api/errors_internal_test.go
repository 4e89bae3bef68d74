package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/store"
)

// TestBusyIsRetryLater: the write path's failures become answers a client
// can act on. A batch that timed out on a stalled database (ErrBusy, as
// game's TestWriterStalledBatchTimesOut makes it) is 503 with Retry-After
// and says nothing was saved; anything unknown, such as a batch that
// panicked, is a 500 without detail.
func TestBusyIsRetryLater(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	e := echo.New()
	for _, c := range []struct {
		err        error
		status     int
		retryAfter string
		detail     string
	}{
		{fmt.Errorf("batch: %w: context deadline exceeded", store.ErrBusy), http.StatusServiceUnavailable, "2", "nothing was saved"},
		{errors.New("write batch panicked: injected"), http.StatusInternalServerError, "", "Something went wrong on our side."},
	} {
		rec := httptest.NewRecorder()
		s.errorHandler(c.err, e.NewContext(httptest.NewRequest("POST", "/api/v1/entries", nil), rec))
		if rec.Code != c.status || rec.Header().Get("Retry-After") != c.retryAfter ||
			rec.Header().Get("Content-Type") != "application/problem+json" || !strings.Contains(rec.Body.String(), c.detail) {
			t.Errorf("%v: %d Retry-After %q %s %s, want %d Retry-After %q and %q", c.err, rec.Code, rec.Header().Get("Retry-After"),
				rec.Header().Get("Content-Type"), rec.Body, c.status, c.retryAfter, c.detail)
		}
	}
}
