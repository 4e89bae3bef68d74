package tracking

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
)

// Auth timing and limits.
const (
	RefreshTTL       = 30 * 24 * time.Hour
	InviteTTL        = 7 * 24 * time.Hour
	loginWindow      = 15 * time.Minute
	loginMaxFailures = 10
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
	hash, err := s.hashPassword(r.Password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockUsers(tx); err != nil {
			return err
		}
		var users int64
		if err := tx.Model(&User{}).Count(&users).Error; err != nil {
			return err
		}
		in := r.NewUser
		var invite *Invite
		switch {
		case users == 0:
			in.Role = RoleAdmin
		case r.InviteCode != "":
			inv, err := s.usableInvite(tx, r.InviteCode, in.Email)
			if err != nil {
				return err
			}
			invite = inv
		case !s.cfg.SignupOpen:
			return &ForbiddenError{Reason: "registration needs an invite code"}
		}
		u, err = s.insertUser(tx, in, hash)
		if err != nil {
			return err
		}
		if invite != nil {
			now := s.Now()
			res := tx.Model(&Invite{}).Where("id = ? AND used_at IS NULL", invite.ID).
				Updates(map[string]any{"used_at": now, "used_by": u.ID})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				return &ForbiddenError{Reason: "the invite code is invalid, used or expired"}
			}
		}
		return nil
	})
	return u, err
}

// lockUsers makes registrations take turns on PostgreSQL, so that two
// people signing up at once cannot both be counted as the first user.
// SQLite's single writer already serialises them.
func (s *Service) lockUsers(tx *gorm.DB) error {
	if s.db.Dialect != database.Postgres {
		return nil
	}
	return tx.Exec("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE").Error
}

func (s *Service) usableInvite(tx *gorm.DB, code, email string) (*Invite, error) {
	var inv Invite
	err := tx.Where("code_hash = ? AND used_at IS NULL AND expires_at > ?", hashToken(code), s.Now()).Take(&inv).Error
	if err != nil || (inv.Email != "" && inv.Email != email) {
		return nil, &ForbiddenError{Reason: "the invite code is invalid, used or expired"}
	}
	return &inv, nil
}

// CreateInvite makes a single-use code valid for seven days.
func (s *Service) CreateInvite(ctx context.Context, adminID, email string) (code string, expires time.Time, err error) {
	email = normalizeEmail(email)
	if email != "" {
		if err := (&NewUser{Email: email, Password: "xxxxxxxx", Name: "x"}).validate(); err != nil {
			return "", time.Time{}, Invalid("email", "must be a valid email address")
		}
	}
	now := s.Now()
	code = randomToken("inv_")
	inv := Invite{ID: newID(), CodeHash: hashToken(code), Email: email, CreatedBy: adminID,
		ExpiresAt: now.Add(InviteTTL), CreatedAt: now}
	if err := s.db.W.WithContext(ctx).Create(&inv).Error; err != nil {
		return "", time.Time{}, err
	}
	return code, inv.ExpiresAt, nil
}

// Login checks credentials. Unknown email and wrong password fail alike;
// after ten failures per email and address in 15 minutes it refuses to try.
func (s *Service) Login(ctx context.Context, email, password, ip string) (*User, error) {
	email = normalizeEmail(email)
	key := email + "|" + ip
	now := s.Now()
	db := s.db.W.WithContext(ctx)
	var failures []LoginFailure
	if err := db.Where("key = ? AND at > ?", key, now.Add(-loginWindow)).Order("at").Find(&failures).Error; err != nil {
		return nil, err
	}
	if len(failures) >= loginMaxFailures {
		wait := failures[len(failures)-loginMaxFailures].At.Add(loginWindow).Sub(now)
		return nil, &RateLimitError{RetryAfter: max(wait, time.Second)}
	}
	var u User
	err := s.db.R.WithContext(ctx).Where("email = ?", email).Take(&u).Error
	hash := s.dummyHash()
	if err == nil {
		hash = []byte(u.PasswordHash)
	}
	ok := checkPassword(hash, password) && err == nil && u.Active
	if !ok {
		if err := db.Create(&LoginFailure{Key: key, At: now}).Error; err != nil {
			return nil, err
		}
		return nil, ErrUnauthorized
	}
	if err := db.Where("key = ?", key).Delete(&LoginFailure{}).Error; err != nil {
		return nil, err
	}
	return &u, nil
}

// IssueRefresh starts a refresh-token family for the user (familyID "") or
// continues one.
func (s *Service) IssueRefresh(ctx context.Context, userID, familyID string) (string, error) {
	return s.issueRefresh(s.db.W.WithContext(ctx), userID, familyID)
}

func (s *Service) issueRefresh(tx *gorm.DB, userID, familyID string) (string, error) {
	if familyID == "" {
		familyID = newID()
	}
	now := s.Now()
	token := randomToken("rt_")
	rt := RefreshToken{ID: newID(), UserID: userID, FamilyID: familyID, TokenHash: hashToken(token),
		ExpiresAt: now.Add(RefreshTTL), CreatedAt: now}
	return token, tx.Create(&rt).Error
}

// Rotate trades a refresh token for a new one of the same family. A token
// that was already used revokes its whole family: someone has a copy.
func (s *Service) Rotate(ctx context.Context, token string) (*User, string, error) {
	var (
		u    User
		next string
	)
	reused := false
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rt RefreshToken
		if err := tx.Where("token_hash = ?", hashToken(token)).Take(&rt).Error; err != nil {
			return ErrUnauthorized
		}
		now := s.Now()
		if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
			return ErrUnauthorized
		}
		if rt.UsedAt != nil {
			reused = true
			return nil
		}
		res := tx.Model(&RefreshToken{}).Where("id = ? AND used_at IS NULL", rt.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			reused = true
			return nil
		}
		if err := tx.Where("id = ?", rt.UserID).Take(&u).Error; err != nil || !u.Active {
			return ErrUnauthorized
		}
		var err error
		next, err = s.issueRefresh(tx, u.ID, rt.FamilyID)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	if reused {
		if err := s.revokeFamilyOf(ctx, token); err != nil {
			return nil, "", err
		}
		return nil, "", ErrUnauthorized
	}
	return &u, next, nil
}

func (s *Service) revokeFamilyOf(ctx context.Context, token string) error {
	db := s.db.W.WithContext(ctx)
	var rt RefreshToken
	if err := db.Where("token_hash = ?", hashToken(token)).Take(&rt).Error; err != nil {
		return nil
	}
	return db.Model(&RefreshToken{}).Where("family_id = ? AND revoked_at IS NULL", rt.FamilyID).
		Update("revoked_at", s.Now()).Error
}

// Logout revokes the refresh token's family, if the token is the user's.
func (s *Service) Logout(ctx context.Context, userID, token string) error {
	db := s.db.W.WithContext(ctx)
	var rt RefreshToken
	if err := db.Where("token_hash = ? AND user_id = ?", hashToken(token), userID).Take(&rt).Error; err != nil {
		return nil // logging out twice, or with a stale token, is not an error
	}
	return db.Model(&RefreshToken{}).Where("family_id = ? AND revoked_at IS NULL", rt.FamilyID).
		Update("revoked_at", s.Now()).Error
}

func (s *Service) revokeAllRefresh(tx *gorm.DB, userID string) error {
	return tx.Model(&RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", s.Now()).Error
}

// Personal API tokens carry this prefix, so the API can tell them from JWTs.
const APITokenPrefix = "tsp_"

// CreateAPIToken makes a personal token; the secret is returned only here.
func (s *Service) CreateAPIToken(ctx context.Context, userID, name string) (*APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", Invalid("name", "must be 1 to 100 characters")
	}
	token := randomToken(APITokenPrefix)
	t := &APIToken{ID: newID(), UserID: userID, Name: name, TokenHash: hashToken(token), CreatedAt: s.Now()}
	if err := s.db.W.WithContext(ctx).Create(t).Error; err != nil {
		return nil, "", err
	}
	return t, token, nil
}

// APITokens lists the user's personal tokens, without secrets.
func (s *Service) APITokens(ctx context.Context, userID string) ([]APIToken, error) {
	ts := []APIToken{}
	err := s.db.R.WithContext(ctx).Where("user_id = ?", userID).Order("created_at, id").Find(&ts).Error
	return ts, err
}

// DeleteAPIToken revokes one of the user's personal tokens.
func (s *Service) DeleteAPIToken(ctx context.Context, userID, id string) error {
	res := s.db.W.WithContext(ctx).Where("id = ? AND user_id = ?", id, userID).Delete(&APIToken{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// UserByAPIToken resolves a personal token to its active owner.
func (s *Service) UserByAPIToken(ctx context.Context, token string) (*User, error) {
	var t APIToken
	if err := s.db.R.WithContext(ctx).Where("token_hash = ?", hashToken(token)).Take(&t).Error; err != nil {
		return nil, ErrUnauthorized
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil || !u.Active {
		return nil, ErrUnauthorized
	}
	// Record use to the minute, so a script's every request is not a write.
	now := s.Now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if err := s.db.W.WithContext(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now).Error; err != nil {
			return nil, err
		}
	}
	return u, nil
}
