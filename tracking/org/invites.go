package org

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// NewInvite is what an admin asks for: optionally bound to an email,
// optionally putting the person into a team as a member.
type NewInvite struct {
	Email  string
	TeamID string
}

// OpenInvite is an invite that can still be used, as the admin sees it. The
// code itself is kept only as a hash: it is shown once, at creation.
type OpenInvite struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	TeamID    *string   `json:"team_id"`
	TeamName  *string   `json:"team_name"`
	ExpiresAt time.Time `json:"expires_at"`
	CreatedAt time.Time `json:"created_at"`
}

// CreateInvite makes a single-use code valid for seven days.
func (s *Organisation) CreateInvite(ctx context.Context, adminID string, in NewInvite) (code string, inv *Invite, err error) {
	var errs valid.Fields
	email := valid.NormalizeEmail(in.Email)
	if email != "" {
		_, err := valid.EmailAddress("email", email)
		errs.From(err)
	}
	var team *string
	if in.TeamID != "" {
		if _, err := s.TeamByID(ctx, in.TeamID); errors.Is(err, store.ErrNotFound) {
			errs.Add("team_id", "is not a team")
		} else if err != nil {
			return "", nil, err
		}
		team = &in.TeamID
	}
	if err := errs.Err(); err != nil {
		return "", nil, err
	}
	now := s.Now()
	code = store.RandomToken("inv_")
	inv = &Invite{ID: store.NewID(), CodeHash: store.HashToken(code), Email: email, CreatedBy: adminID, TeamID: team,
		ExpiresAt: now.Add(InviteTTL), CreatedAt: now}
	if err := s.db.Engine(ctx).Create(inv).Error; err != nil {
		return "", nil, err
	}
	return code, inv, nil
}

// OpenInvites lists the invites nobody has used and that have not expired,
// newest first.
func (s *Organisation) OpenInvites(ctx context.Context) ([]OpenInvite, error) {
	out := []OpenInvite{}
	err := s.db.Reader(ctx).Table("invites AS i").
		Select("i.id, i.email, i.team_id, t.name AS team_name, i.expires_at, i.created_at").
		Joins("LEFT JOIN teams AS t ON t.id = i.team_id").
		Where("i.used_at IS NULL AND i.expires_at > ?", s.Now()).
		Order("i.created_at DESC, i.id").Scan(&out).Error
	for i := range out {
		out[i].ExpiresAt, out[i].CreatedAt = out[i].ExpiresAt.UTC(), out[i].CreatedAt.UTC()
	}
	return out, err
}

// RevokeInvite deletes an unused invite, named by its id or by its code.
// A used invite stays (it records who came in with it): store.ErrNotFound.
func (s *Organisation) RevokeInvite(ctx context.Context, idOrCode string) error {
	q := s.db.Engine(ctx).Where("used_at IS NULL")
	if strings.HasPrefix(idOrCode, "inv_") {
		q = q.Where("code_hash = ?", store.HashToken(idOrCode))
	} else {
		q = q.Where("id = ?", idOrCode)
	}
	res := q.Delete(&Invite{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// joinInvitedTeam puts a user who registered with a team's invite into the
// team as a member, opening a membership period, inside the registration.
func (s *Organisation) joinInvitedTeam(tx *gorm.DB, teamID string, u *auth.User) error {
	now := s.Now()
	if err := tx.Create(&TeamMember{TeamID: teamID, UserID: u.ID, Role: auth.RoleMember, CreatedAt: now}).Error; err != nil {
		return err
	}
	return tx.Create(&TeamMembership{ID: store.NewID(), TeamID: teamID, UserID: u.ID,
		JoinedAt: now, JoinedOn: auth.LocalToday(now, u)}).Error
}
