// Package app wires timestreak together: the database, the clock, the
// source of truth and the scoring engine, from one Config. The server, its
// operator commands and the load command (cmd/timestreak-bench) all build
// the application through it.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/tracking"
)

// Config is what the application is built from; the commands fill it from
// their flags and TIMESTREAK_* variables, already validated.
type Config struct {
	DatabaseURL string
	Pool        database.Pool
	LogLevel    string // debug, info, warn or error
	TestClock   bool   // a fake clock that PUT /api/v1/admin/clock moves
	TestStart   time.Time
	LockDays    int
	SignupOpen  bool
	Grace       time.Duration
	Batch       int    // users finalized per close-out transaction
	WebhookURL  string // notifications are also POSTed here
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
}

// Close stops the entry writer, then closes the database.
func (a *App) Close() {
	a.Engine.Close()
	a.DB.Close()
}

// NewLogger is the JSON logger at level, writing to w.
func NewLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("TIMESTREAK_LOG_LEVEL / --log-level must be debug, info, warn or error, got %q", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// Open opens and migrates the database and builds the application on it;
// it logs to logOut.
func Open(ctx context.Context, c Config, logOut io.Writer) (*App, error) {
	log, err := NewLogger(c.LogLevel, logOut)
	if err != nil {
		return nil, err
	}
	db, err := database.Open(c.DatabaseURL, c.Pool)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	a := &App{Log: log, DB: db, Clock: clockwork.NewRealClock()}
	if c.TestClock {
		start := c.TestStart
		if start.IsZero() {
			start = time.Now()
		}
		a.Fake = clockwork.NewFakeClockAt(start)
		a.Clock = a.Fake
		log.Warn("test clock enabled: PUT /api/v1/admin/clock can move time; never use this in production")
	}
	a.Tracking = tracking.New(db, a.Clock, tracking.Config{LockDays: c.LockDays, SignupOpen: c.SignupOpen})
	var sender game.Sender
	if c.WebhookURL != "" {
		a.Webhook = game.NewWebhook(c.WebhookURL, log)
		sender = a.Webhook
	}
	a.Engine = game.New(db, a.Tracking, a.Clock, c.Grace, sender).WithCloseOutBatch(c.Batch)
	return a, nil
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
