package auth

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// RefreshTTL is how long a session lasts unused.
const RefreshTTL = 30 * 24 * time.Hour

// newDummyHash makes the hash compared against when the email is unknown,
// so a failed login takes as long whether or not the account exists: it has
// the cost of the service's own hashes, whatever BcryptCost says.
func (s *Accounts) newDummyHash() []byte {
	h, err := s.hashPassword("timestreak-no-such-user")
	if err != nil {
		panic(err) // only for a cost out of bcrypt's range, a configuration error
	}
	return []byte(h)
}

// Login checks credentials. Unknown email and wrong password fail alike,
// and both count against the limits of throttle.go, which are checked
// before any password is.
func (s *Accounts) Login(ctx context.Context, email, password, ip string) (*User, error) {
	email = valid.NormalizeEmail(email)
	u, err := s.userByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	hash := s.dummyHash()
	if u != nil && u.PasswordHash != "" { // "": made by a sign-in with the identity provider, no password
		hash = []byte(u.PasswordHash)
	}
	ok, err := s.checkThrottled(ctx, email, ip, hash, password)
	if err != nil {
		return nil, err
	}
	if !ok || u == nil || !u.Active || u.PasswordHash == "" {
		return nil, store.ErrUnauthorized
	}
	if err := s.loginSucceeded(ctx, email, ip); err != nil {
		return nil, err
	}
	return u, nil
}

// userByEmail finds a user by normalized email; a string that cannot be an
// email (invalid UTF-8, a NUL, too long) is not looked up: it matches no one.
func (s *Accounts) userByEmail(ctx context.Context, email string) (*User, error) {
	if !utf8.ValidString(email) || strings.ContainsRune(email, 0) || len(email) > 320 {
		return nil, store.ErrNotFound
	}
	var u User
	if err := s.db.Reader(ctx).Where("email = ?", email).Take(&u).Error; err != nil {
		return nil, store.NotFound(err)
	}
	return &u, nil
}
