package database

import (
	"time"

	"gorm.io/gorm"
)

// clickupWebhooks adds what the ClickUp integration needs now that
// timestreak makes its own webhook and pushes each person's time as theirs
// (issue 17):
//   - clickup_connections.webhook_id, webhook_url and webhook_error: the
//     webhook ClickUp made for the connection (its secret stays in
//     webhook_sealed), where it posts, or why there is none; full_sync_at,
//     when the sync last read every task.
//   - clickup_webhook_events: the verified events waiting to be applied,
//     kept in the database so that none is lost when a replica stops; a
//     replica claims one until claimed_until, a failed one waits for next_at.
//   - clickup_members: the workspace's members, by which people are matched
//     to ClickUp users by email.
func clickupWebhooks(tx *gorm.DB) error {
	type ClickupConnection struct {
		WebhookID    string `gorm:"size:64;not null;default:''"`
		WebhookURL   string `gorm:"size:2000;not null;default:''"`
		WebhookError string `gorm:"size:500;not null;default:''"`
		FullSyncAt   *time.Time
	}
	type ClickupWebhookEvent struct {
		ID           int64     `gorm:"primaryKey;autoIncrement"`
		Event        string    `gorm:"size:64;not null"`
		TaskID       string    `gorm:"size:64;not null;index"`
		ReceivedAt   time.Time `gorm:"not null"`
		Attempts     int       `gorm:"not null"`
		NextAt       time.Time `gorm:"not null;index"`
		ClaimedUntil *time.Time
		LastError    string `gorm:"size:500;not null"`
	}
	type ClickupMember struct {
		ClickupID string `gorm:"primaryKey;size:64"`
		Email     string `gorm:"size:320;not null;index"`
		Username  string `gorm:"size:200;not null"`
	}
	for _, col := range []string{"WebhookID", "WebhookURL", "WebhookError", "FullSyncAt"} {
		if err := tx.Migrator().AddColumn(&ClickupConnection{}, col); err != nil {
			return err
		}
	}
	return tx.Migrator().CreateTable(&ClickupWebhookEvent{}, &ClickupMember{})
}
