package clickup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// Service is the ClickUp integration: the stored connection, task sync and
// the webhook queue. Task changes go through tracking's service.
type Service struct {
	data   *database.DB // the integration's own tables
	tr     *tracking.Service
	tasks  TaskUpdater
	client *Client
	seal   *sealer
	clock  clockwork.Clock
	log    *slog.Logger
	mu     sync.Mutex    // one sync or webhook application at a time in this process
	wake   chan struct{} // an event was queued: Run looks now
	// afterTwin, in tests, runs between a new twin task and its link (an
	// error stands for a crash there).
	afterTwin func() error
}

// TaskUpdater changes the twin tasks the sync keeps. Archiving a task
// stops the timers running on it, and their time is scored: the game's
// engine (game.Engine.UpdateTask) does that, and main wires it in.
type TaskUpdater interface {
	UpdateTask(ctx context.Context, id string, ch org.TaskChange) (*org.Task, error)
}

// New builds the integration; serverSecret is the JWT signing key, from
// which the token's encryption key is derived.
func New(db *database.DB, tr *tracking.Service, tasks TaskUpdater, client *Client, serverSecret []byte, clock clockwork.Clock, log *slog.Logger) (*Service, error) {
	seal, err := newSealer(serverSecret)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{data: db, tr: tr, tasks: tasks, client: client, seal: seal, clock: clock, log: log, wake: make(chan struct{}, 1)}, nil
}

// Connection is what an admin sends to connect a workspace. WebhookURL is
// where ClickUp is to post events: this server's
// /api/v1/integrations/clickup/webhook as ClickUp reaches it.
type Connection struct {
	Token      string
	ListIDs    []string
	WebhookURL string
	// WebhookSecret was the secret of a webhook the admin made by hand;
	// timestreak now makes the webhook and keeps its secret, so a
	// non-empty one is refused rather than silently ignored.
	WebhookSecret string
}

// Status is the connection as the API shows it: never the token nor the
// webhook's secret. Webhook is whether ClickUp made the webhook; when it
// did not, WebhookError says why (the sync still runs every 10 minutes).
type Status struct {
	Connected    bool       `json:"connected"`
	TeamID       string     `json:"team_id,omitempty"`
	TeamName     string     `json:"team_name,omitempty"`
	ListIDs      []string   `json:"list_ids"`
	Webhook      bool       `json:"webhook"`
	WebhookURL   string     `json:"webhook_url,omitempty"`
	WebhookError string     `json:"webhook_error,omitempty"`
	QueuedEvents int64      `json:"queued_events"`
	Members      int64      `json:"members"`
	LastSyncAt   *time.Time `json:"last_sync_at"`
	ConnectedAt  *time.Time `json:"connected_at"`
}

var listIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Connect checks the token and the lists with ClickUp, has ClickUp make
// a webhook posting to in.WebhookURL (its secret, returned only then, is
// stored sealed like the token), then stores the connection (replacing any
// other, whose webhook is deleted) with the workspace's members, and links
// each list to a project. The next sync is a full one. ClickUp refusing
// the webhook does not refuse the connection: Status says why there is
// none, and the sync keeps the tasks in step without it.
func (s *Service) Connect(ctx context.Context, in Connection) (*Status, error) {
	in.Token = strings.TrimSpace(in.Token)
	if err := checkToken(in.Token); err != nil {
		return nil, err
	}
	switch {
	case len(in.ListIDs) == 0 || len(in.ListIDs) > 50:
		return nil, valid.Invalid("list_ids", "must hold 1 to 50 ClickUp list ids")
	case in.WebhookSecret != "":
		return nil, valid.Invalid("webhook_secret", "is no longer taken: timestreak makes the ClickUp webhook itself and keeps its secret; leave it out (and delete a webhook made by hand)")
	case !webhookURL(in.WebhookURL):
		return nil, valid.Invalid("webhook_url", "must be an absolute http(s) URL of at most %d characters", valid.MaxURLChars)
	}
	seen := map[string]bool{}
	var lists []string
	for _, id := range in.ListIDs {
		id = strings.TrimSpace(id)
		if !listIDPattern.MatchString(id) {
			return nil, valid.Invalid("list_ids", "%q is not a ClickUp list id", id)
		}
		if !seen[id] {
			seen[id] = true
			lists = append(lists, id)
		}
	}
	teams, err := s.client.Teams(ctx, in.Token)
	if err != nil {
		return nil, clickupRefused("token", "", err)
	}
	if len(teams) == 0 {
		return nil, valid.Invalid("token", "ClickUp says this token reaches no workspace")
	}
	team := teams[0]
	names := map[string]string{}
	for _, id := range lists {
		l, err := s.client.List(ctx, in.Token, id)
		if err != nil {
			return nil, clickupRefused("list_ids", "list "+id+": ", err)
		}
		names[id] = l.Name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.loadConnection(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range lists {
		if _, err := s.ensureList(ctx, id, names[id]); err != nil {
			return nil, err
		}
	}
	now := s.clock.Now().UTC()
	c := &connection{TokenSealed: s.seal.seal(in.Token), TeamID: string(team.ID), TeamName: team.Name,
		ListIDs: strings.Join(lists, ","), WebhookURL: in.WebhookURL, CreatedAt: now, UpdatedAt: now}
	if hook, err := s.client.CreateWebhook(ctx, in.Token, c.TeamID, in.WebhookURL); err != nil {
		c.WebhookError = valid.Clip(webhookRefused(err), valid.MaxErrorChars)
		s.log.Warn("clickup webhook not created; the sync runs without it", "endpoint", in.WebhookURL, "error", err)
	} else {
		c.WebhookID, c.WebhookSealed = hook.ID, s.seal.seal(hook.Secret)
	}
	if err := s.saveConnection(ctx, c, team.Members); err != nil {
		if c.WebhookID != "" {
			s.deleteWebhook(ctx, c) // no connection holds it
		}
		return nil, err
	}
	if old != nil && old.WebhookID != "" && old.WebhookID != c.WebhookID {
		s.deleteWebhook(ctx, old)
	}
	return s.Status(ctx)
}

// webhookURL reports whether u is an absolute http(s) URL ClickUp can be
// given as an endpoint.
func webhookURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && !valid.Longer(u, valid.MaxURLChars) && (p.Scheme == "https" || p.Scheme == "http") && p.Host != "" && p.User == nil
}

// webhookRefused says why ClickUp made no webhook.
func webhookRefused(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("ClickUp answered %d: %s", ae.Status, ae.Reason)
	}
	return "ClickUp could not be reached: " + err.Error()
}

// deleteWebhook asks ClickUp to delete the connection's webhook. A webhook
// ClickUp no longer has, or a token it no longer takes, leaves nothing to
// do; any other failure is logged: the webhook's deliveries then fail our
// signature check, and ClickUp stops them.
func (s *Service) deleteWebhook(ctx context.Context, c *connection) {
	token, err := s.seal.open(c.TokenSealed)
	if err == nil {
		err = s.client.DeleteWebhook(ctx, token, c.WebhookID)
	}
	if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrUnauthorized) {
		s.log.Warn("clickup webhook not deleted", "webhook", c.WebhookID, "error", err)
	}
}

// Disconnect deletes the connection's webhook in ClickUp, then the
// connection, its members and its queued events. Projects and tasks stay,
// with their links: connecting again finds the same twins. Without a
// connection it does nothing.
func (s *Service) Disconnect(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.loadConnection(ctx)
	if c == nil || err != nil {
		return err
	}
	if c.WebhookID != "" {
		s.deleteWebhook(ctx, c)
	}
	return s.db(ctx).Transaction(func(tx *gorm.DB) error {
		for _, model := range []any{&connection{}, &member{}, &queuedEvent{}} {
			if err := tx.Where("1 = 1").Delete(model).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// clickupRefused turns ClickUp's refusal into a validation error carrying
// ClickUp's reason; other failures (network, rate limit) say so.
func clickupRefused(field, prefix string, err error) error {
	var ae *APIError
	var rl *RateLimitError
	switch {
	case errors.As(err, &ae):
		return valid.Invalid(field, "%sClickUp answered %d: %s", prefix, ae.Status, ae.Reason)
	case errors.As(err, &rl):
		return valid.Invalid(field, "%sClickUp's rate limit is reached; try again after %s", prefix, rl.Reset.UTC().Format(time.RFC3339))
	case errors.Is(err, context.Canceled):
		return err
	}
	return valid.Invalid(field, "%sClickUp could not be reached", prefix)
}

// Status reports the connection, if any.
func (s *Service) Status(ctx context.Context) (*Status, error) {
	c, err := s.loadConnection(ctx)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return &Status{ListIDs: []string{}}, nil
	}
	created := c.CreatedAt.UTC()
	st := &Status{Connected: true, TeamID: c.TeamID, TeamName: c.TeamName, ListIDs: c.lists(),
		Webhook: c.WebhookID != "", WebhookURL: c.WebhookURL, WebhookError: c.WebhookError, LastSyncAt: c.LastSyncAt, ConnectedAt: &created}
	db := s.data.R.WithContext(ctx)
	if err := db.Model(&queuedEvent{}).Count(&st.QueuedEvents).Error; err != nil {
		return nil, err
	}
	if err := db.Model(&member{}).Count(&st.Members).Error; err != nil {
		return nil, err
	}
	if st.LastSyncAt != nil {
		t := st.LastSyncAt.UTC()
		st.LastSyncAt = &t
	}
	return st, nil
}

// ensureList returns the project the list fills, creating it (named after
// the list) the first time.
func (s *Service) ensureList(ctx context.Context, listID, name string) (string, error) {
	l, err := s.listLink(ctx, listID)
	if err == nil {
		return l.ProjectID, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	const suffix = " (ClickUp)"
	name = valid.Clip(valid.CleanName(name), valid.MaxNameChars-utf8.RuneCountInString(suffix))
	if name == "" {
		name = "List " + listID
	}
	p, err := s.tr.CreateProject(ctx, name+suffix, nil)
	if err != nil {
		return "", fmt.Errorf("clickup: project for list %s: %w", listID, err)
	}
	if err := s.db(ctx).Create(&listLink{ListID: listID, ProjectID: p.ID}).Error; err != nil {
		return "", err
	}
	return p.ID, nil
}

// checkToken checks a ClickUp personal token's length.
func checkToken(token string) error {
	if token == "" || valid.Longer(token, valid.MaxClickUpTokenChars) {
		return valid.Invalid("token", "must be a ClickUp personal token (1 to %d characters)", valid.MaxClickUpTokenChars)
	}
	return nil
}
