package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/auth"
)

func (s *Server) createTeam(c echo.Context) error {
	var in struct {
		Name     string `json:"name"`
		Timezone string `json:"timezone"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	t, err := s.tr.CreateTeam(c.Request().Context(), in.Name, in.Timezone)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

func (s *Server) listTeams(c echo.Context) error {
	ts, err := s.tr.Teams(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}

func (s *Server) getTeam(c echo.Context) error {
	t, err := s.tr.Team(c.Request().Context(), currentUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

type memberView struct {
	User struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email,omitempty"`
	} `json:"user"`
	Role string `json:"role"`
}

// listMembers shows a team's members to its members; emails only to the
// admin and the team's leads.
func (s *Server) listMembers(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	t, err := s.tr.Team(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	emails := u.IsAdmin()
	if !emails {
		if emails, err = s.tr.LeadsTeam(ctx, u, t.ID); err != nil {
			return err
		}
	}
	ms, err := s.tr.Members(ctx, t.ID)
	if err != nil {
		return err
	}
	out := make([]memberView, len(ms))
	for i, m := range ms {
		out[i].User.ID, out[i].User.Name = m.User.ID, m.User.Name
		if emails {
			out[i].User.Email = m.User.Email
		}
		out[i].Role = m.Role
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) putMember(c echo.Context) error {
	var in struct {
		Role string `json:"role"`
	}
	if err := decodeOptional(c, &in); err != nil {
		return err
	}
	created, err := s.tr.SetMember(c.Request().Context(), currentUser(c), c.Param("id"), c.Param("user_id"), in.Role)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	role := in.Role
	if role == "" {
		role = auth.RoleMember
	}
	return c.JSON(status, map[string]string{"team_id": c.Param("id"), "user_id": c.Param("user_id"), "role": role})
}

func (s *Server) deleteMember(c echo.Context) error {
	if err := s.tr.RemoveMember(c.Request().Context(), currentUser(c), c.Param("id"), c.Param("user_id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
