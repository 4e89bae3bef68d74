package database

import (
	"time"

	"gorm.io/gorm"
)

// oidcFlows holds each sign-in with the company's identity provider
// between its start and the provider's answer: the hash of its state, and
// the PKCE verifier and nonce that only this server may know. A flow is
// used once and lives ten minutes.
func oidcFlows(tx *gorm.DB) error {
	type OidcFlow struct {
		ID          string    `gorm:"primaryKey;size:36"`
		StateHash   string    `gorm:"size:64;not null;uniqueIndex"`
		Verifier    string    `gorm:"size:200;not null"`
		Nonce       string    `gorm:"size:200;not null"`
		RedirectURL string    `gorm:"size:2000;not null"`
		InviteHash  string    `gorm:"size:64;not null"`
		Timezone    string    `gorm:"size:64;not null"`
		ExpiresAt   time.Time `gorm:"not null;index"`
		UsedAt      *time.Time
		CreatedAt   time.Time
	}
	return tx.Migrator().CreateTable(&OidcFlow{})
}
