package api

import (
	"net/http"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/timestreak/timestreak/tracking/store"
)

// writeLimiter gives each user a token bucket for writes, so one script or
// one compromised token cannot flood the single writer. It is per replica:
// a user spread over N replicas gets N buckets, which bounds the load on
// each replica, the thing being protected. It keeps the buckets of the
// limiterUsers most recent writers (golang-lru): an idle writer's bucket
// goes, a busy one's stays, however many people there are.
type writeLimiter struct {
	every rate.Limit
	burst int
	mu    sync.Mutex // makes finding or making a bucket one step
	users *lru.Cache[string, *rate.Limiter]
}

const limiterUsers = 100000

func newWriteLimiter(perSecond float64, burst int) *writeLimiter {
	users, err := lru.New[string, *rate.Limiter](limiterUsers)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &writeLimiter{every: rate.Limit(perSecond), burst: burst, users: users}
}

// wait says how long the user must wait before this write; 0 means go.
func (l *writeLimiter) wait(userID string, now time.Time) time.Duration {
	l.mu.Lock()
	lim, ok := l.users.Get(userID)
	if !ok {
		lim = rate.NewLimiter(l.every, l.burst)
		l.users.Add(userID, lim)
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
			return &store.RateLimitError{RetryAfter: d}
		}
		return next(c)
	}
}
