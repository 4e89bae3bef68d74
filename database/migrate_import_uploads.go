package database

import (
	"time"

	"gorm.io/gorm"
)

// importUploads keeps an export file an admin uploaded for an hour, so the
// dry run, a second dry run with another date order, and the real import
// all read the one upload (on any replica).
func importUploads(tx *gorm.DB) error {
	type ImportUpload struct {
		ID        string `gorm:"primaryKey;size:36"`
		CreatedBy string `gorm:"size:36;not null;index"`
		Name      string `gorm:"size:200;not null"`
		Size      int64  `gorm:"not null"`
		Data      []byte `gorm:"not null"`
		CreatedAt time.Time
		ExpiresAt time.Time `gorm:"not null;index"`
	}
	return tx.Migrator().CreateTable(&ImportUpload{})
}
