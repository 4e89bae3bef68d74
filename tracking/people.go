package tracking

import "context"

// TeamRole is one team a person is on now, and their role in it.
type TeamRole struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// PersonFacts is what the admin's list of people shows beside each profile.
type PersonFacts struct {
	Teams       []TeamRole
	LastEntryOn *string // the date of their latest live entry, if any
}

// PeopleFacts gives every user's current teams and last entry date, in two
// grouped queries however many people there are.
func (s *Service) PeopleFacts(ctx context.Context) (map[string]*PersonFacts, error) {
	db := s.db.Reader(ctx)
	out := map[string]*PersonFacts{}
	of := func(id string) *PersonFacts {
		if out[id] == nil {
			out[id] = &PersonFacts{Teams: []TeamRole{}}
		}
		return out[id]
	}
	var teams []struct {
		UserID, ID, Name, Role string
	}
	if err := db.Table("team_members AS m").Select("m.user_id, t.id, t.name, m.role").
		Joins("JOIN teams AS t ON t.id = m.team_id").Order("t.name, t.id").Scan(&teams).Error; err != nil {
		return nil, err
	}
	for _, t := range teams {
		f := of(t.UserID)
		f.Teams = append(f.Teams, TeamRole{ID: t.ID, Name: t.Name, Role: t.Role})
	}
	var last []struct {
		UserID string
		Last   string
	}
	// From the per-day totals (one row a person and date), not the entries.
	if err := db.Model(&dayTotal{}).Select("user_id, MAX(date) AS last").Where("minutes > 0").Group("user_id").Scan(&last).Error; err != nil {
		return nil, err
	}
	for _, l := range last {
		d := l.Last
		of(l.UserID).LastEntryOn = &d
	}
	return out, nil
}
