package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/store"
)

type entryInput struct {
	TaskID   *string `json:"task_id"`
	Date     *string `json:"date"`
	Minutes  *int    `json:"minutes"`
	Note     *string `json:"note"`
	Billable *bool   `json:"billable"`
}

type entryView struct {
	*tracking.Entry
	Day *game.Day `json:"day"`
}

// sourceOf tells scripts (personal tokens) from people (the web app).
func sourceOf(c echo.Context) string {
	if via, _ := c.Get(apiTokenKey).(bool); via {
		return tracking.SourceAPI
	}
	return tracking.SourceWeb
}

func (s *Server) createEntry(c echo.Context) error {
	var in entryInput
	if err := decode(c, &in); err != nil {
		return err
	}
	var missing []valid.FieldError
	for _, f := range []struct {
		name string
		set  bool
	}{{"task_id", in.TaskID != nil}, {"date", in.Date != nil}, {"minutes", in.Minutes != nil}} {
		if !f.set {
			missing = append(missing, valid.FieldError{Field: f.name, Message: "is required"})
		}
	}
	if len(missing) > 0 {
		return &valid.Error{Fields: missing}
	}
	u := currentUser(c)
	ne := tracking.NewEntry{TaskID: *in.TaskID, Date: *in.Date, Minutes: *in.Minutes, Source: sourceOf(c)}
	if in.Note != nil {
		ne.Note = *in.Note
	}
	if in.Billable != nil {
		ne.Billable = *in.Billable
	}
	var idem *tracking.Idempotency
	if key := c.Request().Header.Get("Idempotency-Key"); key != "" {
		if err := valid.Text("Idempotency-Key", key, valid.MaxKeyChars); err != nil {
			return err
		}
		canonical, _ := json.Marshal(ne)
		sum := sha256.Sum256(canonical)
		idem = &tracking.Idempotency{Key: key, RequestHash: hex.EncodeToString(sum[:])}
	}
	ctx := c.Request().Context()
	created, err := s.game.RecordEntry(ctx, u, ne, idem, renderEntry)
	if err != nil {
		return err
	}
	body := created.Body
	if body == nil {
		if body, err = renderEntry(created.Entry, created.Day); err != nil {
			return err
		}
	}
	return c.Blob(http.StatusCreated, echo.MIMEApplicationJSON, body)
}

// renderEntry is POST /entries' answer: the entry and its date's day. A
// keyed request's answer is made in the transaction that stores it with
// its key.
func renderEntry(e *tracking.Entry, d *game.Day) ([]byte, error) {
	return json.Marshal(entryView{Entry: e, Day: d})
}

func (s *Server) filterOf(c echo.Context) (tracking.EntryFilter, error) {
	limit, err := queryInt(c, "limit")
	if err != nil {
		return tracking.EntryFilter{}, err
	}
	return tracking.EntryFilter{From: c.QueryParam("from"), To: c.QueryParam("to"), UserID: c.QueryParam("user_id"),
		TaskID: c.QueryParam("task_id"), TeamID: c.QueryParam("team_id"), Limit: limit, Cursor: c.QueryParam("cursor")}, nil
}

func (s *Server) listEntries(c echo.Context) error {
	f, err := s.filterOf(c)
	if err != nil {
		return err
	}
	f.TeamID = ""
	items, next, err := s.tr.Entries(c.Request().Context(), currentUser(c), f)
	if err != nil {
		return err
	}
	var cursor *string
	if next != "" {
		cursor = &next
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "next_cursor": cursor})
}

func (s *Server) getEntry(c echo.Context) error {
	e, err := s.tr.Entry(c.Request().Context(), currentUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, e.Version())
	return c.JSON(http.StatusOK, e)
}

func (s *Server) patchEntry(c echo.Context) error {
	var in entryInput
	if err := decode(c, &in); err != nil {
		return err
	}
	e, err := s.game.UpdateEntry(c.Request().Context(), currentUser(c), c.Param("id"), tracking.EntryChange{
		TaskID: in.TaskID, Date: in.Date, Minutes: in.Minutes, Note: in.Note, Billable: in.Billable, IfVersion: ifMatch(c)})
	if err != nil {
		return err
	}
	setETag(c, e.Version())
	return c.JSON(http.StatusOK, e)
}

func (s *Server) deleteEntry(c echo.Context) error {
	if err := s.game.DeleteEntry(c.Request().Context(), currentUser(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) exportEntries(c echo.Context) error {
	f, err := s.filterOf(c)
	if err != nil {
		return err
	}
	f.TeamID = ""
	w := &lazyCSV{c: c}
	return s.tr.ExportCSV(c.Request().Context(), currentUser(c), f, w)
}

// lazyCSV sets the CSV headers on the first write, so a validation error
// found before any row can still answer as problem+json.
type lazyCSV struct {
	c       echo.Context
	started bool
}

func (w *lazyCSV) Write(p []byte) (int, error) {
	if !w.started {
		w.started = true
		h := w.c.Response().Header()
		h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		h.Set(echo.HeaderContentDisposition, `attachment; filename="timestreak-entries.csv"`)
		w.c.Response().WriteHeader(http.StatusOK)
	}
	n, err := w.c.Response().Write(p)
	w.c.Response().Flush()
	return n, err
}

func (s *Server) summary(c echo.Context) error {
	f, err := s.filterOf(c)
	if err != nil {
		return err
	}
	sum, err := s.tr.Summarize(c.Request().Context(), currentUser(c), f, c.QueryParam("group_by"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sum)
}

func (s *Server) startTimer(c echo.Context) error {
	var in struct {
		TaskID string `json:"task_id"`
		Note   string `json:"note"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	t, err := s.tr.StartTimer(c.Request().Context(), currentUser(c), in.TaskID, in.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

func (s *Server) getTimer(c echo.Context) error {
	t, err := s.tr.RunningTimer(c.Request().Context(), currentUser(c))
	if errors.Is(err, store.ErrNotFound) {
		return c.NoContent(http.StatusNoContent)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) stopTimer(c echo.Context) error {
	items, err := s.game.StopTimer(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) listTimeOff(c echo.Context) error {
	days, err := s.tr.TimeOff(c.Request().Context(), currentUser(c).ID, c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, days)
}

func (s *Server) putTimeOff(c echo.Context) error {
	created, err := s.tr.SetTimeOff(c.Request().Context(), currentUser(c), c.Param("date"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, map[string]string{"date": c.Param("date")})
}

func (s *Server) deleteTimeOff(c echo.Context) error {
	if err := s.tr.DeleteTimeOff(c.Request().Context(), currentUser(c), c.Param("date")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
