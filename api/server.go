// Package api serves timestreak's JSON API over echo.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/slackapp"
	"github.com/timestreak/timestreak/sso"
	"github.com/timestreak/timestreak/tracking"
)

// Jobs lists and runs the scheduled jobs; main implements it over gocron.
type Jobs interface {
	List() []JobStatus
	Run(ctx context.Context, name string) error
}

// JobStatus is one scheduled job as GET /admin/jobs shows it.
type JobStatus struct {
	Name      string     `json:"name"`
	LastRun   *time.Time `json:"last_run"`
	NextRun   *time.Time `json:"next_run"`
	LastError *string    `json:"last_error"`
}

// Pinger checks that the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is what the server needs besides its collaborators.
type Config struct {
	Secret      []byte               // HS256 signing key
	TestClock   *clockwork.FakeClock // non-nil enables PUT /admin/clock
	Frontend    http.Handler         // the web app, served at /
	Registry    *prometheus.Registry // metrics
	CORSOrigins []string             // allowed cross-origin callers; none by default
	WriteRate   float64              // writes per second per user; 0 means unlimited
	WriteBurst  int                  // writes a user may make at once
	Logger      *slog.Logger
	ClickUp     *clickup.Service // the ClickUp integration; nil: its routes answer 404
	// SSO is the company's identity provider; nil: its routes answer 404.
	SSO *sso.Provider
	// PasswordLoginOff refuses sign-in, registration and resets by
	// password (403): people sign in through SSO.
	PasswordLoginOff bool
	// Push keeps devices' Web Push subscriptions; nil: its routes answer 404.
	Push *push.Service
	// Slack is the Slack app; nil: its routes answer 404.
	Slack *slackapp.App
	// BoardTTL is how long a cached leaderboard may be served at most
	// (default 1s): it bounds how late changes made by other processes
	// (replicas, the CLI) show; this process's own show at once. Negative
	// turns the cache off.
	BoardTTL time.Duration
}

// maxCachedBoards bounds the board cache: so many boards, and as many
// teams; a 1,000-member team's board is ~100 KB.
const maxCachedBoards = 256

// Server holds the API's collaborators.
type Server struct {
	tr     *tracking.Service
	game   *game.Engine
	jobs   Jobs
	db     Pinger
	clock  clockwork.Clock
	cfg    Config
	log    *slog.Logger
	e      *echo.Echo
	writes *writeLimiter
	boards *boardCache
	// oidcStarts limits sign-ins started with the identity provider per
	// address: each keeps a row for ten minutes.
	oidcStarts *writeLimiter
	tokens     verifiedTokens // access tokens already verified: see tokencache.go
}

// New builds the echo instance with every route and middleware.
func New(tr *tracking.Service, g *game.Engine, jobs Jobs, db Pinger, clock clockwork.Clock, cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	if cfg.BoardTTL == 0 {
		cfg.BoardTTL = time.Second
	}
	s := &Server{tr: tr, game: g, jobs: jobs, db: db, clock: clock, cfg: cfg, log: cfg.Logger}
	if cfg.WriteRate > 0 {
		s.writes = newWriteLimiter(cfg.WriteRate, max(cfg.WriteBurst, 1))
	}
	s.oidcStarts = newWriteLimiter(1, 30)
	s.boards = newBoardCache(g.BoardsGeneration, cfg.BoardTTL, maxCachedBoards)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	// The client address comes from the connection: trusting forwarded
	// headers would let anyone dodge the login throttle.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Pre(headAsGet)
	e.Use(s.observe(cfg.Registry))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		s.log.Error("panic", "route", c.Path(), "error", err, "stack", string(stack))
		return err
	}}))
	e.Use(securityHeaders)
	// The web app's files and the API's JSON travel compressed to a client
	// that accepts it (a phone on a slow network); small answers are not
	// worth it, and /metrics compresses itself.
	e.Use(compress(1024, "/metrics"))
	if len(cfg.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: cfg.CORSOrigins,
			AllowHeaders: []string{echo.HeaderAuthorization, echo.HeaderContentType, "Idempotency-Key"}}))
	}
	// "64K" would be 64 000 bytes. The import route has its own, larger limit.
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "64KiB", Skipper: skipsGlobalBodyLimit}))
	e.Use(checkParams) // NUL or invalid UTF-8 in a path or query value: see text.go
	s.e = e
	s.routes(promhttp.HandlerFor(cfg.Registry, promhttp.HandlerOpts{}))
	return s
}

// Handler is the HTTP handler of the whole server.
func (s *Server) Handler() http.Handler { return s.e }

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// headAsGet answers HEAD as the GET of the same URL (RFC 9110 §9.3.2):
// monitors and link checkers send it. net/http writes no body for a HEAD
// request, whatever the handler writes.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.Method == http.MethodHead {
			r.Method = http.MethodGet
		}
		return next(c)
	}
}

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		return next(c)
	}
}
