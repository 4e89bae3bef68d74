// Package push sends reminders to people's phones and browsers with Web
// Push (RFC 8030), messages encrypted to each device (RFC 8291) and
// signed with the server's VAPID key (RFC 8292), through
// github.com/SherClockHolmes/webpush-go. It is one of game's senders: the
// reminders job decides who is reminded, once per date; push delivers.
package push

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"code.dny.dev/ssrf"
	"github.com/SherClockHolmes/webpush-go"
	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/game"
)

// DefaultContact is the VAPID subject when the operator names none.
const DefaultContact = "https://github.com/timestreak/timestreak"

// TTL is how long a push service keeps a reminder for a device that is
// off: a reminder older than this is no longer about today.
const TTL = 6 * time.Hour

// Config is how the service sends.
type Config struct {
	Keys    Keys
	Contact string // a mailto: address or an https URL for the push services to reach the operator
	// Client sends to the push services; nil means one that reaches only
	// public addresses on port 443 (an endpoint is a URL a browser gave).
	Client *http.Client
	Log    *slog.Logger
}

// Service keeps subscriptions and sends to them.
type Service struct {
	db     *database.DB
	clock  clockwork.Clock
	cfg    Config
	queue  chan job
	queued sync.WaitGroup
}

type job struct {
	userID  string
	message Message
}

// Message is what a device shows: the service worker reads it.
type Message struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"` // opened when the notification is tapped
	Tag   string `json:"tag"` // a newer message with the same tag replaces the older
}

// New builds the service; Run must be started to deliver.
func New(db *database.DB, clock clockwork.Clock, cfg Config) *Service {
	if cfg.Client == nil {
		dialer := &net.Dialer{Timeout: 10 * time.Second, Control: ssrf.New().Safe}
		cfg.Client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: dialer.DialContext,
			TLSHandshakeTimeout: 10 * time.Second, ForceAttemptHTTP2: true}}
	}
	if cfg.Contact == "" {
		cfg.Contact = DefaultContact
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Service{db: db, clock: clock, cfg: cfg, queue: make(chan job, 4096)}
}

// PublicKey is the VAPID public key browsers subscribe with.
func (s *Service) PublicKey() string { return s.cfg.Keys.Public }

// Send queues a reminder for the person's devices (game.Sender); other
// notifications stay in the app. It never blocks: a full queue drops the
// push, and the in-app copy is already stored.
func (s *Service) Send(n game.Notification) {
	if n.Kind != "reminder" {
		return
	}
	s.queued.Add(1)
	select {
	case s.queue <- job{userID: n.UserID, message: Message{Title: "timestreak", Body: n.Message, URL: "/", Tag: "reminder"}}:
	default:
		s.queued.Done()
		s.cfg.Log.Warn("push queue full; reminder not pushed", "user_id", n.UserID)
	}
}

// workers is how many reminders are delivered at once: a slow push
// service must not hold up everyone else's.
const workers = 4

// Run delivers queued reminders until ctx ends.
func (s *Service) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-s.queue:
					s.Deliver(ctx, j.userID, j.message)
					s.queued.Done()
				}
			}
		})
	}
	wg.Wait()
}

// Wait returns when every reminder queued so far has been delivered or
// given up on (tests, and a graceful stop).
func (s *Service) Wait() { s.queued.Wait() }

// Deliver sends a message to each of the person's devices, once: a device
// the push service says is gone (404, 410) is forgotten; any other failure
// is logged and not retried (tomorrow has its own reminder).
func (s *Service) Deliver(ctx context.Context, userID string, m Message) {
	subs, err := s.Subscriptions(ctx, userID)
	if err != nil {
		s.cfg.Log.Warn("push: cannot read subscriptions", "user_id", userID, "error", err)
		return
	}
	payload, _ := json.Marshal(m)
	for _, sub := range subs {
		status, err := s.send(ctx, sub, payload, m.Tag)
		switch {
		case err != nil:
			// A url.Error names the URL, and an endpoint is a capability: log what went wrong only.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			s.cfg.Log.Warn("push failed", "service", sub.Service, "error", err)
		case status == http.StatusNotFound || status == http.StatusGone:
			if err := s.forget(ctx, sub.ID); err != nil {
				s.cfg.Log.Warn("push: cannot forget a gone subscription", "error", err)
			}
		case status >= 200 && status < 300:
			if err := s.sent(ctx, sub.ID); err != nil {
				s.cfg.Log.Warn("push: cannot note a delivery", "error", err)
			}
		default:
			s.cfg.Log.Warn("push refused", "service", sub.Service, "status", status)
		}
	}
}

func (s *Service) send(ctx context.Context, sub Subscription, payload []byte, topic string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := webpush.SendNotificationWithContext(ctx, payload, &webpush.Subscription{Endpoint: sub.Endpoint,
		Keys: webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth}}, &webpush.Options{
		HTTPClient: s.cfg.Client, Subscriber: strings.TrimPrefix(s.cfg.Contact, "mailto:"), // webpush-go adds mailto: itself
		VAPIDPublicKey: s.cfg.Keys.Public, VAPIDPrivateKey: s.cfg.Keys.Private,
		TTL: int(TTL.Seconds()), Urgency: webpush.UrgencyNormal, Topic: topic,
	})
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}
