package database

import "gorm.io/gorm"

// inviteTeam lets an invite put the person who uses it straight into a
// team, as a member: invites.team_id (NULL for none).
func inviteTeam(tx *gorm.DB) error {
	type Invite struct {
		TeamID *string `gorm:"size:36"`
	}
	return tx.Migrator().AddColumn(&Invite{}, "TeamID")
}
