package org

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// InviteTTL is how long an invite can be used.
const InviteTTL = 7 * 24 * time.Hour

// Registration is what a person signing up sends.
type Registration struct {
	auth.NewUser
	InviteCode string
}

// Register creates an account. The first user becomes admin; after that an
// invite is needed unless signup is open.
func (s *Organisation) Register(ctx context.Context, r Registration) (*auth.User, error) {
	r.Role = auth.RoleMember
	if err := r.NewUser.Validate(); err != nil {
		return nil, err
	}
	// Hashing is the expensive part: a registration that will be refused
	// is refused before it (the transaction checks again).
	if err := s.mayRegister(ctx, r); err != nil {
		return nil, err
	}
	hash, err := s.accounts.Hash(ctx, r.Password)
	if err != nil {
		return nil, err
	}
	var u *auth.User
	err = s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		users, err := s.lockedUserCount(tx)
		if err != nil {
			return err
		}
		in := r.NewUser
		var invite *Invite
		// Nobody checks a self-registered email: it is trusted only for the
		// install's first person (nobody else's it could be) or when the
		// invite used was tied to it.
		switch {
		case users == 0:
			in.Role, in.EmailVerified = auth.RoleAdmin, true
		case r.InviteCode != "":
			inv, err := s.usableInvite(tx, r.InviteCode, in.Email)
			if err != nil {
				return err
			}
			invite, in.EmailVerified = inv, inv.Email != ""
		case !s.cfg.SignupOpen:
			return &store.ForbiddenError{Reason: "registration needs an invite code"}
		}
		u, err = s.accounts.InsertUser(tx, in, hash)
		if err != nil {
			return err
		}
		if invite != nil {
			return s.useInvite(tx, invite, u)
		}
		return nil
	})
	return u, err
}

// useInvite marks the invite used by u, who just registered with it, and
// puts them into its team.
func (s *Organisation) useInvite(tx *gorm.DB, invite *Invite, u *auth.User) error {
	res := tx.Model(&Invite{}).Where("id = ? AND used_at IS NULL", invite.ID).
		Updates(map[string]any{"used_at": s.Now(), "used_by": u.ID})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return &store.ForbiddenError{Reason: "the invite code is invalid, used or expired"}
	}
	if invite.TeamID != nil {
		return s.joinInvitedTeam(tx, *invite.TeamID, u)
	}
	return nil
}

// mayRegister refuses, from reads alone, a registration the transaction
// would refuse: no invite when one is needed, an unusable invite, an email
// already taken.
//
// Users are never deleted: once one exists the answer is kept, so a flood
// of registrations without an invite is refused without a database read.
func (s *Organisation) mayRegister(ctx context.Context, r Registration) error {
	db := s.db.Reader(ctx)
	if !s.hasUsers.Load() {
		var first []string
		if err := db.Model(&auth.User{}).Limit(1).Pluck("id", &first).Error; err != nil {
			return err
		}
		if len(first) == 0 {
			return nil
		}
		s.hasUsers.Store(true)
	}
	switch {
	case r.InviteCode != "":
		if _, err := s.usableInvite(db, r.InviteCode, r.Email); err != nil {
			return err
		}
	case !s.cfg.SignupOpen:
		return &store.ForbiddenError{Reason: "registration needs an invite code"}
	}
	var taken int64
	if err := db.Model(&auth.User{}).Where("email = ?", r.Email).Count(&taken).Error; err != nil {
		return err
	}
	if taken > 0 {
		return &store.ConflictError{Reason: "a user with this email already exists"}
	}
	return nil
}

// lockUsers makes registrations take turns, so that two people signing up
// at once cannot both be counted as the first user.
func (s *Organisation) lockUsers(tx *gorm.DB) error { return s.db.LockTable(tx, "users") }

// lockedUserCount counts the users, registrations taking turns: the first
// user ever is the admin.
func (s *Organisation) lockedUserCount(tx *gorm.DB) (int64, error) {
	if err := s.lockUsers(tx); err != nil {
		return 0, err
	}
	var users int64
	return users, tx.Model(&auth.User{}).Count(&users).Error
}

func (s *Organisation) usableInvite(tx *gorm.DB, code, email string) (*Invite, error) {
	return s.usableInviteHash(tx, store.HashToken(code), email)
}

// usableInviteHash is usableInvite for a code kept only as its hash.
func (s *Organisation) usableInviteHash(tx *gorm.DB, codeHash, email string) (*Invite, error) {
	var inv Invite
	err := tx.Where("code_hash = ? AND used_at IS NULL AND expires_at > ?", codeHash, s.Now()).Take(&inv).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	if err != nil || (inv.Email != "" && inv.Email != email) {
		return nil, &store.ForbiddenError{Reason: "the invite code is invalid, used or expired"}
	}
	return &inv, nil
}
