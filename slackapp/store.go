package slackapp

import "time"

// The app's own tables (database/migrate_slack.go).

// account is a person's Slack account: linked (SlackUserID set), or only
// looked up by email and not found, or unlinked by the person.
type account struct {
	UserID      string `gorm:"primaryKey"`
	SlackTeamID string
	SlackUserID string // "" while not linked
	Via         string // viaEmail or viaLink; "" while not linked
	LinkedAt    *time.Time
	LookedUpAt  *time.Time // the last users.lookupByEmail of the person's email
	Unlinked    bool       // the person unlinked: never linked by email again
}

func (account) TableName() string { return "slack_accounts" }

// How an account was linked.
const (
	viaEmail = "email" // Slack holds the person's timestreak email
	viaLink  = "link"  // the person opened a one-time link the app sent
)

// linkCode is a one-time link's code, kept as its SHA-256 only.
type linkCode struct {
	CodeHash      string `gorm:"primaryKey"`
	SlackTeamID   string
	SlackUserID   string
	SlackUserName string
	ExpiresAt     time.Time
}

func (linkCode) TableName() string { return "slack_link_codes" }

// reminderDM is the reminder of one person's date as a direct message.
type reminderDM struct {
	UserID    string `gorm:"primaryKey"`
	Date      string `gorm:"primaryKey"`
	State     string // one of the dm* states
	Attempts  int
	NextAt    *time.Time
	LastError string
	UpdatedAt time.Time
}

func (reminderDM) TableName() string { return "slack_reminders" }

// States of a reminder's direct message.
const (
	dmSending = "sending" // claimed by a run; a run that died here leaves it (never sent twice)
	dmRetry   = "retry"   // Slack refused it; tried again at NextAt
	dmSent    = "sent"
	dmSkipped = "skipped" // not linked, time logged since, or the date is over
	dmFailed  = "failed"  // given up, or Slack's answer never came (it may have been sent)
)

// weeklyPost is a team's week whose winners went to its channel.
type weeklyPost struct {
	TeamID   string `gorm:"primaryKey"`
	WeekEnd  string `gorm:"primaryKey"`
	PostedAt time.Time
}

func (weeklyPost) TableName() string { return "slack_weekly_posts" }
