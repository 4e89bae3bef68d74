package database

import (
	"time"

	"gorm.io/gorm"
)

// passwordResets holds the single-use links an admin issues for someone
// who forgot their password: only the code's hash is kept.
func passwordResets(tx *gorm.DB) error {
	type PasswordReset struct {
		ID        string `gorm:"primaryKey;size:36"`
		UserID    string `gorm:"size:36;not null;index"`
		CodeHash  string `gorm:"size:64;not null;uniqueIndex"`
		CreatedBy string `gorm:"size:36;not null"`
		ExpiresAt time.Time
		UsedAt    *time.Time
		CreatedAt time.Time
	}
	return tx.Migrator().CreateTable(&PasswordReset{})
}
