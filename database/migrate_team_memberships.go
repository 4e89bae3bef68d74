package database

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// teamMemberships keeps the history of team membership: one row per period
// a user belonged to a team, from joined_at until left_at (NULL while it
// lasts). joined_on and left_on are the user's local dates at those
// instants, in the time zone the user had then: a lead sees the user's
// entries dated joined_on through left_on. team_members stays the current
// membership (and role); a partial unique index keeps one open period per
// user and team. Every current membership becomes an open period that
// started when it was created.
func teamMemberships(tx *gorm.DB) error {
	type TeamMembership struct {
		ID       string    `gorm:"primaryKey;size:36"`
		TeamID   string    `gorm:"size:36;not null;index:idx_team_memberships_team_user,priority:1"`
		UserID   string    `gorm:"size:36;not null;index:idx_team_memberships_team_user,priority:2;index"`
		JoinedAt time.Time `gorm:"not null"`
		JoinedOn string    `gorm:"size:10;not null"`
		LeftAt   *time.Time
		LeftOn   *string `gorm:"size:10"`
	}
	type current struct {
		TeamID    string
		UserID    string
		CreatedAt time.Time
		Timezone  string
	}
	return tx.Transaction(func(tx *gorm.DB) error {
		if err := tx.Migrator().CreateTable(&TeamMembership{}); err != nil {
			return err
		}
		if err := tx.Exec(`CREATE UNIQUE INDEX idx_team_memberships_open ON team_memberships (team_id, user_id) WHERE left_at IS NULL`).Error; err != nil {
			return err
		}
		var rows []current
		if err := tx.Raw(`SELECT m.team_id, m.user_id, m.created_at, u.timezone
			FROM team_members m JOIN users u ON u.id = m.user_id ORDER BY m.team_id, m.user_id`).Scan(&rows).Error; err != nil {
			return err
		}
		periods := make([]TeamMembership, len(rows))
		for i, r := range rows {
			loc, err := time.LoadLocation(r.Timezone)
			if err != nil {
				loc = time.UTC
			}
			periods[i] = TeamMembership{ID: uuid.Must(uuid.NewV7()).String(), TeamID: r.TeamID, UserID: r.UserID,
				JoinedAt: r.CreatedAt.UTC(), JoinedOn: r.CreatedAt.In(loc).Format(time.DateOnly)}
		}
		if len(periods) == 0 {
			return nil
		}
		return tx.CreateInBatches(periods, 500).Error
	})
}
