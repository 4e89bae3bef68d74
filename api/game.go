package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/store"
)

func (s *Server) myPoints(c echo.Context) error {
	rows, err := s.game.Points(c.Request().Context(), currentUser(c).ID, c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rows)
}

func (s *Server) myHistory(c echo.Context) error {
	h, err := s.game.History(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h)
}

func (s *Server) myNotifications(c echo.Context) error {
	limit, err := queryInt(c, "limit")
	if err != nil {
		return err
	}
	if limit == 0 && c.QueryParams().Has("limit") { // limit=0 or limit=: not "the default"
		return invalidField("limit", "must be from 1 to 100")
	}
	ns, err := s.game.Notifications(c.Request().Context(), currentUser(c).ID, c.QueryParam("before"), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ns)
}

func (s *Server) readNotifications(c echo.Context) error {
	var in struct {
		IDs []string `json:"ids"`
		All bool     `json:"all"` // every unread one, beyond the pages the app has shown
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	switch {
	case len(in.IDs) > 1000:
		return invalidField("ids", "must list at most 1000 ids")
	case in.All && len(in.IDs) > 0:
		return invalidField("all", "marks every notification read: send it without ids")
	}
	if err := s.game.MarkRead(c.Request().Context(), currentUser(c).ID, in.IDs, in.All); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// leaderboard serves a team's board from the board cache (boardcache.go).
// The access check is exact: the caller must be an admin or in the
// member set loaded with the team, and an unknown team and someone else's
// team answer the same 404.
func (s *Server) leaderboard(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	tf, err := s.boards.team(ctx, id, func(ctx context.Context) (*teamFacts, error) {
		t, err := s.tr.TeamByID(ctx, id)
		if err != nil {
			return nil, err
		}
		ids, err := s.tr.MemberIDs(ctx, id)
		if err != nil {
			return nil, err
		}
		tf := &teamFacts{team: *t, members: make(map[string]bool, len(ids))}
		for _, m := range ids {
			tf.members[m] = true
		}
		return tf, nil
	})
	if err != nil {
		return err
	}
	if u := currentUser(c); !u.IsAdmin() && !tf.members[u.ID] {
		return store.ErrNotFound
	}
	q, err := s.game.ResolveBoard(&tf.team, c.QueryParam("period"), c.QueryParam("date"), c.QueryParam("metric"))
	if err != nil {
		return err
	}
	key := boardKey{team: id, period: q.Period, from: q.From, to: q.To, metric: q.Metric}
	body, err := s.boards.board(ctx, key, func(ctx context.Context) ([]byte, error) {
		b, err := s.game.Board(ctx, &tf.team, q)
		if err != nil {
			return nil, err
		}
		// As c.JSON writes it, newline included.
		var buf bytes.Buffer
		err = json.NewEncoder(&buf).Encode(b)
		return buf.Bytes(), err
	})
	if err != nil {
		return err
	}
	// A board of a big team is ~100 KB: with its length known, it goes out
	// in one write rather than in chunks.
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}
