package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) myPoints(c echo.Context) error {
	rows, err := s.game.Points(c.Request().Context(), currentUser(c).ID, c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rows)
}

func (s *Server) myNotifications(c echo.Context) error {
	ns, err := s.game.Notifications(c.Request().Context(), currentUser(c).ID, 100)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ns)
}

func (s *Server) readNotifications(c echo.Context) error {
	var in struct {
		IDs []string `json:"ids"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if len(in.IDs) > 1000 {
		return invalidField("ids", "must list at most 1000 ids")
	}
	if err := s.game.MarkRead(c.Request().Context(), currentUser(c).ID, in.IDs); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) leaderboard(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.tr.Team(ctx, currentUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	b, err := s.game.Leaderboard(ctx, t, c.QueryParam("period"), c.QueryParam("date"), c.QueryParam("metric"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}
