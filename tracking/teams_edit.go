package tracking

import (
	"context"
)

// TeamChange is a PATCH of a team: nil fields stay as they are.
type TeamChange struct {
	Name     *string
	Timezone *string
}

// UpdateTeam renames a team or changes its time zone (admins only; the API
// checks the role).
func (s *Service) UpdateTeam(ctx context.Context, id string, ch TeamChange) (*Team, error) {
	t, err := s.TeamByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var errs fieldErrors
	if ch.Name != nil {
		name, err := CheckName("name", *ch.Name, MaxNameChars)
		errs.from(err)
		t.Name = name
	}
	if ch.Timezone != nil {
		if _, err := Location(*ch.Timezone); err != nil || *ch.Timezone == "" {
			errs.add("timezone", "must be an IANA time zone such as Europe/Berlin")
		}
		t.Timezone = *ch.Timezone
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	t.UpdatedAt = s.Now()
	err = s.db.W.WithContext(ctx).Model(&Team{}).Where("id = ?", id).
		Updates(map[string]any{"name": t.Name, "timezone": t.Timezone, "updated_at": t.UpdatedAt}).Error
	return t, err
}
