package org

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// ExternalSignIn is a person the company's identity provider vouches for,
// and what they came with.
type ExternalSignIn struct {
	Email      string // verified by the provider
	Name       string // the provider's display name; "" for none
	InviteHash string // the invite the person came with ("" for none)
	Timezone   string // the device's zone; "" or unknown means UTC
	// AutoCreate makes an account for anyone the provider vouches for,
	// whatever the signup setting.
	AutoCreate bool
}

// SignInExternal finds the person with the email, or makes their account
// under the signup rules: the first person ever becomes the admin; after
// that an account is made only with a usable invite, when signup is open,
// or when AutoCreate is set. created tells whether it was made. The
// account has no password: its owner signs in through the provider.
func (s *Organisation) SignInExternal(ctx context.Context, in ExternalSignIn) (u *auth.User, created bool, err error) {
	email, err := valid.Email("email", in.Email)
	if a, perr := mail.ParseAddress(email); err != nil || perr != nil || a.Address != email {
		return nil, false, &store.ForbiddenError{Reason: "the identity provider's email for you is not a usable address"}
	}
	u, err = s.accounts.UserByEmail(ctx, email)
	switch {
	case err == nil && !u.Active:
		return nil, false, &store.ForbiddenError{Reason: "your account is deactivated; ask an admin"}
	case err == nil && !u.EmailVerified:
		// Someone registered this email without proving it was theirs; the
		// provider's word does not hand them the account, nor their time to
		// the provider's user.
		return nil, false, &store.ForbiddenError{Reason: "an account here uses your email, but nobody ever verified that it is yours; ask an admin"}
	case err == nil:
		return u, false, nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, false, err
	}
	nu := auth.NewUser{Email: email, Role: auth.RoleMember, Name: externalName(in.Name, email), Timezone: "UTC", EmailVerified: true}
	if _, err := valid.Zone("timezone", in.Timezone); err == nil {
		nu.Timezone = in.Timezone
	}
	err = s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		users, err := s.lockedUserCount(tx)
		if err != nil {
			return err
		}
		var invite *Invite
		switch {
		case users == 0:
			nu.Role = auth.RoleAdmin
		case in.InviteHash != "":
			if invite, err = s.usableInviteHash(tx, in.InviteHash, email); err != nil {
				return err
			}
		case !s.cfg.SignupOpen && !in.AutoCreate:
			return &store.ForbiddenError{Reason: "no account here uses your email; ask an admin for an invite"}
		}
		if u, err = s.accounts.InsertUser(tx, nu, ""); err != nil {
			return err
		}
		if invite != nil {
			return s.useInvite(tx, invite, u)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	s.hasUsers.Store(true)
	return u, true, nil
}

// externalName is the provider's name for the person when it is a usable
// name, else the part of their email before the @.
func externalName(name, email string) string {
	if n, err := valid.Name("name", name, valid.MaxNameChars); err == nil {
		return n
	}
	local, _, _ := strings.Cut(email, "@")
	if n, err := valid.Name("name", local, valid.MaxNameChars); err == nil {
		return n
	}
	return "New member"
}
