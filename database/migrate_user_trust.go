package database

import (
	"time"

	"gorm.io/gorm"
)

// userTrust records two facts integrations need about a person: whether
// their email was ever vouched for (an admin made the account, an invite
// tied to that email was used, or an identity provider verified it), and
// when their sessions last ended (a password change or reset, or a
// deactivation), which ends the links other apps hold too. Accounts made
// before this migration keep the trust they were given.
func userTrust(tx *gorm.DB) error {
	type User struct {
		EmailVerified   bool `gorm:"not null;default:true"`
		SessionsEndedAt *time.Time
	}
	for _, col := range []string{"EmailVerified", "SessionsEndedAt"} {
		if err := tx.Migrator().AddColumn(&User{}, col); err != nil {
			return err
		}
	}
	return nil
}
