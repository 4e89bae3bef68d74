package api

import (
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/timestreak/timestreak/tracking"
)

// writeLimiter gives each user a token bucket for writes, so one script or
// one compromised token cannot flood the single writer. It is per replica:
// a user spread over N replicas gets N buckets, which bounds the load on
// each replica, the thing being protected.
type writeLimiter struct {
	every rate.Limit
	burst int
	mu    sync.Mutex
	users map[string]*rate.Limiter
}

func newWriteLimiter(perSecond float64, burst int) *writeLimiter {
	return &writeLimiter{every: rate.Limit(perSecond), burst: burst, users: map[string]*rate.Limiter{}}
}

// wait says how long the user must wait before this write; 0 means go.
func (l *writeLimiter) wait(userID string, now time.Time) time.Duration {
	l.mu.Lock()
	lim, ok := l.users[userID]
	if !ok {
		if len(l.users) > 100000 { // forget idle buckets rather than grow forever
			l.users = map[string]*rate.Limiter{}
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.users[userID] = lim
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	return 0
}

// limitWrites answers 429 with Retry-After when a user writes faster than
// the configured rate. Reads are not limited.
func (s *Server) limitWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.writes == nil {
			return next(c)
		}
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		// Real time: a test clock must not refill or drain buckets.
		if d := s.writes.wait(currentUser(c).ID, time.Now()); d > 0 {
			return &tracking.RateLimitError{RetryAfter: d}
		}
		return next(c)
	}
}
