package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/org"
)

// patchTeam renames a team, sets its time zone or the Slack channel its
// weekly winners are posted to (admin).
func (s *Server) patchTeam(c echo.Context) error {
	var in struct {
		Name         *string `json:"name"`
		Timezone     *string `json:"timezone"`
		SlackChannel *string `json:"slack_channel"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	t, err := s.tr.UpdateTeam(c.Request().Context(), c.Param("id"), org.TeamChange{Name: in.Name, Timezone: in.Timezone, SlackChannel: in.SlackChannel})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}
