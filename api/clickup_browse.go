package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/store"
)

// browseClickUp lists the lists a token reaches, so the admin picks them
// by name before connecting. The token is used for this call only.
func (s *Server) browseClickUp(c echo.Context) error {
	if s.cfg.ClickUp == nil {
		return store.ErrNotFound
	}
	var in struct {
		Token string `json:"token"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ws, err := s.cfg.ClickUp.Browse(c.Request().Context(), strings.TrimSpace(in.Token))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ws)
}
