package org

import (
	"time"

	"github.com/timestreak/timestreak/tracking/store"
)

// Team groups users for the leaderboard.
type Team struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
	// SlackChannel is the Slack channel id the team's weekly winners are
	// posted to; nil for none.
	SlackChannel *string `json:"slack_channel"`
	store.Stamps
}

// TeamMember is a user's place in a team.
type TeamMember struct {
	TeamID    string
	UserID    string
	Role      string
	CreatedAt time.Time
}

// Project is an organisation-wide bucket of tasks.
type Project struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Color    string `json:"color"`
	Archived bool   `json:"archived"`
	store.Stamps
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
	store.Stamps
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
