package auth

import (
	"strings"
	"time"

	"github.com/timestreak/timestreak/internal/valid"
)

// Roles of users and of team members (the rules are internal/valid's).
const (
	RoleAdmin  = valid.RoleAdmin
	RoleMember = valid.RoleMember
	RoleLead   = valid.RoleLead
)

// User is a person who logs time.
type User struct {
	ID                 string
	Email              string
	Name               string
	PasswordHash       string
	Role               string
	Timezone           string
	Workdays           string // comma-separated lowercase day names, mon..sun order
	DailyTargetMinutes int
	ReminderTime       *string
	Active             bool
	StartDate          string // local date on which the user was created: scoring starts here
	TokenGen           int64  // moves when the user's sessions end: see sessions.go
	// EmailVerified: an admin made the account, an invite tied to its email
	// was used, or an identity provider verified the email. Integrations
	// link people by email only when it is set.
	EmailVerified bool
	// SessionsEndedAt is when a password change or reset, or a
	// deactivation, last ended every session: links other apps made
	// before it end too.
	SessionsEndedAt *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// WorkdayList returns the user's workdays as day names.
func (u *User) WorkdayList() []string {
	if u.Workdays == "" {
		return []string{}
	}
	return strings.Split(u.Workdays, ",")
}

// IsAdmin tells whether the user administers the organisation.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }

// APIToken is a personal token for scripts; only its hash is kept.
type APIToken struct {
	ID         string     `json:"id"`
	UserID     string     `json:"-"`
	Name       string     `json:"name"`
	TokenHash  string     `json:"-"`
	Scope      string     `json:"scope"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// RefreshToken is one link of a rotating refresh-token family.
type RefreshToken struct {
	ID        string
	UserID    string
	FamilyID  string
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
	// NextID and NextSealed are the successor a rotation issued: its secret
	// sealed under a key only the rotated token gives (see sessions.go).
	NextID     *string
	NextSealed []byte
}

// LoginFailure is one failed sign-in, for throttling.
type LoginFailure struct {
	ID    int64
	Key   string // hash of email and address
	IPKey string // hash of the address
	At    time.Time
}

// LoginSuccess is the last time an email signed in from an address.
type LoginSuccess struct {
	Key string `gorm:"primaryKey"` // hash of email and address
	At  time.Time
}

// PasswordReset is a single-use link an admin issued for someone who
// forgot their password.
type PasswordReset struct {
	ID        string
	UserID    string
	CodeHash  string
	CreatedBy string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}
