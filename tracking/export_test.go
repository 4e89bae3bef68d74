package tracking

import (
	"context"
	"time"
)

// SetWriteHook runs hook inside every batch of new entries (nil removes it).
func SetWriteHook(s *Service, hook func(ctx context.Context)) { s.writes.hook = hook }

// SetWriteTimeout shortens the deadline of a batch of new entries.
func SetWriteTimeout(s *Service, d time.Duration) { s.writes.timeout = d }
