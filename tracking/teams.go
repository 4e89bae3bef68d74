package tracking

import (
	"context"

	"gorm.io/gorm/clause"
)

// CreateTeam adds a team (admins only; the API checks the role).
func (s *Service) CreateTeam(ctx context.Context, name, timezone string) (*Team, error) {
	var errs fieldErrors
	name, err := CheckName("name", name, MaxNameChars)
	errs.from(err)
	if timezone == "" {
		timezone = "UTC"
	}
	if _, err := Location(timezone); err != nil {
		errs.add("timezone", "must be an IANA time zone such as Europe/Berlin")
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	now := s.Now()
	t := &Team{ID: newID(), Name: name, Timezone: timezone, CreatedAt: now, UpdatedAt: now}
	return t, s.db.W.WithContext(ctx).Create(t).Error
}

// Teams lists all teams for an admin, otherwise the user's own.
func (s *Service) Teams(ctx context.Context, u *User) ([]Team, error) {
	ts := []Team{}
	q := s.db.R.WithContext(ctx).Order("name, id")
	if !u.IsAdmin() {
		q = q.Where("id IN (?)", s.db.R.Model(&TeamMember{}).Select("team_id").Where("user_id = ?", u.ID))
	}
	return ts, q.Find(&ts).Error
}

// Team loads a team the user may see: admins see all, members their own.
func (s *Service) Team(ctx context.Context, u *User, id string) (*Team, error) {
	var t Team
	if err := s.db.R.WithContext(ctx).Where("id = ?", id).Take(&t).Error; err != nil {
		return nil, notFound(err)
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
func (s *Service) TeamByID(ctx context.Context, id string) (*Team, error) {
	var t Team
	if err := s.db.R.WithContext(ctx).Where("id = ?", id).Take(&t).Error; err != nil {
		return nil, notFound(err)
	}
	return &t, nil
}

// AllTeams lists every team, for jobs.
func (s *Service) AllTeams(ctx context.Context) ([]Team, error) {
	var ts []Team
	return ts, s.db.R.WithContext(ctx).Order("id").Find(&ts).Error
}

func (s *Service) membership(ctx context.Context, teamID, userID string) (*TeamMember, error) {
	var m TeamMember
	if err := s.db.R.WithContext(ctx).Where("team_id = ? AND user_id = ?", teamID, userID).Take(&m).Error; err != nil {
		return nil, notFound(err)
	}
	return &m, nil
}

// Member is a team member as listed.
type Member struct {
	User User
	Role string
}

// Members lists a team's members (with their user rows), by name.
func (s *Service) Members(ctx context.Context, teamID string) ([]Member, error) {
	type row struct {
		User
		MemberRole string
	}
	var rows []row
	err := s.db.R.WithContext(ctx).Table("users").
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

// canManage tells whether u may change the team's membership.
func (s *Service) canManage(ctx context.Context, u *User, teamID string) error {
	if _, err := s.Team(ctx, u, teamID); err != nil {
		return err
	}
	if u.IsAdmin() {
		return nil
	}
	m, err := s.membership(ctx, teamID, u.ID)
	if err != nil {
		return err
	}
	if m.Role != RoleLead {
		return &ForbiddenError{Reason: "only a team lead or an admin can manage members"}
	}
	return nil
}

// SetMember adds a user to a team or changes their role there. It reports
// whether the membership is new.
func (s *Service) SetMember(ctx context.Context, u *User, teamID, userID, role string) (bool, error) {
	if err := s.canManage(ctx, u, teamID); err != nil {
		return false, err
	}
	if role == "" {
		role = RoleMember
	}
	if role != RoleMember && role != RoleLead {
		return false, Invalid("role", "must be member or lead")
	}
	if _, err := s.User(ctx, userID); err != nil {
		return false, err
	}
	// Insert first: of two concurrent adds, one inserts and the other
	// updates, instead of both inserting.
	db := s.db.W.WithContext(ctx)
	res := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&TeamMember{TeamID: teamID, UserID: userID, Role: role, CreatedAt: s.Now()})
	if res.Error != nil || res.RowsAffected == 1 {
		return res.RowsAffected == 1, res.Error
	}
	return false, db.Model(&TeamMember{}).Where("team_id = ? AND user_id = ?", teamID, userID).Update("role", role).Error
}

// RemoveMember takes a user out of a team.
func (s *Service) RemoveMember(ctx context.Context, u *User, teamID, userID string) error {
	if err := s.canManage(ctx, u, teamID); err != nil {
		return err
	}
	res := s.db.W.WithContext(ctx).Where("team_id = ? AND user_id = ?", teamID, userID).Delete(&TeamMember{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// MemberIDs lists the ids of a team's members.
func (s *Service) MemberIDs(ctx context.Context, teamID string) ([]string, error) {
	var ids []string
	err := s.db.R.WithContext(ctx).Model(&TeamMember{}).Where("team_id = ?", teamID).Order("user_id").Pluck("user_id", &ids).Error
	return ids, err
}

// LeadOf tells whether u leads a team that userID belongs to.
func (s *Service) LeadOf(ctx context.Context, u *User, userID string) (bool, error) {
	var n int64
	err := s.db.R.WithContext(ctx).Table("team_members AS l").
		Joins("JOIN team_members AS m ON m.team_id = l.team_id").
		Where("l.user_id = ? AND l.role = ? AND m.user_id = ?", u.ID, RoleLead, userID).Count(&n).Error
	return n > 0, err
}
