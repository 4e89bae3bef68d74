package auth

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// Login throttle (PRODUCT.md §7). The state lives in the database, so every
// replica on one PostgreSQL counts the same failures.
const (
	loginWindow      = 15 * time.Minute
	loginMaxFailures = 10                  // per email and address
	loginMaxPerIP    = 50                  // per address, across emails
	loginSpareFor    = 30 * 24 * time.Hour // an email that signed in from an address is spared its per-address limit
)

// A password check first reserves its failure: the row is written, inside
// a transaction that counts the failures already there, before bcrypt runs.
// A burst of parallel attempts therefore takes turns at the count (SQLite's
// single writer; a transaction-scoped advisory lock per address on
// PostgreSQL), and no more than the limit ever reach bcrypt. A wrong
// password leaves the row as the failure it is; a right one deletes it
// (and the email's earlier failures from that address); a check that never
// ran (no hashing slot, a cancelled request) deletes it too.

func loginKey(email, ip string) string { return store.HashToken("login|" + email + "|" + ip) }
func ipKey(ip string) string           { return store.HashToken("ip|" + ip) }

// reserveLogin records a failure of email from ip, unless the limits are
// already reached (a RateLimitError). It answers the row to release or
// keep.
func (s *Accounts) reserveLogin(ctx context.Context, email, ip string) (int64, error) {
	key, ik := loginKey(email, ip), ipKey(ip)
	now := s.Now()
	since := now.Add(-loginWindow)
	row := LoginFailure{Key: key, IPKey: ik, At: now}
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.db.XactLock(tx, "login:"+ik); err != nil {
			return err
		}
		wait, err := nthFailure(tx, "key", key, since, loginMaxFailures)
		if err != nil || wait != nil {
			return s.limited(wait, err)
		}
		var spared int64
		if err := tx.Model(&LoginSuccess{}).Where("key = ? AND at > ?", key, now.Add(-loginSpareFor)).Count(&spared).Error; err != nil {
			return err
		}
		if spared == 0 {
			wait, err := nthFailure(tx, "ip_key", ik, since, loginMaxPerIP)
			if err != nil || wait != nil {
				return s.limited(wait, err)
			}
		}
		return tx.Create(&row).Error
	})
	return row.ID, err
}

// nthFailure answers the time of the n-th latest failure in the window
// matching column = value, or nil when there are fewer than n.
func nthFailure(tx *gorm.DB, column, value string, since time.Time, n int) (*time.Time, error) {
	var ats []time.Time
	err := tx.Model(&LoginFailure{}).Where(column+" = ? AND at > ?", value, since).
		Order("at DESC").Offset(n-1).Limit(1).Pluck("at", &ats).Error
	if err != nil || len(ats) == 0 {
		return nil, err
	}
	return &ats[0], nil
}

// limited turns the n-th latest failure into the wait until it leaves the
// window.
func (s *Accounts) limited(nth *time.Time, err error) error {
	if err != nil {
		return err
	}
	return &store.RateLimitError{RetryAfter: max(nth.Add(loginWindow).Sub(s.Now()), time.Second)}
}

// releaseLogin deletes a reservation whose check never ran. It runs even
// when the request's context is done: a cancelled sign-in is not a failure.
func (s *Accounts) releaseLogin(ctx context.Context, id int64) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return s.db.Engine(ctx).Where("id = ?", id).Delete(&LoginFailure{}).Error
}

// loginSucceeded drops the reservation and the email's failures from the
// address, and remembers that the email signed in from it.
func (s *Accounts) loginSucceeded(ctx context.Context, email, ip string) error {
	key := loginKey(email, ip)
	return s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("key = ?", key).Delete(&LoginFailure{}).Error; err != nil {
			return err
		}
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"at"})}).
			Create(&LoginSuccess{Key: key, At: s.Now()}).Error
	})
}

// checkThrottled checks pw against hash as one throttled attempt of email
// from ip: ok is false for a wrong password (the failure counts); err is a
// RateLimitError when the limits are reached (nothing was checked), store.ErrBusy
// when no hashing slot freed up in time, or a database error.
func (s *Accounts) checkThrottled(ctx context.Context, email, ip string, hash []byte, pw string) (ok bool, err error) {
	id, err := s.reserveLogin(ctx, email, ip)
	if err != nil {
		return false, err
	}
	ok, err = s.check(ctx, hash, pw)
	if err != nil {
		return false, errors.Join(err, s.releaseLogin(ctx, id))
	}
	return ok, nil
}

// CheckCurrentPassword checks a signed-in user's current password (before a
// password change) under the login limits: a wrong one counts as a failed
// login of the user's email from ip, and is a ValidationError on
// current_password.
func (s *Accounts) CheckCurrentPassword(ctx context.Context, u *User, pw, ip string) error {
	ok, err := s.checkThrottled(ctx, u.Email, ip, []byte(u.PasswordHash), pw)
	if err != nil {
		return err
	}
	if !ok {
		return valid.Invalid("current_password", "must be your current password")
	}
	return s.loginSucceeded(ctx, u.Email, ip)
}
