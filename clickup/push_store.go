package clickup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
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

// PushSetting is a user's time push choice as the API shows it. Matched
// is whether a member of the connected ClickUp workspace has the user's
// email; only then is their time pushed, as that member's. Reason says
// why not, when not (nil when matched).
type PushSetting struct {
	Push    bool       `json:"push"`
	Since   *time.Time `json:"since"`
	Matched bool       `json:"matched"`
	Reason  *string    `json:"reason"`
}

// TimePush reports the user's time push choice and whether they are matched.
func (s *Service) TimePush(ctx context.Context, u *auth.User) (*PushSetting, error) {
	var pu pushUser
	err := s.data.R.WithContext(ctx).Where("user_id = ?", u.ID).Take(&pu).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	out := &PushSetting{Push: pu.Push}
	if pu.Push {
		since := pu.Since.UTC()
		out.Since = &since
	}
	return out, s.match(ctx, u, out)
}

// SetTimePush turns pushing the user's time to ClickUp on or off. Turning
// it on starts from now; turning it on again while on keeps the start. It
// may be turned on before the user is matched: their time is pushed from
// when a member has their email.
func (s *Service) SetTimePush(ctx context.Context, u *auth.User, on bool) (*PushSetting, error) {
	now := s.clock.Now().UTC()
	var out PushSetting
	err := s.db(ctx).Transaction(func(tx *gorm.DB) error {
		var pu pushUser
		err := tx.Where("user_id = ?", u.ID).Take(&pu).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			pu = pushUser{UserID: u.ID, Since: now}
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
	return &out, s.match(ctx, u, &out)
}

// match fills in whether the user is matched to a ClickUp member, and why not.
func (s *Service) match(ctx context.Context, u *auth.User, out *PushSetting) error {
	c, err := s.loadConnection(ctx)
	if err != nil {
		return err
	}
	if c == nil {
		reason := "ClickUp is not connected, so no time is pushed to it."
		out.Reason = &reason
		return nil
	}
	members, err := s.membersByEmail(ctx)
	if err != nil {
		return err
	}
	if members[valid.NormalizeEmail(u.Email)] != "" {
		out.Matched = true
		return nil
	}
	reason := fmt.Sprintf("No member of the ClickUp workspace %q has your email (%s), so your time is not pushed to ClickUp. "+
		"It is pushed, as yours, from when a ClickUp admin adds that email to the workspace.", c.TeamName, u.Email)
	out.Reason = &reason
	return nil
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
