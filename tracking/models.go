package tracking

import (
	"time"

	"gorm.io/gorm"
)

// Entry sources.
const (
	SourceWeb    = "web"
	SourceAPI    = "api"
	SourceTimer  = "timer"
	SourceImport = "import"
	SourceSlack  = "slack"
)

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
