package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/org"
)

func (s *Server) createProject(c echo.Context) error {
	var in struct {
		Name  string  `json:"name"`
		Color *string `json:"color"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	p, err := s.tr.CreateProject(c.Request().Context(), in.Name, in.Color)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (s *Server) listProjects(c echo.Context) error {
	ps, err := s.tr.Projects(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ps)
}

func (s *Server) patchProject(c echo.Context) error {
	var in struct {
		Name     *string `json:"name"`
		Color    *string `json:"color"`
		Archived *bool   `json:"archived"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	p, err := s.game.UpdateProject(c.Request().Context(), c.Param("id"), org.ProjectChange{Name: in.Name, Color: in.Color, Archived: in.Archived})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) createTask(c echo.Context) error {
	var in struct {
		Name        string  `json:"name"`
		ExternalRef *string `json:"external_ref"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	t, err := s.tr.AddTask(c.Request().Context(), currentUser(c), c.Param("id"), in.Name, in.ExternalRef)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

// listProjectTasks pages like GET /entries: {items, next_cursor}.
func (s *Server) listProjectTasks(c echo.Context) error {
	limit, err := queryInt(c, "limit")
	if err != nil {
		return err
	}
	ts, next, err := s.tr.ProjectTasks(c.Request().Context(), c.Param("id"), c.QueryParam("q"), limit, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	var cursor *string
	if next != "" {
		cursor = &next
	}
	return c.JSON(http.StatusOK, map[string]any{"items": ts, "next_cursor": cursor})
}

func (s *Server) patchTask(c echo.Context) error {
	var in struct {
		Name        *string `json:"name"`
		ExternalRef *string `json:"external_ref"`
		Archived    *bool   `json:"archived"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, id := c.Request().Context(), c.Param("id")
	synced := false
	if s.cfg.ClickUp != nil { // a server without the integration has no synced tasks
		var err error
		if synced, err = s.cfg.ClickUp.Synced(ctx, id); err != nil {
			return err
		}
	}
	t, err := s.game.EditTask(ctx, currentUser(c), id, org.TaskChange{Name: in.Name, ExternalRef: in.ExternalRef, Archived: in.Archived}, synced)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) searchTasks(c echo.Context) error {
	limit, err := queryInt(c, "limit")
	if err != nil {
		return err
	}
	if limit < 0 {
		return invalidField("limit", "must be a positive number")
	}
	if limit == 0 {
		limit = 20
	}
	ts, err := s.tr.SearchTasks(c.Request().Context(), c.QueryParam("q"), min(limit, 100))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}
