package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/org"
)

// createInvite makes a single-use code; with team_id the person who uses it
// joins that team as a member.
func (s *Server) createInvite(c echo.Context) error {
	var in struct {
		Email  string `json:"email"`
		TeamID string `json:"team_id"`
	}
	if err := decodeOptional(c, &in); err != nil {
		return err
	}
	code, inv, err := s.tr.CreateInvite(c.Request().Context(), currentUser(c).ID, org.NewInvite{Email: in.Email, TeamID: in.TeamID})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": inv.ID, "code": code, "email": inv.Email,
		"team_id": inv.TeamID, "expires_at": inv.ExpiresAt})
}

// listInvites shows the open invites (unused, unexpired), without codes.
func (s *Server) listInvites(c echo.Context) error {
	list, err := s.tr.OpenInvites(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// revokeInvite deletes an unused invite, named by id or code.
func (s *Server) revokeInvite(c echo.Context) error {
	if err := s.tr.RevokeInvite(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
