package tracking

import (
	"context"
	"errors"
)

// Cleanup deletes rows that have served their purpose: the accounts' (see
// auth.Accounts.Prune), import uploads past their hour, and idempotency
// keys older than their 24 hours. Nothing a user can see depends on them.
func (s *Service) Cleanup(ctx context.Context) error {
	db, now := s.db.Engine(ctx), s.Now()
	uploads := db.Where("expires_at <= ?", now).Delete(&ImportUpload{}).Error
	keys := db.Where("created_at <= ?", now.Add(-IdempotencyTTL)).Delete(&IdempotencyKey{}).Error
	return errors.Join(s.Prune(ctx), uploads, keys)
}
