package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// createPasswordReset gives an admin a single-use link, valid for a day,
// for someone who forgot their password. The code is shown only here.
func (s *Server) createPasswordReset(c echo.Context) error {
	if err := decodeOptional(c, &struct{}{}); err != nil {
		return err
	}
	code, pr, err := s.tr.CreatePasswordReset(c.Request().Context(), currentUser(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": pr.ID, "user_id": pr.UserID, "code": code,
		"expires_at": pr.ExpiresAt.UTC()})
}

// resetPassword sets a new password with a reset code, ends the person's
// other sessions and tokens, and signs them in.
func (s *Server) resetPassword(c echo.Context) error {
	if err := s.passwordLogin(); err != nil {
		return err
	}
	var in struct {
		Code     string `json:"code"`
		Password string `json:"password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Code == "" {
		return invalidField("code", "is required")
	}
	u, err := s.tr.ResetPassword(c.Request().Context(), in.Code, in.Password)
	if err != nil {
		return err
	}
	return s.startSession(c, u, http.StatusOK)
}
