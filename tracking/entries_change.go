package tracking

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// EntryChange is an owner's edit of an entry; nil fields stay.
type EntryChange struct {
	TaskID   *string
	Date     *string
	Minutes  *int
	Note     *string
	Billable *bool
}

// ownEntry loads an entry that u owns; anything else is not found.
func (s *Service) ownEntry(ctx context.Context, u *User, id string) (*Entry, error) {
	var e Entry
	if err := s.db.R.WithContext(ctx).Where("id = ? AND user_id = ?", id, u.ID).Take(&e).Error; err != nil {
		return nil, notFound(err)
	}
	return &e, nil
}

func (s *Service) isClosed(u *User, date string) bool {
	return !s.Now().Before(s.scoring.ClosesAt(u, date))
}

// UpdateEntry edits one of u's entries. Moving it to another date counts as
// logging it there now: it is on time only if that date is still open.
func (s *Service) UpdateEntry(ctx context.Context, u *User, id string, ch EntryChange) (*Entry, error) {
	e, err := s.ownEntry(ctx, u, id)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if err := s.checkLock(now, u, e.Date); err != nil {
		return nil, err
	}
	next := *e
	if ch.Date != nil {
		next.Date = *ch.Date
	}
	if ch.Minutes != nil {
		next.Minutes = *ch.Minutes
	}
	if ch.Note != nil {
		next.Note = *ch.Note
	}
	if ch.Billable != nil {
		next.Billable = *ch.Billable
	}
	if err := s.checkEntryFields(u, now, next.Date, next.Minutes, next.Note); err != nil {
		return nil, err
	}
	if ch.TaskID != nil && *ch.TaskID != e.TaskID {
		t, err := s.liveTask(ctx, *ch.TaskID)
		if err != nil {
			return nil, err
		}
		next.TaskID, next.ProjectID = t.ID, t.ProjectID
	}
	moved := next.Date != e.Date
	if moved {
		next.DatedAt, next.DatedOn = now, LocalToday(now, u)
		next.OnTime = now.Before(s.scoring.ClosesAt(u, next.Date)) && e.Source != SourceImport
	}
	// Closed dates are finalized before they change, so nothing slips
	// between a date's close and its close-out.
	if s.isClosed(u, e.Date) || s.isClosed(u, next.Date) {
		if err := s.scoring.Settle(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	next.UpdatedAt = now
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockUser(tx, u.ID); err != nil {
			return err
		}
		if err := s.checkDayTotal(tx, u.ID, next.Date, next.Minutes, e.ID); err != nil {
			return err
		}
		if moved {
			if err := s.notOnTimeIfFinalized(ctx, tx, &next); err != nil {
				return err
			}
		}
		res := tx.Model(&next).Select("task_id", "project_id", "date", "minutes", "note", "billable",
			"on_time", "dated_at", "dated_on", "updated_at").Updates(&next)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound // deleted meanwhile
		}
		if moved && !next.OnTime && next.Source != SourceImport {
			return s.scoring.Backfilled(ctx, tx, u, next.Date)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &next, nil
}

// DeleteEntry soft-deletes one of u's entries; the row stays so that the
// first backfilled entry of a date can always be found.
func (s *Service) DeleteEntry(ctx context.Context, u *User, id string) error {
	e, err := s.ownEntry(ctx, u, id)
	if err != nil {
		return err
	}
	if err := s.checkLock(s.Now(), u, e.Date); err != nil {
		return err
	}
	if s.isClosed(u, e.Date) {
		if err := s.scoring.Settle(ctx, u.ID); err != nil {
			return err
		}
	}
	res := s.db.W.WithContext(ctx).Where("id = ? AND user_id = ?", e.ID, u.ID).Delete(&Entry{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// canRead tells whether viewer may read userID's entries: their own, a
// lead's team members', or anyone's for an admin.
func (s *Service) canRead(ctx context.Context, viewer *User, userID string) error {
	if viewer.ID == userID || viewer.IsAdmin() {
		return nil
	}
	ok, err := s.LeadOf(ctx, viewer, userID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// Entry loads an entry that viewer may read.
func (s *Service) Entry(ctx context.Context, viewer *User, id string) (*Entry, error) {
	var e Entry
	if err := s.db.R.WithContext(ctx).Where("id = ?", id).Take(&e).Error; err != nil {
		return nil, notFound(err)
	}
	if err := s.canRead(ctx, viewer, e.UserID); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return &e, nil
}

// notOnTimeIfFinalized makes an entry late when its date is finalized
// already, whatever this replica's clock says: a replica whose clock lags,
// or a user who moved west, cannot reopen a date the close-out has scored.
func (s *Service) notOnTimeIfFinalized(ctx context.Context, tx *gorm.DB, e *Entry) error {
	if !e.OnTime {
		return nil
	}
	through, err := s.scoring.FinalizedThrough(ctx, tx, e.UserID)
	if err != nil {
		return err
	}
	if e.Date <= through {
		e.OnTime = false
	}
	return nil
}
