package clickup

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
)

// member is a member of the connected workspace; people are matched to
// members by email, case-insensitively.
type member struct {
	ClickupID string
	Email     string // lower case
	Username  string
}

func (member) TableName() string { return "clickup_members" }

// saveMembers replaces the stored members with the workspace's. A member
// without an id or an email cannot be matched and is left out.
func saveMembers(tx *gorm.DB, members []Member) error {
	if err := tx.Where("1 = 1").Delete(&member{}).Error; err != nil {
		return err
	}
	seen := map[string]bool{}
	var rows []member
	for _, m := range members {
		id, email := string(m.User.ID), valid.NormalizeEmail(m.User.Email)
		if id == "" || email == "" || len(id) > 64 || valid.Longer(email, valid.MaxEmailChars) || seen[id] {
			continue
		}
		seen[id] = true
		rows = append(rows, member{ClickupID: id, Email: email, Username: valid.Clip(m.User.Username, valid.MaxNameChars)})
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.CreateInBatches(rows, 200).Error
}

// membersByEmail maps each member's email to their ClickUp user id.
func (s *Service) membersByEmail(ctx context.Context) (map[string]string, error) {
	var rows []member
	if err := s.data.R.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, m := range rows {
		out[m.Email] = m.ClickupID
	}
	return out, nil
}

// refreshMembers reads the workspace's members from ClickUp again, so that
// a person who joined it since is matched.
func (s *Service) refreshMembers(ctx context.Context, token string, c *connection) error {
	teams, err := s.client.Teams(ctx, token)
	if err != nil {
		return err
	}
	for _, t := range teams {
		if string(t.ID) == c.TeamID {
			return s.db(ctx).Transaction(func(tx *gorm.DB) error { return saveMembers(tx, t.Members) })
		}
	}
	return fmt.Errorf("clickup: the token no longer reaches workspace %s (%s); connect again", c.TeamID, c.TeamName)
}
