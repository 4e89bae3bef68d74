package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"slices"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// DefaultWorkdays is Monday to Friday.
const DefaultWorkdays = "mon,tue,wed,thu,fri"

// NewUser is what creating a user takes.
type NewUser struct {
	Email    string
	Password string
	Name     string
	Role     string // "" means member
	Timezone string // "" means UTC
	// EmailVerified: someone vouches for the email (see User); set by the
	// service, never taken from a request.
	EmailVerified bool
}

// Validate checks and normalizes what creating a user takes.
func (in *NewUser) Validate() error {
	var errs valid.Fields
	email, err := valid.EmailAddress("email", in.Email)
	in.Email = email
	errs.From(err)
	errs.From(valid.Password("password", in.Password))
	name, err := valid.Name("name", in.Name, valid.MaxNameChars)
	in.Name = name
	errs.From(err)
	if in.Role == "" {
		in.Role = RoleMember
	}
	errs.From(valid.UserRole("role", in.Role))
	if in.Timezone == "" {
		in.Timezone = "UTC"
	}
	_, err = valid.Zone("timezone", in.Timezone)
	errs.From(err)
	return errs.Err()
}

func (s *Accounts) hashPassword(pw string) (string, error) {
	cost := s.cfg.BcryptCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword(bcryptInput(pw), cost)
	return string(h), err
}

// bcryptInput is what bcrypt is given of a password. bcrypt reads at most
// 72 bytes, and a password may be 128 characters: a longer one is first
// reduced to its SHA-256, so that every character still counts.
func bcryptInput(pw string) []byte {
	if len(pw) <= 72 {
		return []byte(pw)
	}
	sum := sha256.Sum256([]byte(pw))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

// checkPassword tells whether pw matches the stored hash.
func checkPassword(hash []byte, pw string) bool {
	return bcrypt.CompareHashAndPassword(hash, bcryptInput(pw)) == nil
}

// InsertUser creates the user row inside tx; the password is already hashed.
func (s *Accounts) InsertUser(tx *gorm.DB, in NewUser, hash string) (*User, error) {
	now := s.Now()
	u := &User{
		ID: store.NewID(), Email: in.Email, Name: in.Name, PasswordHash: hash, Role: in.Role,
		Timezone: in.Timezone, Workdays: DefaultWorkdays, DailyTargetMinutes: 480,
		Active: true, EmailVerified: in.EmailVerified, CreatedAt: now, UpdatedAt: now,
	}
	u.StartDate = LocalToday(now, u)
	var n int64
	if err := tx.Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, &store.ConflictError{Reason: "a user with this email already exists"}
	}
	if err := tx.Create(u).Error; err != nil {
		if database.IsUniqueViolation(err) { // a concurrent insert of the same email
			return nil, &store.ConflictError{Reason: "a user with this email already exists"}
		}
		return nil, err
	}
	return u, nil
}

// CreateUser adds a user on an admin's behalf.
func (s *Accounts) CreateUser(ctx context.Context, in NewUser) (*User, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := s.Hash(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	in.EmailVerified = true // the admin who makes the account vouches for its email
	var u *User
	err = s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		u, err = s.InsertUser(tx, in, hash)
		return err
	})
	return u, err
}

// User loads one user by id.
func (s *Accounts) User(ctx context.Context, id string) (*User, error) {
	var u User
	if err := s.db.Reader(ctx).Where("id = ?", id).Take(&u).Error; err != nil {
		return nil, store.NotFound(err)
	}
	return &u, nil
}

// UserByEmail finds a user by email, in any case (integrations match
// people by the email another service holds for them).
func (s *Accounts) UserByEmail(ctx context.Context, email string) (*User, error) {
	return s.userByEmail(ctx, valid.NormalizeEmail(email))
}

// Users lists every user, by name.
func (s *Accounts) Users(ctx context.Context) ([]User, error) {
	var us []User
	err := s.db.Reader(ctx).Order("name, id").Find(&us).Error
	return us, err
}

// UsersByID loads several users at once.
func (s *Accounts) UsersByID(ctx context.Context, ids []string) (map[string]*User, error) {
	var us []User
	if err := s.db.Reader(ctx).Where("id IN ?", ids).Find(&us).Error; err != nil {
		return nil, err
	}
	m := make(map[string]*User, len(us))
	for i := range us {
		m[us[i].ID] = &us[i]
	}
	return m, nil
}

// UserChange is an admin's change to a user; nil fields stay.
type UserChange struct {
	Role   *string
	Active *bool
}

// UpdateUser changes a user's role or active flag. The last active admin
// cannot be demoted or deactivated, so the organisation is never locked out.
func (s *Accounts) UpdateUser(ctx context.Context, id string, ch UserChange) (*User, error) {
	if ch.Role != nil {
		if err := valid.UserRole("role", *ch.Role); err != nil {
			return nil, err
		}
	}
	var u User
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&u).Error; err != nil {
			return store.NotFound(err)
		}
		losesAdmin := u.Role == RoleAdmin && u.Active &&
			((ch.Role != nil && *ch.Role != RoleAdmin) || (ch.Active != nil && !*ch.Active))
		if losesAdmin {
			var admins int64
			if err := tx.Model(&User{}).Where("role = ? AND active = ?", RoleAdmin, true).Count(&admins).Error; err != nil {
				return err
			}
			if admins <= 1 {
				return &store.ConflictError{Reason: "the last active admin cannot be demoted or deactivated"}
			}
		}
		if ch.Role != nil {
			u.Role = *ch.Role
		}
		if ch.Active != nil {
			u.Active = *ch.Active
		}
		u.UpdatedAt = s.Now()
		if err := tx.Model(&u).Select("role", "active", "updated_at").Updates(&u).Error; err != nil {
			return err
		}
		if ch.Active != nil && !*ch.Active {
			// Reactivation revives nothing: every session, personal
			// token and reset link ends here.
			if err := expireResets(tx, u.ID, u.UpdatedAt); err != nil {
				return err
			}
			return s.endSessions(tx, u.ID, "")
		}
		return nil
	})
	s.users.Drop(id)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// IsWorkday tells whether the date's weekday is one of the user's workdays
// (time off is checked separately).
func (u *User) IsWorkday(date string) bool {
	if !civil.Valid(date) {
		return false
	}
	return slices.Contains(u.WorkdayList(), valid.DayName(civil.Weekday(date)))
}

// ActiveUserIDs lists the active users' ids, in order.
func (s *Accounts) ActiveUserIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.db.Reader(ctx).Model(&User{}).Where("active = ?", true).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// ActiveUsers lists users who are not deactivated.
func (s *Accounts) ActiveUsers(ctx context.Context) ([]User, error) {
	var us []User
	err := s.db.Reader(ctx).Where("active = ?", true).Order("id").Find(&us).Error
	return us, err
}
