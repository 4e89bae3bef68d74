package auth

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// PasswordResetTTL is how long a reset link works: a day, so it can wait
// for the person to be awake in their time zone, but not lie around.
const PasswordResetTTL = 24 * time.Hour

// errResetUnusable answers every code that cannot be used, without saying
// which of unknown, used or expired it is.
var errResetUnusable = &store.ForbiddenError{Reason: "the reset link is invalid, used or expired; ask an admin for a new one"}

// CreatePasswordReset issues a single-use code that sets a new password for
// userID. Only the newest code of a person works: issuing one revokes the
// ones before it, so a link sent to the wrong place can be replaced.
func (s *Accounts) CreatePasswordReset(ctx context.Context, adminID, userID string) (string, *PasswordReset, error) {
	now := s.Now()
	code := store.RandomToken("pwr_")
	pr := &PasswordReset{ID: store.NewID(), UserID: userID, CodeHash: store.HashToken(code), CreatedBy: adminID,
		ExpiresAt: now.Add(PasswordResetTTL), CreatedAt: now}
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := s.lockedUser(tx, userID)
		if err != nil {
			return err
		}
		if !u.Active {
			return &store.ConflictError{Reason: u.Name + " is deactivated; reactivate them before sending a reset link"}
		}
		if err := expireResets(tx, userID, now); err != nil {
			return err
		}
		return tx.Create(pr).Error
	})
	if err != nil {
		return "", nil, err
	}
	return code, pr, nil
}

// expireResets ends the person's unused reset links.
func expireResets(tx *gorm.DB, userID string, now time.Time) error {
	return tx.Model(&PasswordReset{}).Where("user_id = ? AND used_at IS NULL AND expires_at > ?", userID, now).
		Update("expires_at", now).Error
}

// ResetPassword sets a new password with a usable code, uses the code up,
// and ends every session and personal token the person had: whoever knew
// the old password is out.
func (s *Accounts) ResetPassword(ctx context.Context, code, password string) (*User, error) {
	if err := valid.Password("password", password); err != nil {
		return nil, err
	}
	if _, _, err := s.usableReset(s.db.Reader(ctx), code); err != nil {
		return nil, err // refused before the expensive hash
	}
	hash, err := s.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	var out *User
	err = s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		pr, u, err := s.usableReset(tx, code)
		if err != nil {
			return err
		}
		now := s.Now()
		res := tx.Model(&PasswordReset{}).Where("id = ? AND used_at IS NULL", pr.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errResetUnusable // used by a concurrent request
		}
		if err := tx.Model(&User{}).Where("id = ?", u.ID).
			Updates(map[string]any{"password_hash": hash, "updated_at": now}).Error; err != nil {
			return err
		}
		out = u
		return s.endSessions(tx, u.ID, "")
	})
	if err != nil {
		return nil, err
	}
	s.users.Drop(out.ID)
	// The new session needs the token generation the ending moved on.
	return s.User(ctx, out.ID)
}

// usableReset finds the code's unused, unexpired reset and its active user.
func (s *Accounts) usableReset(db *gorm.DB, code string) (*PasswordReset, *User, error) {
	var prs []PasswordReset
	if err := db.Where("code_hash = ? AND used_at IS NULL AND expires_at > ?", store.HashToken(code), s.Now()).
		Limit(1).Find(&prs).Error; err != nil {
		return nil, nil, err
	}
	if len(prs) == 0 {
		return nil, nil, errResetUnusable
	}
	var us []User
	if err := db.Where("id = ? AND active = ?", prs[0].UserID, true).Limit(1).Find(&us).Error; err != nil {
		return nil, nil, err
	}
	if len(us) == 0 {
		return nil, nil, errResetUnusable
	}
	return &prs[0], &us[0], nil
}
