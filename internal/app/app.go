// Package app wires timestreak together from one Config: the database, the
// clock, the source of truth, the scoring engine, the adapters (ClickUp,
// Slack, Web Push, sign-in with the identity provider), the job table and
// the HTTP server. The server (cmd/timestreak), the test helper
// (api/apitest) and the load command (cmd/timestreak-bench) build the
// application with New; the operator commands that only need the database
// and the engine use Open, which New starts with.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/time/rate"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/slackapp"
	"github.com/timestreak/timestreak/sso"
	"github.com/timestreak/timestreak/tracking"
)

// Config is what the application is built from; the commands fill it from
// their flags and TIMESTREAK_* variables, already validated, and the tests
// from their options.
type Config struct {
	// What Open builds.
	DatabaseURL string
	Pool        database.Pool
	DB          *database.DB // an open, migrated database to use instead of DatabaseURL (tests); Close leaves it open
	LogLevel    string       // debug, info, warn or error
	TestClock   bool         // a fake clock that PUT /api/v1/admin/clock moves
	TestStart   time.Time    // where the test clock starts; zero: the real now
	Tracking    tracking.Config
	Grace       time.Duration
	Batch       int         // users finalized per close-out transaction; 0: the engine's default
	WebhookURL  string      // notifications are also POSTed here
	Sender      game.Sender // without WebhookURL: where notifications go (tests)

	// What New adds.
	Secret      func() ([]byte, error)    // the token signing key, asked for once the database answers
	PushKeys    func() (push.Keys, error) // the VAPID pair, likewise
	PushContact string
	PushClient  *http.Client
	ClickUpAPI  string
	ClickUpPace *rate.Limiter    // how fast time is pushed to ClickUp; nil: ClickUp's published limit
	Slack       *slackapp.Config // nil: no Slack app
	SSO         *sso.Config      // nil: no sign-in with an identity provider
	// API holds the HTTP settings (CORS origins, write rate, the web app,
	// the metrics registry, …); New fills in the parts it builds.
	API api.Config
}

// App is everything the application is made of, wired once.
type App struct {
	Log      *slog.Logger
	DB       *database.DB
	Clock    clockwork.Clock
	Fake     *clockwork.FakeClock // the test clock; nil unless Config.TestClock
	Tracking *tracking.Service
	Engine   *game.Engine
	Webhook  *game.Webhook // nil without Config.WebhookURL

	// Set by New.
	ClickUp *clickup.Service
	Pusher  *clickup.Pusher
	WebPush *push.Service
	Slack   *slackapp.App // nil when the Slack app is off
	Jobs    *Jobs         // the job table; its scheduler runs after Jobs.Start
	Server  *api.Server

	ownDB bool
}

// NewLogger is the JSON logger at level, writing to w.
func NewLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("TIMESTREAK_LOG_LEVEL / --log-level must be debug, info, warn or error, got %q", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// Open opens and migrates the database (unless c.DB is given) and builds
// the source of truth and the engine on it; it logs to logOut.
func Open(ctx context.Context, c Config, logOut io.Writer) (*App, error) {
	log, err := NewLogger(c.LogLevel, logOut)
	if err != nil {
		return nil, err
	}
	a := &App{Log: log, DB: c.DB, Clock: clockwork.NewRealClock()}
	if a.DB == nil {
		if a.DB, err = database.Open(c.DatabaseURL, c.Pool); err != nil {
			return nil, err
		}
		a.ownDB = true
		if err := a.DB.Migrate(ctx); err != nil {
			a.DB.Close()
			return nil, err
		}
	}
	if c.TestClock {
		start := c.TestStart
		if start.IsZero() {
			start = time.Now()
		}
		a.Fake = clockwork.NewFakeClockAt(start)
		a.Clock = a.Fake
		log.Warn("test clock enabled: PUT /api/v1/admin/clock can move time; never use this in production")
	}
	a.Tracking = tracking.New(a.DB, a.Clock, c.Tracking)
	sender := c.Sender
	if c.WebhookURL != "" {
		a.Webhook = game.NewWebhook(c.WebhookURL, log)
		sender = a.Webhook
	}
	a.Engine = game.New(a.DB, a.Tracking, a.Clock, c.Grace, sender).WithCloseOutBatch(c.Batch)
	return a, nil
}

// New builds the whole application: Open, then the adapters, the job table
// and the HTTP server. Nothing runs in the background until Start (and,
// for the scheduled jobs, Jobs.Start).
func New(ctx context.Context, c Config, logOut io.Writer) (*App, error) {
	a, err := Open(ctx, c, logOut)
	if err != nil {
		return nil, err
	}
	if err := a.wire(c); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) wire(c Config) error {
	if c.Secret == nil || c.PushKeys == nil {
		return errors.New("app: New needs Config.Secret and Config.PushKeys")
	}
	secret, err := c.Secret()
	if err != nil {
		return err
	}
	if a.ClickUp, err = clickup.New(a.DB, a.Tracking, a.Engine, clickup.NewClient(c.ClickUpAPI), secret, a.Clock, a.Log); err != nil {
		return err
	}
	a.Pusher = clickup.NewPusher(a.ClickUp, c.ClickUpPace)
	if c.Slack != nil {
		if a.Slack, err = slackapp.New(*c.Slack, a.Tracking, a.Engine, a.DB, a.Clock, a.Log); err != nil {
			return err
		}
	}
	keys, err := c.PushKeys()
	if err != nil {
		return err
	}
	a.WebPush = push.New(a.DB, a.Clock, push.Config{Keys: keys, Contact: c.PushContact, Client: c.PushClient, Log: a.Log})
	a.Engine.WithSender(a.WebPush)
	if a.Jobs, err = newJobs(a); err != nil {
		return err
	}
	cfg := c.API
	cfg.Secret, cfg.Logger, cfg.TestClock = secret, a.Log, a.Fake
	cfg.ClickUp, cfg.Push, cfg.Slack = a.ClickUp, a.WebPush, a.Slack
	if c.SSO != nil {
		cfg.SSO = sso.New(*c.SSO, a.Clock)
	}
	a.Server = api.New(a.Tracking, a.Engine, a.Jobs, a.DB, a.Clock, cfg)
	return nil
}

// Start runs the background workers until ctx ends: the webhook's
// deliveries, the ClickUp queue and the Web Push sender.
func (a *App) Start(ctx context.Context) {
	if a.Webhook != nil {
		go a.Webhook.Run(ctx)
	}
	if a.ClickUp != nil {
		go a.ClickUp.Run(ctx)
	}
	if a.WebPush != nil {
		go a.WebPush.Run(ctx)
	}
}

// Close stops the scheduler, lets the Slack app's answers still on their
// way finish, stops the entry writer, then closes the database it opened.
func (a *App) Close() {
	if a.Jobs != nil {
		if err := a.Jobs.Stop(); err != nil {
			a.Log.Warn("scheduler stop", "error", err)
		}
	}
	if a.Slack != nil {
		a.Slack.Close(10 * time.Second)
	}
	a.Engine.Close()
	if a.ownDB {
		a.DB.Close()
	}
}

// SeedAndScore fills the database with the batched seeder, then scores the
// history with the real close-out and weekly award, as the jobs would have.
func (a *App) SeedAndScore(ctx context.Context, spec tracking.SeedSpec) (res *tracking.SeedResult, seeded, scored time.Duration, err error) {
	start := time.Now()
	if res, err = a.Tracking.Seed(ctx, spec); err != nil {
		return nil, 0, 0, err
	}
	seeded = time.Since(start)
	if err := a.Engine.CloseOut(ctx); err != nil {
		return nil, 0, 0, err
	}
	if err := a.Engine.Weekly(ctx); err != nil {
		return nil, 0, 0, err
	}
	return res, seeded, time.Since(start) - seeded, nil
}
