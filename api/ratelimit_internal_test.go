package api

import (
	"fmt"
	"testing"
	"time"
)

// A crowd of new writers does not refill a busy writer's bucket: the
// limiter forgets the least recently used buckets, not all of them.
func TestWriteLimiterKeepsBusyBuckets(t *testing.T) {
	l := newWriteLimiter(1, 1)
	now := time.Now()
	if d := l.wait("busy", now); d != 0 {
		t.Fatalf("the first write waits %s", d)
	}
	for i := range limiterUsers + 10 {
		l.wait(fmt.Sprint("user-", i), now)
		if i%1000 == 0 {
			l.wait("busy", now) // still writing
		}
	}
	if d := l.wait("busy", now); d == 0 {
		t.Error("a crowd of other writers gave the busy writer a fresh bucket")
	}
	if l.users.Len() > limiterUsers {
		t.Errorf("%d buckets, more than %d", l.users.Len(), limiterUsers)
	}
}
