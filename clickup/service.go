package clickup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/tracking"
)

// Service is the ClickUp integration: the stored connection, task sync and
// the webhook queue. Task changes go through tracking's service.
type Service struct {
	tr     *tracking.Service
	client *Client
	seal   *sealer
	clock  clockwork.Clock
	log    *slog.Logger
	mu     sync.Mutex // one sync or webhook application at a time in this process
	queue  chan WebhookEvent
	// afterTwin, in tests, runs between a new twin task and its link (an
	// error stands for a crash there).
	afterTwin func() error
}

// New builds the integration; serverSecret is the JWT signing key, from
// which the token's encryption key is derived.
func New(tr *tracking.Service, client *Client, serverSecret []byte, clock clockwork.Clock, log *slog.Logger) (*Service, error) {
	seal, err := newSealer(serverSecret)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{tr: tr, client: client, seal: seal, clock: clock, log: log, queue: make(chan WebhookEvent, 1000)}, nil
}

// Connection is what an admin sends to connect a workspace.
type Connection struct {
	Token         string
	ListIDs       []string
	WebhookSecret string // the secret ClickUp gave the webhook; "" for none
}

// Status is the connection as the API shows it: never the token.
type Status struct {
	Connected   bool       `json:"connected"`
	TeamID      string     `json:"team_id,omitempty"`
	TeamName    string     `json:"team_name,omitempty"`
	ListIDs     []string   `json:"list_ids"`
	Webhook     bool       `json:"webhook"`
	LastSyncAt  *time.Time `json:"last_sync_at"`
	ConnectedAt *time.Time `json:"connected_at"`
}

var listIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Connect checks the token and the lists with ClickUp, then stores the
// connection (replacing any other) and links each list to a project. The
// next sync is a full one.
func (s *Service) Connect(ctx context.Context, in Connection) (*Status, error) {
	in.Token = strings.TrimSpace(in.Token)
	switch {
	case in.Token == "" || len(in.Token) > 500:
		return nil, tracking.Invalid("token", "must be a ClickUp personal token (1 to 500 characters)")
	case len(in.ListIDs) == 0 || len(in.ListIDs) > 50:
		return nil, tracking.Invalid("list_ids", "must hold 1 to 50 ClickUp list ids")
	case len(in.WebhookSecret) > 500:
		return nil, tracking.Invalid("webhook_secret", "must be at most 500 characters")
	}
	seen := map[string]bool{}
	var lists []string
	for _, id := range in.ListIDs {
		id = strings.TrimSpace(id)
		if !listIDPattern.MatchString(id) {
			return nil, tracking.Invalid("list_ids", "%q is not a ClickUp list id", id)
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
		return nil, tracking.Invalid("token", "ClickUp says this token reaches no workspace")
	}
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
	for _, id := range lists {
		if _, err := s.ensureList(ctx, id, names[id]); err != nil {
			return nil, err
		}
	}
	now := s.clock.Now().UTC()
	c := &connection{TokenSealed: s.seal.seal(in.Token), WebhookSealed: s.seal.seal(in.WebhookSecret),
		TeamID: string(teams[0].ID), TeamName: teams[0].Name, ListIDs: strings.Join(lists, ","), CreatedAt: now, UpdatedAt: now}
	if err := s.saveConnection(ctx, c); err != nil {
		return nil, err
	}
	return s.Status(ctx)
}

// clickupRefused turns ClickUp's refusal into a validation error carrying
// ClickUp's reason; other failures (network, rate limit) say so.
func clickupRefused(field, prefix string, err error) error {
	var ae *APIError
	var rl *RateLimitError
	switch {
	case errors.As(err, &ae):
		return tracking.Invalid(field, "%sClickUp answered %d: %s", prefix, ae.Status, ae.Reason)
	case errors.As(err, &rl):
		return tracking.Invalid(field, "%sClickUp's rate limit is reached; try again after %s", prefix, rl.Reset.UTC().Format(time.RFC3339))
	case errors.Is(err, context.Canceled):
		return err
	}
	return tracking.Invalid(field, "%sClickUp could not be reached", prefix)
}

// Status reports the connection, if any.
func (s *Service) Status(ctx context.Context) (*Status, error) {
	c, err := s.loadConnection(ctx)
	if errors.Is(err, tracking.ErrNotFound) {
		return &Status{ListIDs: []string{}}, nil
	}
	if err != nil {
		return nil, err
	}
	created := c.CreatedAt.UTC()
	st := &Status{Connected: true, TeamID: c.TeamID, TeamName: c.TeamName, ListIDs: c.lists(),
		Webhook: c.WebhookSealed != "", LastSyncAt: c.LastSyncAt, ConnectedAt: &created}
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
	if !errors.Is(err, tracking.ErrNotFound) {
		return "", err
	}
	name = clip(tracking.CleanName(name), 200-len(" (ClickUp)"))
	if name == "" {
		name = "List " + listID
	}
	p, err := s.tr.CreateProject(ctx, name+" (ClickUp)", nil)
	if err != nil {
		return "", fmt.Errorf("clickup: project for list %s: %w", listID, err)
	}
	if err := s.db(ctx).Create(&listLink{ListID: listID, ProjectID: p.ID}).Error; err != nil {
		return "", err
	}
	return p.ID, nil
}

// clip trims s and cuts it to n bytes on a rune boundary.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if i > n {
			break
		}
		cut = i
	}
	return strings.TrimSpace(s[:cut])
}
