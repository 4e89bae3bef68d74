package database

import (
	"time"

	"gorm.io/gorm"
)

// slackTables holds what the Slack app keeps: which Slack account each
// person is linked to (by email or by a one-time link) and when their
// email was last looked up in Slack; the one-time link codes, stored
// hashed; which reminders and weekly results went to Slack (each once);
// and, on each team, the channel its weekly winners are posted to.
func slackTables(tx *gorm.DB) error {
	type SlackAccount struct {
		UserID      string `gorm:"primaryKey;size:36"`
		SlackTeamID string `gorm:"size:32;not null"`
		SlackUserID string `gorm:"size:32;not null"` // "" while not linked
		Via         string `gorm:"size:16;not null"` // email or link; "" while not linked
		LinkedAt    *time.Time
		LookedUpAt  *time.Time
		Unlinked    bool `gorm:"not null"` // the person unlinked: never linked by email again
	}
	type SlackLinkCode struct {
		CodeHash      string    `gorm:"primaryKey;size:64"`
		SlackTeamID   string    `gorm:"size:32;not null"`
		SlackUserID   string    `gorm:"size:32;not null;index"`
		SlackUserName string    `gorm:"size:200;not null"`
		ExpiresAt     time.Time `gorm:"not null;index"`
	}
	type SlackReminder struct {
		UserID    string `gorm:"primaryKey;size:36"`
		Date      string `gorm:"primaryKey;size:10"`
		State     string `gorm:"size:16;not null"`
		Attempts  int    `gorm:"not null"`
		NextAt    *time.Time
		LastError string `gorm:"size:500;not null"`
		UpdatedAt time.Time
	}
	type SlackWeeklyPost struct {
		TeamID   string    `gorm:"primaryKey;size:36"`
		WeekEnd  string    `gorm:"primaryKey;size:10"`
		PostedAt time.Time `gorm:"not null"`
	}
	if err := tx.Migrator().CreateTable(&SlackAccount{}, &SlackLinkCode{}, &SlackReminder{}, &SlackWeeklyPost{}); err != nil {
		return err
	}
	for _, stmt := range []string{
		// A Slack account is linked to one person at most.
		"CREATE UNIQUE INDEX idx_slack_accounts_slack_user ON slack_accounts (slack_team_id, slack_user_id) WHERE slack_user_id <> ''",
		"ALTER TABLE teams ADD COLUMN slack_channel VARCHAR(32)",
	} {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	return nil
}
