package clickup

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/tracking/store"
)

// connection is the one stored ClickUp connection (id 1). WebhookID is
// the webhook ClickUp made for it ("" for none, WebhookError saying why)
// and WebhookSealed its secret.
type connection struct {
	ID            int
	TokenSealed   string
	WebhookSealed string
	WebhookID     string
	WebhookURL    string
	WebhookError  string
	TeamID        string
	TeamName      string
	ListIDs       string
	LastSyncAt    *time.Time
	FullSyncAt    *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (connection) TableName() string { return "clickup_connections" }

func (c *connection) lists() []string {
	if c.ListIDs == "" {
		return nil
	}
	return strings.Split(c.ListIDs, ",")
}

// listLink is the timestreak project a ClickUp list fills.
type listLink struct {
	ListID    string
	ProjectID string
}

func (listLink) TableName() string { return "clickup_lists" }

// taskLink is the timestreak task a ClickUp task became, with what was
// last applied: an older or equal date_updated changes nothing.
type taskLink struct {
	ClickupID   string
	TaskID      string
	ListID      string
	Status      string
	DateUpdated int64
	Deleted     bool
}

func (taskLink) TableName() string { return "clickup_tasks" }

func (s *Service) db(ctx context.Context) *gorm.DB { return s.data.W.WithContext(ctx) }

// loadToken is the stored connection and its token, opened; the
// connection is nil when ClickUp is not connected.
func (s *Service) loadToken(ctx context.Context) (*connection, string, error) {
	c, err := s.loadConnection(ctx)
	if c == nil || err != nil {
		return nil, "", err
	}
	token, err := s.seal.open(c.TokenSealed)
	return c, token, err
}

// loadConnection is the stored connection, or nil when ClickUp is not
// connected.
func (s *Service) loadConnection(ctx context.Context) (*connection, error) {
	var cs []connection
	if err := s.data.R.WithContext(ctx).Where("id = 1").Limit(1).Find(&cs).Error; err != nil || len(cs) == 0 {
		return nil, err
	}
	return &cs[0], nil
}

// saveConnection writes the connection whole, a fresh one that will
// start with a full sync, and the workspace's members, in one transaction.
func (s *Service) saveConnection(ctx context.Context, c *connection, members []Member) error {
	c.ID = 1
	return s.db(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{
			Columns: []clause.Column{{Name: "id"}},
			DoUpdates: clause.AssignmentColumns([]string{"token_sealed", "webhook_sealed", "webhook_id", "webhook_url", "webhook_error",
				"team_id", "team_name", "list_ids", "last_sync_at", "full_sync_at", "updated_at"}),
		}).Create(c).Error; err != nil {
			return err
		}
		return saveMembers(tx, members)
	})
}

func (s *Service) listLink(ctx context.Context, listID string) (*listLink, error) {
	var l listLink
	if err := s.db(ctx).Where("list_id = ?", listID).Take(&l).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, store.ErrNotFound
		}
		return nil, err
	}
	return &l, nil
}

func (s *Service) taskLink(ctx context.Context, clickupID string) (*taskLink, error) {
	var l taskLink
	if err := s.db(ctx).Where("clickup_id = ?", clickupID).Take(&l).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, store.ErrNotFound
		}
		return nil, err
	}
	return &l, nil
}
