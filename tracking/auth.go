package tracking

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
)

// Auth timing and limits.
const (
	RefreshTTL = 30 * 24 * time.Hour
	InviteTTL  = 7 * 24 * time.Hour
)

// newDummyHash makes the hash compared against when the email is unknown,
// so a failed login takes as long whether or not the account exists: it has
// the cost of the service's own hashes, whatever BcryptCost says.
func (s *Service) newDummyHash() []byte {
	h, err := s.hashPassword("timestreak-no-such-user")
	if err != nil {
		panic(err) // only for a cost out of bcrypt's range, a configuration error
	}
	return []byte(h)
}

// Registration is what a person signing up sends.
type Registration struct {
	NewUser
	InviteCode string
}

// Register creates an account. The first user becomes admin; after that an
// invite is needed unless signup is open.
func (s *Service) Register(ctx context.Context, r Registration) (*User, error) {
	r.Role = RoleMember
	if err := r.NewUser.validate(); err != nil {
		return nil, err
	}
	// Hashing is the expensive part: a registration that will be refused
	// is refused before it (the transaction checks again).
	if err := s.mayRegister(ctx, r); err != nil {
		return nil, err
	}
	hash, err := s.hash(ctx, r.Password)
	if err != nil {
		return nil, err
	}
	var u *User
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
			in.Role, in.EmailVerified = RoleAdmin, true
		case r.InviteCode != "":
			inv, err := s.usableInvite(tx, r.InviteCode, in.Email)
			if err != nil {
				return err
			}
			invite, in.EmailVerified = inv, inv.Email != ""
		case !s.cfg.SignupOpen:
			return &ForbiddenError{Reason: "registration needs an invite code"}
		}
		u, err = s.insertUser(tx, in, hash)
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
func (s *Service) useInvite(tx *gorm.DB, invite *Invite, u *User) error {
	res := tx.Model(&Invite{}).Where("id = ? AND used_at IS NULL", invite.ID).
		Updates(map[string]any{"used_at": s.Now(), "used_by": u.ID})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return &ForbiddenError{Reason: "the invite code is invalid, used or expired"}
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
func (s *Service) mayRegister(ctx context.Context, r Registration) error {
	db := s.db.Reader(ctx)
	if !s.hasUsers.Load() {
		var first []string
		if err := db.Model(&User{}).Limit(1).Pluck("id", &first).Error; err != nil {
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
		return &ForbiddenError{Reason: "registration needs an invite code"}
	}
	var taken int64
	if err := db.Model(&User{}).Where("email = ?", r.Email).Count(&taken).Error; err != nil {
		return err
	}
	if taken > 0 {
		return &ConflictError{Reason: "a user with this email already exists"}
	}
	return nil
}

// lockUsers makes registrations take turns, so that two people signing up
// at once cannot both be counted as the first user.
func (s *Service) lockUsers(tx *gorm.DB) error { return s.db.LockTable(tx, "users") }

// lockedUserCount counts the users, registrations taking turns: the first
// user ever is the admin.
func (s *Service) lockedUserCount(tx *gorm.DB) (int64, error) {
	if err := s.lockUsers(tx); err != nil {
		return 0, err
	}
	var users int64
	return users, tx.Model(&User{}).Count(&users).Error
}

func (s *Service) usableInvite(tx *gorm.DB, code, email string) (*Invite, error) {
	return s.usableInviteHash(tx, hashToken(code), email)
}

// usableInviteHash is usableInvite for a code kept only as its hash.
func (s *Service) usableInviteHash(tx *gorm.DB, codeHash, email string) (*Invite, error) {
	var inv Invite
	err := tx.Where("code_hash = ? AND used_at IS NULL AND expires_at > ?", codeHash, s.Now()).Take(&inv).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	if err != nil || (inv.Email != "" && inv.Email != email) {
		return nil, &ForbiddenError{Reason: "the invite code is invalid, used or expired"}
	}
	return &inv, nil
}

// Login checks credentials. Unknown email and wrong password fail alike,
// and both count against the limits of throttle.go, which are checked
// before any password is.
func (s *Service) Login(ctx context.Context, email, password, ip string) (*User, error) {
	email = valid.NormalizeEmail(email)
	u, err := s.userByEmail(ctx, email)
	if err != nil && !errors.Is(err, ErrNotFound) {
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
		return nil, ErrUnauthorized
	}
	if err := s.loginSucceeded(ctx, email, ip); err != nil {
		return nil, err
	}
	return u, nil
}

// userByEmail finds a user by normalized email; a string that cannot be an
// email (invalid UTF-8, a NUL, too long) is not looked up: it matches no one.
func (s *Service) userByEmail(ctx context.Context, email string) (*User, error) {
	if !utf8.ValidString(email) || strings.ContainsRune(email, 0) || len(email) > 320 {
		return nil, ErrNotFound
	}
	var u User
	if err := s.db.Reader(ctx).Where("email = ?", email).Take(&u).Error; err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}
