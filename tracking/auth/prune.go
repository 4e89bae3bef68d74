package auth

import (
	"context"
	"errors"
)

// Prune deletes the accounts' rows that have served their purpose: login
// failures older than the throttle window, sign-ins older than the 30 days
// they spare an email, expired personal tokens and sign-ins with the
// identity provider, and refresh tokens a day past expiry or revocation.
// Nothing a user can see depends on them.
func (s *Accounts) Prune(ctx context.Context) error {
	now := s.Now()
	db := s.db.Engine(ctx)
	return errors.Join(
		db.Where("at <= ?", now.Add(-loginWindow)).Delete(&LoginFailure{}).Error,
		db.Where("at <= ?", now.Add(-loginSpareFor)).Delete(&LoginSuccess{}).Error,
		db.Where("expires_at <= ?", now).Delete(&APIToken{}).Error,
		db.Where("expires_at <= ?", now).Delete(&SignInFlow{}).Error,
		db.Where("expires_at <= ? OR revoked_at <= ?", now.Add(-24*3600e9), now.Add(-24*3600e9)).Delete(&RefreshToken{}).Error,
	)
}
