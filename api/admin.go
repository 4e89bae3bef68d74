package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/store"
)

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		s.log.Warn("not ready", "error", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) listJobs(c echo.Context) error {
	return c.JSON(http.StatusOK, s.jobs.List())
}

// runJob runs a job now. A job that ran and failed (ClickUp or Slack
// unreachable, say) answers 200 with its status, whose last_error says
// why: the run was done as asked, and the failure is the job's news.
func (s *Server) runJob(c echo.Context) error {
	name := c.Param("name")
	if !slices.ContainsFunc(s.jobs.List(), func(j JobStatus) bool { return j.Name == name }) {
		return store.ErrNotFound
	}
	_ = s.jobs.Run(c.Request().Context(), name)
	for _, j := range s.jobs.List() {
		if j.Name == name {
			return c.JSON(http.StatusOK, j)
		}
	}
	return store.ErrNotFound
}

func (s *Server) recompute(c echo.Context) error {
	if err := s.game.Recompute(c.Request().Context()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "recomputed"})
}

// setClock moves the test clock forward; it does not exist in production.
func (s *Server) setClock(c echo.Context) error {
	if s.cfg.TestClock == nil {
		return store.ErrNotFound
	}
	var in struct {
		Now *string `json:"now"` // parsed here, so a bad time is a 422 naming the field
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Now == nil {
		return invalidField("now", "is required (RFC 3339)")
	}
	now, err := time.Parse(time.RFC3339, *in.Now)
	if err != nil {
		return invalidField("now", "must be an RFC 3339 time such as 2026-03-02T12:00:00Z")
	}
	d := now.Sub(s.cfg.TestClock.Now())
	if d < 0 {
		return invalidField("now", "the clock only moves forward")
	}
	s.cfg.TestClock.Advance(d)
	return c.JSON(http.StatusOK, map[string]time.Time{"now": s.cfg.TestClock.Now().UTC()})
}
