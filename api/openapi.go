package api

import (
	"embed"
	"encoding/json"
	"net/http"
	"path"
	"sync"

	"github.com/labstack/echo/v4"
	"go.yaml.in/yaml/v4"
)

// openapiYAML is the API contract: every route, its bodies and answers.
// The API tests validate every answer they receive against it.
//
//go:embed openapi.yaml
var openapiYAML []byte

// docsFiles is the page at /api/docs that renders the contract: plain
// files that pass the server's CSP (no inline script or style, no CDN).
//
//go:embed docs
var docsFiles embed.FS

var openapiJSON = sync.OnceValues(func() ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(openapiYAML, &doc); err != nil {
		return nil, err
	}
	return json.Marshal(doc)
})

// OpenAPI is the API contract as JSON (an OpenAPI 3.1 document).
func OpenAPI() ([]byte, error) { return openapiJSON() }

// RouteInfo is one registered route: a method and an echo path such as
// /api/v1/entries/:id.
type RouteInfo struct {
	Method, Path string
}

// Routes lists every route the server has registered.
func (s *Server) Routes() []RouteInfo {
	rs := s.e.Routes()
	out := make([]RouteInfo, len(rs))
	for i, r := range rs {
		out[i] = RouteInfo{Method: r.Method, Path: r.Path}
	}
	return out
}

func serveOpenAPI(c echo.Context) error {
	body, err := OpenAPI()
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-cache")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}

var docsTypes = map[string]string{
	"index.html": "text/html; charset=utf-8",
	"docs.js":    "text/javascript; charset=utf-8",
	"docs.css":   "text/css; charset=utf-8",
}

// serveDocs serves the docs page (/api/docs) and its two assets
// (/api/docs/docs.js, /api/docs/docs.css).
func serveDocs(c echo.Context) error {
	name := c.Param("file")
	if name == "" {
		name = "index.html"
	}
	typ, ok := docsTypes[name]
	if !ok || name == "index.html" && c.Param("file") != "" {
		return echo.ErrNotFound
	}
	body, err := docsFiles.ReadFile(path.Join("docs", name))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-cache")
	return c.Blob(http.StatusOK, typ, body)
}
