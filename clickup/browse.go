package clickup

import (
	"context"
	"net/url"

	"github.com/timestreak/timestreak/internal/valid"
)

// ListRef is a list an admin can pick, with where it sits in ClickUp's
// hierarchy (space, and folder unless it is folderless).
type ListRef struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Space  string `json:"space"`
	Folder string `json:"folder"`
}

// Workspace is what a token reaches, for picking lists before connecting.
type Workspace struct {
	TeamID   string    `json:"team_id"`
	TeamName string    `json:"team_name"`
	Lists    []ListRef `json:"lists"`
}

type named struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

// Browse lists every list of the token's workspace (the first it reaches,
// as Connect uses): Get Spaces, then each space's folders with their lists
// and its folderless lists.
func (s *Service) Browse(ctx context.Context, token string) (*Workspace, error) {
	if err := checkToken(token); err != nil {
		return nil, err
	}
	teams, err := s.client.Teams(ctx, token)
	if err != nil {
		return nil, clickupRefused("token", "", err)
	}
	if len(teams) == 0 {
		return nil, valid.Invalid("token", "ClickUp says this token reaches no workspace")
	}
	team := teams[0]
	out := &Workspace{TeamID: string(team.ID), TeamName: team.Name, Lists: []ListRef{}}
	var spaces struct {
		Spaces []named `json:"spaces"`
	}
	if err := s.client.get(ctx, token, "/team/"+url.PathEscape(string(team.ID))+"/space", nil, &spaces); err != nil {
		return nil, clickupRefused("token", "spaces: ", err)
	}
	for _, sp := range spaces.Spaces {
		var folders struct {
			Folders []struct {
				named
				Lists []named `json:"lists"`
			} `json:"folders"`
		}
		if err := s.client.get(ctx, token, "/space/"+url.PathEscape(string(sp.ID))+"/folder", nil, &folders); err != nil {
			return nil, clickupRefused("token", "folders: ", err)
		}
		for _, f := range folders.Folders {
			for _, l := range f.Lists {
				out.Lists = append(out.Lists, ListRef{ID: string(l.ID), Name: l.Name, Space: sp.Name, Folder: f.Name})
			}
		}
		var lists struct {
			Lists []named `json:"lists"`
		}
		if err := s.client.get(ctx, token, "/space/"+url.PathEscape(string(sp.ID))+"/list", nil, &lists); err != nil {
			return nil, clickupRefused("token", "lists: ", err)
		}
		for _, l := range lists.Lists {
			out.Lists = append(out.Lists, ListRef{ID: string(l.ID), Name: l.Name, Space: sp.Name})
		}
	}
	return out, nil
}
