package tracking

import (
	"context"
	"errors"
	"strconv"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
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

// ApplyChange is e with the fields ch names changed (task: the change's
// task, resolved by the caller); moved tells
// that the date changed, which the caller must date anew (DatedAt, DatedOn,
// OnTime: moving an entry counts as logging it there now).
func ApplyChange(e Entry, ch EntryChange, task *org.Task) (next Entry, moved bool) {
	next = e
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
	if task != nil && task.ID != e.TaskID {
		next.TaskID, next.ProjectID = task.ID, task.ProjectID
	}
	return next, next.Date != e.Date
}

// Version names the state of an entry's editable fields: it changes with
// any edit of them. The API gives it as the entry's ETag, and an edit
// may require it (If-Match).
func (e *Entry) Version() string {
	return store.Version(e.ID, e.TaskID, e.Date, strconv.Itoa(e.Minutes), e.Note, strconv.FormatBool(e.Billable))
}

// canRead tells whether viewer may read userID's entries dated date (any
// date when empty): their own, a lead's team members' of the dates they
// were in the team, or anyone's for an admin.
func (s *Service) canRead(ctx context.Context, viewer *auth.User, userID, date string) error {
	if viewer.ID == userID || viewer.IsAdmin() {
		return nil
	}
	ok, err := s.LeadOf(ctx, viewer, userID, date)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	return nil
}

// Entry loads an entry that viewer may read.
func (s *Service) Entry(ctx context.Context, viewer *auth.User, id string) (*Entry, error) {
	var e Entry
	if err := s.db.Reader(ctx).Where("id = ?", id).Take(&e).Error; err != nil {
		return nil, store.NotFound(err)
	}
	if err := s.canRead(ctx, viewer, e.UserID, e.Date); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, store.ErrNotFound
		}
		return nil, err
	}
	return &e, nil
}
