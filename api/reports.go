package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking"
)

// report answers the reports screen in one request: the time in a range
// that the caller may see, filtered and grouped once or twice.
func (s *Server) report(c echo.Context) error {
	viewer := currentUser(c)
	q := tracking.PivotQuery{
		From: c.QueryParam("from"), To: c.QueryParam("to"), TeamID: c.QueryParam("team_id"),
		UserIDs: listParam(c, "user_id"), ProjectIDs: listParam(c, "project_id"), TaskIDs: listParam(c, "task_id"),
		Kinds: listParam(c, "kind"), GroupBy: listParam(c, "group_by"),
	}
	if v := c.QueryParam("billable"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return invalidField("billable", "must be true or false")
		}
		q.Billable = &b
	}
	rep, err := s.tr.Report(c.Request().Context(), viewer, q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

// listParam reads a parameter given several times, comma-separated, or
// both (user_id=a,b&user_id=c), without empty items.
func listParam(c echo.Context, name string) []string {
	var out []string
	for _, v := range c.QueryParams()[name] {
		for item := range strings.SplitSeq(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}
