package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking"
)

// patchTeam renames a team or sets its time zone (admin).
func (s *Server) patchTeam(c echo.Context) error {
	var in struct {
		Name     *string `json:"name"`
		Timezone *string `json:"timezone"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	t, err := s.tr.UpdateTeam(c.Request().Context(), c.Param("id"), tracking.TeamChange{Name: in.Name, Timezone: in.Timezone})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}
