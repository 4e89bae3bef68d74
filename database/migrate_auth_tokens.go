package database

import (
	"time"

	"gorm.io/gorm"
)

// authTokens adds what sessions, personal tokens and the login throttle
// need (PRODUCT.md §7):
//   - users.token_gen: bumped when a user's sessions end (logout, password
//     change, deactivation); an access token carries the generation it was
//     issued under and stops working when it moves.
//   - api_tokens.scope and expires_at: a personal token's reach and end.
//     Tokens made before had neither: they become `write` tokens that end
//     90 days after this migration.
//   - refresh_tokens.next_id and next_sealed: the successor a rotation
//     issued, sealed under a key derived from the rotated token, so the
//     same pair can be answered again within the grace period.
//   - login_failures.ip_key, and login_successes: the per-address limit and
//     the addresses an email signed in from.
func authTokens(tx *gorm.DB) error {
	type User struct {
		TokenGen int64 `gorm:"not null;default:0"`
	}
	type APIToken struct {
		Scope     string `gorm:"size:8;not null;default:write"`
		ExpiresAt *time.Time
	}
	type RefreshToken struct {
		NextID     *string `gorm:"size:36"`
		NextSealed []byte
	}
	type LoginFailure struct {
		IPKey string    `gorm:"size:64;not null;default:'';index:idx_login_failures_ip_key_at,priority:1"`
		At    time.Time `gorm:"index:idx_login_failures_ip_key_at,priority:2"`
	}
	type LoginSuccess struct {
		Key string    `gorm:"primaryKey;size:64"`
		At  time.Time `gorm:"not null;index"`
	}
	return tx.Transaction(func(tx *gorm.DB) error {
		m := tx.Migrator()
		for _, c := range []struct {
			model any
			field string
		}{{&User{}, "TokenGen"}, {&APIToken{}, "Scope"}, {&APIToken{}, "ExpiresAt"},
			{&RefreshToken{}, "NextID"}, {&RefreshToken{}, "NextSealed"}, {&LoginFailure{}, "IPKey"}} {
			if err := m.AddColumn(c.model, c.field); err != nil {
				return err
			}
		}
		if err := m.CreateIndex(&LoginFailure{}, "idx_login_failures_ip_key_at"); err != nil {
			return err
		}
		if err := m.CreateTable(&LoginSuccess{}); err != nil {
			return err
		}
		return tx.Model(&APIToken{}).Where("expires_at IS NULL").
			Update("expires_at", time.Now().UTC().Add(90*24*time.Hour)).Error
	})
}
