package org

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// CreateTeam adds a team (admins only; the API checks the role).
func (s *Organisation) CreateTeam(ctx context.Context, name, timezone string) (*Team, error) {
	var errs valid.Fields
	name, err := valid.Name("name", name, valid.MaxNameChars)
	errs.From(err)
	if timezone == "" {
		timezone = "UTC"
	}
	_, err = valid.Zone("timezone", timezone)
	errs.From(err)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	now := s.Now()
	t := &Team{ID: store.NewID(), Name: name, Timezone: timezone, Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now}}
	return t, s.db.Engine(ctx).Create(t).Error
}

// Teams lists all teams for an admin, otherwise the user's own.
func (s *Organisation) Teams(ctx context.Context, u *auth.User) ([]Team, error) {
	ts := []Team{}
	q := s.db.Reader(ctx).Order("name, id")
	if !u.IsAdmin() {
		q = q.Where("id IN (?)", s.db.R.Model(&TeamMember{}).Select("team_id").Where("user_id = ?", u.ID))
	}
	return ts, q.Find(&ts).Error
}

// Team loads a team the user may see: admins see all, members their own.
func (s *Organisation) Team(ctx context.Context, u *auth.User, id string) (*Team, error) {
	var t Team
	if err := s.db.Reader(ctx).Where("id = ?", id).Take(&t).Error; err != nil {
		return nil, store.NotFound(err)
	}
	if u.IsAdmin() {
		return &t, nil
	}
	if _, err := s.membership(ctx, id, u.ID); err != nil {
		return nil, err
	}
	return &t, nil
}

// TeamByID loads a team without an access check, for jobs.
func (s *Organisation) TeamByID(ctx context.Context, id string) (*Team, error) {
	var t Team
	if err := s.db.Reader(ctx).Where("id = ?", id).Take(&t).Error; err != nil {
		return nil, store.NotFound(err)
	}
	return &t, nil
}

// AllTeams lists every team, for jobs.
func (s *Organisation) AllTeams(ctx context.Context) ([]Team, error) {
	var ts []Team
	return ts, s.db.Reader(ctx).Order("id").Find(&ts).Error
}

func (s *Organisation) membership(ctx context.Context, teamID, userID string) (*TeamMember, error) {
	var m TeamMember
	if err := s.db.Reader(ctx).Where("team_id = ? AND user_id = ?", teamID, userID).Take(&m).Error; err != nil {
		return nil, store.NotFound(err)
	}
	return &m, nil
}

// Member is a team member as listed.
type Member struct {
	User auth.User
	Role string
}

// Members lists a team's members (with their user rows), by name.
func (s *Organisation) Members(ctx context.Context, teamID string) ([]Member, error) {
	type row struct {
		auth.User
		MemberRole string
	}
	var rows []row
	err := s.db.Reader(ctx).Table("users").
		Select("users.*, team_members.role AS member_role").
		Joins("JOIN team_members ON team_members.user_id = users.id").
		Where("team_members.team_id = ?", teamID).Order("users.name, users.id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]Member, len(rows))
	for i, r := range rows {
		out[i] = Member{User: r.User, Role: r.MemberRole}
	}
	return out, nil
}

// TeamMembership is one period of a user's membership of a team, from
// JoinedAt until LeftAt (nil while it lasts). JoinedOn and LeftOn are the
// user's local dates at those instants, in the time zone the user had then:
// a lead of the team sees the user's entries dated JoinedOn through LeftOn,
// both included. Leaving closes the period; re-joining opens a new one.
type TeamMembership struct {
	ID       string     `json:"-"`
	TeamID   string     `json:"-"`
	UserID   string     `json:"-"`
	JoinedAt time.Time  `json:"joined_at"`
	JoinedOn string     `json:"joined_on"`
	LeftAt   *time.Time `json:"left_at"`
	LeftOn   *string    `json:"left_on"`
}

// onlyAdmin: team membership is the admin's (leads included, nobody else
// adds, removes, promotes or demotes).
func onlyAdmin(u *auth.User) error {
	if !u.IsAdmin() {
		return &store.ForbiddenError{Reason: "only an admin can change a team's members"}
	}
	return nil
}

// SetMember adds a user to a team or changes their role there; only an
// admin may. Adding opens a membership period. It reports whether the
// membership is new.
func (s *Organisation) SetMember(ctx context.Context, u *auth.User, teamID, userID, role string) (bool, error) {
	if err := onlyAdmin(u); err != nil {
		return false, err
	}
	if _, err := s.TeamByID(ctx, teamID); err != nil {
		return false, err
	}
	if role == "" {
		role = auth.RoleMember
	}
	if err := valid.TeamRole("role", role); err != nil {
		return false, err
	}
	member, err := s.accounts.User(ctx, userID)
	if err != nil {
		return false, err
	}
	created := false
	err = s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.Now()
		// Insert first: of two concurrent adds, one inserts and the other
		// updates, instead of both inserting.
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).
			Create(&TeamMember{TeamID: teamID, UserID: userID, Role: role, CreatedAt: now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return tx.Model(&TeamMember{}).Where("team_id = ? AND user_id = ?", teamID, userID).Update("role", role).Error
		}
		created = true
		return tx.Create(&TeamMembership{ID: store.NewID(), TeamID: teamID, UserID: userID,
			JoinedAt: now, JoinedOn: auth.LocalToday(now, member)}).Error
	})
	return created, err
}

// RemoveMember takes a user out of a team (admins only). The membership
// period closes; its record stays.
func (s *Organisation) RemoveMember(ctx context.Context, u *auth.User, teamID, userID string) error {
	if err := onlyAdmin(u); err != nil {
		return err
	}
	member, err := s.accounts.User(ctx, userID)
	if err != nil {
		return err
	}
	return s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("team_id = ? AND user_id = ?", teamID, userID).Delete(&TeamMember{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return store.ErrNotFound
		}
		now := s.Now()
		leftOn := auth.LocalToday(now, member)
		return tx.Model(&TeamMembership{}).Where("team_id = ? AND user_id = ? AND left_at IS NULL", teamID, userID).
			Updates(map[string]any{"left_at": now, "left_on": leftOn}).Error
	})
}

// MembershipHistory lists every membership period of a team, oldest first.
func (s *Organisation) MembershipHistory(ctx context.Context, teamID string) ([]TeamMembership, error) {
	var ms []TeamMembership
	err := s.db.Reader(ctx).Where("team_id = ?", teamID).Order("joined_at, id").Find(&ms).Error
	return ms, err
}

// Memberships lists a user's membership periods of a team, oldest first.
func (s *Organisation) Memberships(ctx context.Context, teamID, userID string) ([]TeamMembership, error) {
	ms := []TeamMembership{}
	err := s.db.Reader(ctx).Where("team_id = ? AND user_id = ?", teamID, userID).Order("joined_at, id").Find(&ms).Error
	return ms, err
}

// LeadsTeam tells whether u is a lead of the team now.
func (s *Organisation) LeadsTeam(ctx context.Context, u *auth.User, teamID string) (bool, error) {
	m, err := s.membership(ctx, teamID, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.Role == auth.RoleLead, nil
}

// MemberIDs lists the ids of a team's members.
func (s *Organisation) MemberIDs(ctx context.Context, teamID string) ([]string, error) {
	var ids []string
	err := s.db.Reader(ctx).Model(&TeamMember{}).Where("team_id = ?", teamID).Order("user_id").Pluck("user_id", &ids).Error
	return ids, err
}

// LeadOf tells whether u leads a team that userID belongs or belonged to
// on date (on any date when date is empty).
func (s *Organisation) LeadOf(ctx context.Context, u *auth.User, userID, date string) (bool, error) {
	var n int64
	q := s.db.Reader(ctx).Table("team_members AS l").
		Joins("JOIN team_memberships AS h ON h.team_id = l.team_id").
		Where("l.user_id = ? AND l.role = ? AND h.user_id = ?", u.ID, auth.RoleLead, userID)
	if date != "" {
		q = q.Where("h.joined_on <= ? AND (h.left_on IS NULL OR h.left_on >= ?)", date, date)
	}
	err := q.Count(&n).Error
	return n > 0, err
}

// MemberNames lists a team's members (deactivated ones too) by id, with
// their names.
func (s *Organisation) MemberNames(ctx context.Context, teamID string) (map[string]string, error) {
	var rows []struct{ ID, Name string }
	if err := s.db.Reader(ctx).Table("users").Select("users.id, users.name").
		Joins("JOIN team_members ON team_members.user_id = users.id").
		Where("team_members.team_id = ?", teamID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}
