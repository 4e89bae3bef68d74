// Package slackapp is timestreak's Slack app: the /timestreak slash
// command and its buttons, the reminder as a direct message, and each
// team's weekly winners in its channel. It speaks Slack's Web API through
// github.com/slack-go/slack and writes entries only through the game
// engine's one write path (game.Engine.RecordEntry, batched with every other entry write), so time logged from
// Slack follows every rule and limit of POST /entries.
package slackapp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/store"
)

// DefaultAPIURL is Slack's Web API.
const DefaultAPIURL = slack.APIURL

// Config is the app's settings, from the Slack app's own pages.
type Config struct {
	SigningSecret string // Basic Information → App Credentials → Signing Secret
	BotToken      string // OAuth & Permissions → Bot User OAuth Token (xoxb-…)
	APIURL        string // the Web API base (DefaultAPIURL); tests give a fake's
	// AnswerWithin is how long a slash command may work before its answer
	// is "working on it" and the result follows through response_url
	// (default 2s: Slack shows an error after 3 s).
	AnswerWithin time.Duration
	HTTPClient   *http.Client // default: 10 s timeouts
}

// Message is what the app says in Slack: a slash command's answer, or a
// message sent through a response_url.
type Message = slack.WebhookMessage

// App is the Slack integration.
type App struct {
	cfg   Config
	api   *slack.Client
	http  *http.Client
	tr    *tracking.Service
	game  *game.Engine
	db    *database.DB
	clock clockwork.Clock
	log   *slog.Logger

	bg   context.Context // work that outlives a request: answers through response_url
	stop context.CancelFunc
	work sync.WaitGroup
}

// workTimeout bounds one command's or one button's work after Slack has
// had its answer.
const workTimeout = 30 * time.Second

// New builds the app. The clock is the server's: it dates the entries and
// the reminders.
func New(cfg Config, tr *tracking.Service, eng *game.Engine, db *database.DB, clock clockwork.Clock, log *slog.Logger) (*App, error) {
	if cfg.SigningSecret == "" || cfg.BotToken == "" {
		return nil, errors.New("slack: the signing secret and the bot token are both needed")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(cfg.APIURL, "/") {
		cfg.APIURL += "/" // slack-go appends method names
	}
	if cfg.AnswerWithin <= 0 {
		cfg.AnswerWithin = 2 * time.Second
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if log == nil {
		log = slog.Default()
	}
	bg, stop := context.WithCancel(context.Background())
	a := &App{cfg: cfg, http: cfg.HTTPClient, tr: tr, game: eng, db: db, clock: clock, log: log, bg: bg, stop: stop}
	a.api = slack.New(cfg.BotToken, slack.OptionAPIURL(cfg.APIURL), slack.OptionHTTPClient(cfg.HTTPClient))
	return a, nil
}

// Close waits up to timeout for answers still on their way through
// response_url, then abandons them.
func (a *App) Close(timeout time.Duration) {
	done := make(chan struct{})
	go func() { a.work.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
	}
	a.stop()
}

// Verify checks that a request comes from Slack: X-Slack-Signature must
// be v0, the HMAC-SHA256 of "v0:<timestamp>:<raw body>" under the signing
// secret, and X-Slack-Request-Timestamp within 5 minutes. slack-go
// measures those minutes on the real clock, which Slack stamps requests
// with (the server's own clock may be a test clock).
func (a *App) Verify(h http.Header, body []byte) error {
	sv, err := slack.NewSecretsVerifier(h, a.cfg.SigningSecret)
	if err != nil {
		return store.ErrUnauthorized
	}
	if _, err := sv.Write(body); err != nil {
		return store.ErrUnauthorized
	}
	if err := sv.Ensure(); err != nil {
		return store.ErrUnauthorized
	}
	return nil
}

// within runs work and answers its message when it is done within the
// answer budget; otherwise it answers "working on it" and the message
// goes to responseURL once work ends.
func (a *App) within(responseURL string, work func(context.Context) *Message) *Message {
	var (
		mu      sync.Mutex
		gaveUp  bool
		answers = make(chan *Message, 1)
	)
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		ctx, cancel := context.WithTimeout(a.bg, workTimeout)
		defer cancel()
		m := work(ctx)
		mu.Lock()
		if !gaveUp {
			answers <- m // buffered: never blocks, and sent under the lock the answer is decided with
			mu.Unlock()
			return
		}
		mu.Unlock()
		a.respond(ctx, responseURL, m)
	}()
	timer := time.NewTimer(a.cfg.AnswerWithin)
	defer timer.Stop()
	select {
	case m := <-answers:
		return m
	case <-timer.C:
	}
	mu.Lock()
	defer mu.Unlock()
	select {
	case m := <-answers: // done while the timer fired
		return m
	default:
		gaveUp = true
		return ephemeral("Working on it…")
	}
}

// background runs work after Slack has had its answer (a button's), and
// sends its message through responseURL.
func (a *App) background(responseURL string, work func(context.Context) *Message) {
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		ctx, cancel := context.WithTimeout(a.bg, workTimeout)
		defer cancel()
		a.respond(ctx, responseURL, work(ctx))
	}()
}

// respond sends a message through a response_url. The URL comes inside a
// request Slack signed, so it is Slack's.
func (a *App) respond(ctx context.Context, responseURL string, m *Message) {
	if m == nil || responseURL == "" {
		return
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.http, m); err != nil {
		a.log.Warn("slack: answer through response_url failed", "error", err)
	}
}

// failed is the answer to a request that failed on our side; the error
// is logged, never shown.
func (a *App) failed(what string, err error) *Message {
	a.log.Error("slack: "+what+" failed", "error", err)
	return ephemeral("Something went wrong on timestreak's side. Look at Today in the app before you try again.")
}
