package api

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// ifMatch reads the If-Match header as the versions an edit was made
// against; nil when absent or "*" (any version). Weak and strong tags
// compare alike: versions name content.
func ifMatch(c echo.Context) []string {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil
	}
	tags := []string{}
	for _, t := range strings.Split(h, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		tags = append(tags, strings.Trim(t, `"`))
	}
	return tags
}

// setETag gives an answer the version of what it shows.
func setETag(c echo.Context, version string) {
	c.Response().Header().Set("ETag", `"`+version+`"`)
}
