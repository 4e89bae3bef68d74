package auth

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// Personal API tokens carry this prefix, so the API can tell them from JWTs.
const APITokenPrefix = "tsp_"

// Personal token scopes: read can only read; write can do what the user can
// (an admin's write token acts as a member); admin is needed for admin
// routes and only an admin can make one.
const (
	ScopeRead  = valid.ScopeRead
	ScopeWrite = valid.ScopeWrite
	ScopeAdmin = valid.ScopeAdmin
)

// Personal token lifetimes, in days.
const (
	APITokenDefaultDays = 90
	APITokenMaxDays     = valid.MaxTokenDays
)

// NewAPIToken is what making a personal token takes; zero values take the
// defaults (write scope, 90 days).
type NewAPIToken struct {
	Name          string
	Scope         string
	ExpiresInDays *int
}

// CreateAPIToken makes a personal token for u; the secret is returned only
// here.
func (s *Accounts) CreateAPIToken(ctx context.Context, u *User, in NewAPIToken) (*APIToken, string, error) {
	var errs valid.Fields
	name, err := valid.Name("name", in.Name, valid.MaxTokenNameChars)
	errs.From(err)
	scope := in.Scope
	if scope == "" {
		scope = ScopeWrite
	}
	errs.From(valid.TokenScope("scope", scope))
	days := APITokenDefaultDays
	if in.ExpiresInDays != nil {
		days = *in.ExpiresInDays
		if days < 1 || days > APITokenMaxDays {
			errs.Add("expires_in_days", "must be between 1 and %d", APITokenMaxDays)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, "", err
	}
	if scope == ScopeAdmin && !u.IsAdmin() {
		return nil, "", &store.ForbiddenError{Reason: "only an admin can make an admin token"}
	}
	now := s.Now()
	token := store.RandomToken(APITokenPrefix)
	t := &APIToken{ID: store.NewID(), UserID: u.ID, Name: name, TokenHash: store.HashToken(token), Scope: scope,
		CreatedAt: now, ExpiresAt: now.Add(time.Duration(days) * 24 * time.Hour)}
	if err := s.db.Engine(ctx).Create(t).Error; err != nil {
		return nil, "", err
	}
	return t, token, nil
}

// APITokens lists the user's personal tokens that still work, without
// secrets.
func (s *Accounts) APITokens(ctx context.Context, userID string) ([]APIToken, error) {
	ts := []APIToken{}
	err := s.db.Reader(ctx).Where("user_id = ? AND expires_at > ?", userID, s.Now()).
		Order("created_at, id").Find(&ts).Error
	return ts, err
}

// DeleteAPIToken revokes one of the user's personal tokens.
func (s *Accounts) DeleteAPIToken(ctx context.Context, userID, id string) error {
	res := s.db.Engine(ctx).Where("id = ? AND user_id = ?", id, userID).Delete(&APIToken{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// UserByAPIToken resolves a personal token to its active owner and the
// token. An unknown or expired token, or an inactive owner, is
// store.ErrUnauthorized; a database failure is returned as it is.
func (s *Accounts) UserByAPIToken(ctx context.Context, token string) (*User, *APIToken, error) {
	var t APIToken
	if err := s.db.Reader(ctx).Where("token_hash = ?", store.HashToken(token)).Take(&t).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, nil, store.ErrUnauthorized
		}
		return nil, nil, err
	}
	now := s.Now()
	if !now.Before(t.ExpiresAt) {
		return nil, nil, store.ErrUnauthorized
	}
	u, err := s.AuthUser(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !u.Active) {
		return nil, nil, store.ErrUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	// Record use to the minute, so a script's every request is not a write.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if err := s.db.Engine(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now).Error; err != nil {
			return nil, nil, err
		}
	}
	return u, &t, nil
}
