package tracking

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// SetWriteHook runs hook inside every batch of new entries (nil removes it).
func SetWriteHook(s *Service, hook func(ctx context.Context, tx *gorm.DB)) { s.writes.hook = hook }

// SetWriteTimeout shortens the deadline of a batch of new entries.
func SetWriteTimeout(s *Service, d time.Duration) { s.writes.timeout = d }
