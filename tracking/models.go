package tracking

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
)

// Roles of users and of team members (the rules are internal/valid's).
const (
	RoleAdmin  = valid.RoleAdmin
	RoleMember = valid.RoleMember
	RoleLead   = valid.RoleLead
)

// Entry sources.
const (
	SourceWeb    = "web"
	SourceAPI    = "api"
	SourceTimer  = "timer"
	SourceImport = "import"
	SourceSlack  = "slack"
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

// Team groups users for the leaderboard.
type Team struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
	// SlackChannel is the Slack channel id the team's weekly winners are
	// posted to; nil for none.
	SlackChannel *string `json:"slack_channel"`
	Stamps
}

// TeamMember is a user's place in a team.
type TeamMember struct {
	TeamID    string
	UserID    string
	Role      string
	CreatedAt time.Time
}

// Stamps are when a row was made and last changed.
type Stamps struct {
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Project is an organisation-wide bucket of tasks.
type Project struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Color    string `json:"color"`
	Archived bool   `json:"archived"`
	Stamps
}

// Task is what time is logged against.
type Task struct {
	ID           string `json:"id"`
	ProjectID    string `json:"project_id"`
	ProjectName  string `json:"project_name" gorm:"->;-:migration"`
	ProjectColor string `json:"project_color" gorm:"->;-:migration"`
	ProjectDone  bool   `json:"-" gorm:"->;-:migration"` // the project is archived
	Name         string `json:"name"`
	ExternalRef  string `json:"external_ref"`
	Archived     bool   `json:"archived"`
	Stamps
}

// Entry is time spent on a task on a local date.
type Entry struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	TaskID    string    `json:"task_id"`
	ProjectID string    `json:"project_id"`
	Date      string    `json:"date"`
	Minutes   int       `json:"minutes"`
	Note      string    `json:"note"`
	Billable  bool      `json:"billable"`
	Source    string    `json:"source"`
	OnTime    bool      `json:"on_time"`
	DatedAt   time.Time `json:"-"`
	DatedOn   string    `json:"-"`
	Stamps
	DeletedAt gorm.DeletedAt `json:"-"`
}

// Timer is a running stopwatch; at most one per user.
type Timer struct {
	UserID    string    `json:"-" gorm:"primaryKey"`
	TaskID    string    `json:"task_id"`
	Note      string    `json:"note"`
	StartedAt time.Time `json:"started_at"`
}

// TimeOffDay is a date that is not a workday for its user.
type TimeOffDay struct {
	UserID    string    `json:"-" gorm:"primaryKey"`
	Date      string    `json:"date" gorm:"primaryKey"`
	CreatedAt time.Time `json:"created_at"`
}

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

// Invite lets one more person register.
type Invite struct {
	ID        string
	CodeHash  string
	Email     string
	CreatedBy string
	TeamID    *string // the team the person joins as a member, if any
	ExpiresAt time.Time
	UsedAt    *time.Time
	UsedBy    *string
	CreatedAt time.Time
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

// IdempotencyKey remembers the first answer to a keyed request.
type IdempotencyKey struct {
	UserID      string `gorm:"primaryKey"`
	Key         string `gorm:"primaryKey"`
	RequestHash string
	EntryID     string
	Status      int
	Body        string
	CreatedAt   time.Time
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

// ImportUpload is an export file kept for an hour between its dry run and
// its import.
type ImportUpload struct {
	ID        string    `json:"id"`
	CreatedBy string    `json:"-"`
	Name      string    `json:"name"`
	Size      int64     `json:"size"`
	Data      []byte    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}
