package clickup

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// pushUser is one user's choice to push their time to ClickUp; Since is
// when they last turned it on: entries created or changed before are not
// pushed.
type pushUser struct {
	UserID    string
	Push      bool
	Since     time.Time
	UpdatedAt time.Time
}

func (pushUser) TableName() string { return "clickup_push_users" }

// Push states of a timeEntryLink.
const (
	stateIdle     = ""         // ClickupID (if any) holds what PushedHash says
	stateCreating = "creating" // a create was sent and its answer not yet recorded
	stateUnknown  = "unknown"  // a create may have reached ClickUp: never sent again
)

// timeEntryLink is the ClickUp time entry a timestreak entry became.
// Attempts > 0 means the last push failed; the next is due at NextAt.
type timeEntryLink struct {
	EntryID    string
	UserID     string
	ClickupID  string
	PushedHash string
	State      string
	Attempts   int
	NextAt     *time.Time
	LastError  string
	UpdatedAt  time.Time
}

func (timeEntryLink) TableName() string { return "clickup_time_entries" }

// pushState is the push job's watermark (one row, id 1).
type pushState struct {
	ID        int
	Watermark *time.Time
	UpdatedAt time.Time
}

func (pushState) TableName() string { return "clickup_push_states" }

// PushSetting is a user's time push choice as the API shows it.
type PushSetting struct {
	Push  bool       `json:"push"`
	Since *time.Time `json:"since"`
}

// SetTimePush turns pushing userID's time to ClickUp on or off. Turning it
// on starts from now; turning it on again while on keeps the start.
func (s *Service) SetTimePush(ctx context.Context, userID string, on bool) (*PushSetting, error) {
	now := s.clock.Now().UTC()
	var out PushSetting
	err := s.db(ctx).Transaction(func(tx *gorm.DB) error {
		var pu pushUser
		err := tx.Where("user_id = ?", userID).Take(&pu).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			pu = pushUser{UserID: userID, Since: now}
		case err != nil:
			return err
		}
		if on && !pu.Push {
			pu.Since = now
		}
		pu.Push, pu.UpdatedAt = on, now
		if err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "user_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"push", "since", "updated_at"}),
		}).Create(&pu).Error; err != nil {
			return err
		}
		out.Push = pu.Push
		if pu.Push {
			since := pu.Since.UTC()
			out.Since = &since
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func (s *Service) loadPushState(ctx context.Context) (*pushState, error) {
	var st pushState
	err := s.db(ctx).Where("id = 1").Take(&st).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &pushState{ID: 1}, nil
	}
	return &st, err
}

func (s *Service) savePushState(ctx context.Context, watermark time.Time) error {
	return s.db(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"watermark", "updated_at"}),
	}).Create(&pushState{ID: 1, Watermark: &watermark, UpdatedAt: s.clock.Now().UTC()}).Error
}

// saveLink writes the link row whole.
func (s *Service) saveLink(ctx context.Context, l *timeEntryLink) error {
	l.UpdatedAt = s.clock.Now().UTC()
	return s.db(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "entry_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "clickup_id", "pushed_hash", "state", "attempts", "next_at", "last_error", "updated_at"}),
	}).Create(l).Error
}
