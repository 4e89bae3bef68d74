package tracking

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"

	"gorm.io/gorm"
)

// EntryChange is an owner's edit of an entry; nil fields stay.
type EntryChange struct {
	TaskID   *string
	Date     *string
	Minutes  *int
	Note     *string
	Billable *bool
	// IfVersion, when set, lists the versions (Entry.Version) the edit was
	// made against: an entry now at none of them is a conflict.
	IfVersion []string
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
//
// The entry is read again inside the writing transaction (after the user's
// row lock on PostgreSQL; SQLite has one writer), and only the fields the
// change names are written: two concurrent edits of different fields both
// stay. With IfVersion set, an entry whose Version is none of them is a
// conflict, so a client's stale edit of the same field is refused, not
// silently laid over another.
func (s *Service) UpdateEntry(ctx context.Context, u *User, id string, ch EntryChange) (*Entry, error) {
	e, err := s.ownEntry(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if err := s.checkLock(s.Now(), u, e.Date); err != nil {
		return nil, err
	}
	// Closed dates are finalized before they change, so nothing slips
	// between a date's close and its close-out. Settling takes the writer
	// itself, so it runs first; the transaction asks again should the entry
	// have moved to a closed date meanwhile.
	settled := false
	for {
		if !settled && s.changesClosed(u, e.Date, ch) {
			if err := s.scoring.Settle(ctx, u.ID); err != nil {
				return nil, err
			}
			settled = true
		}
		next, err := s.applyEntryChange(ctx, u, id, ch, settled)
		var uns *unsettledError
		if errors.As(err, &uns) {
			e = uns.e
			continue
		}
		return next, err
	}
}

// unsettledError: the entry, read again in the transaction, touches a
// closed date that was not finalized before it.
type unsettledError struct{ e *Entry }

func (*unsettledError) Error() string { return "closed dates must be finalized first" }

// changesClosed tells whether the change touches a closed date: the
// entry's, or the one it moves to.
func (s *Service) changesClosed(u *User, date string, ch EntryChange) bool {
	return s.isClosed(u, date) || (ch.Date != nil && s.isClosed(u, *ch.Date))
}

// applyEntryChange is UpdateEntry's transaction.
func (s *Service) applyEntryChange(ctx context.Context, u *User, id string, ch EntryChange, settled bool) (*Entry, error) {
	var next Entry
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockUser(tx, u.ID); err != nil {
			return err
		}
		var e Entry
		if err := tx.Where("id = ? AND user_id = ?", id, u.ID).Take(&e).Error; err != nil {
			return notFound(err)
		}
		if ch.IfVersion != nil && !slices.Contains(ch.IfVersion, e.Version()) {
			return &ConflictError{Reason: "the entry changed since you read it; load it again and redo your edit"}
		}
		now := s.Now()
		if err := s.checkLock(now, u, e.Date); err != nil {
			return err
		}
		if !settled && s.changesClosed(u, e.Date, ch) {
			return &unsettledError{e: &e}
		}
		next = e
		cols := []string{"updated_at"}
		if ch.Date != nil && *ch.Date != e.Date {
			next.Date = *ch.Date
			cols = append(cols, "date", "on_time", "dated_at", "dated_on")
		}
		if ch.Minutes != nil && *ch.Minutes != e.Minutes {
			next.Minutes = *ch.Minutes
			cols = append(cols, "minutes")
		}
		if ch.Note != nil && *ch.Note != e.Note {
			next.Note = *ch.Note
			cols = append(cols, "note")
		}
		if ch.Billable != nil && *ch.Billable != e.Billable {
			next.Billable = *ch.Billable
			cols = append(cols, "billable")
		}
		if err := s.checkEntryFields(u, now, next.Date, next.Minutes, next.Note); err != nil {
			return err
		}
		if ch.TaskID != nil && *ch.TaskID != e.TaskID {
			t, err := s.liveTask(ctx, *ch.TaskID)
			if err != nil {
				return err
			}
			next.TaskID, next.ProjectID = t.ID, t.ProjectID
			cols = append(cols, "task_id", "project_id")
		}
		moved := next.Date != e.Date
		if moved {
			next.DatedAt, next.DatedOn = now, LocalToday(now, u)
			next.OnTime = now.Before(s.scoring.ClosesAt(u, next.Date)) && e.Source != SourceImport
			if err := s.notOnTimeIfFinalized(ctx, tx, &next); err != nil {
				return err
			}
		}
		if moved || next.Minutes != e.Minutes {
			if err := s.checkDayTotal(tx, u.ID, next.Date, next.Minutes, e.ID); err != nil {
				return err
			}
		}
		next.UpdatedAt = now
		res := tx.Model(&next).Select(cols).Updates(&next)
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

// Version names the state of an entry's editable fields: it changes with
// any edit of them. The API gives it as the entry's ETag, and an edit
// may require it (If-Match).
func (e *Entry) Version() string {
	return versionOf(e.ID, e.TaskID, e.Date, strconv.Itoa(e.Minutes), e.Note, strconv.FormatBool(e.Billable))
}

// versionOf hashes fields into a short version tag.
func versionOf(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
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

// canRead tells whether viewer may read userID's entries dated date (any
// date when empty): their own, a lead's team members' of the dates they
// were in the team, or anyone's for an admin.
func (s *Service) canRead(ctx context.Context, viewer *User, userID, date string) error {
	if viewer.ID == userID || viewer.IsAdmin() {
		return nil
	}
	ok, err := s.LeadOf(ctx, viewer, userID, date)
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
	if err := s.canRead(ctx, viewer, e.UserID, e.Date); err != nil {
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
