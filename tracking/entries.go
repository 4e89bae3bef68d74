package tracking

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// NewEntry is what logging time takes.
type NewEntry struct {
	TaskID   string
	Date     string
	Minutes  int
	Note     string
	Billable bool
	Source   string
}

// Idempotency identifies a keyed request: a retry with the same key gets the
// first answer, and the same key with another body is a conflict.
type Idempotency struct {
	Key         string
	RequestHash string
}

// IdempotencyTTL is how long a key answers its first request's answer.
const IdempotencyTTL = 24 * time.Hour

// EntryRow is the entry that logging in would store at now, on task: on
// time when the caller found the date open (imported entries never are).
func EntryRow(u *auth.User, task *org.Task, in NewEntry, now time.Time, open bool) *Entry {
	if in.Source == "" {
		in.Source = SourceAPI
	}
	return &Entry{
		ID: store.NewID(), UserID: u.ID, TaskID: task.ID, ProjectID: task.ProjectID, Date: in.Date,
		Minutes: in.Minutes, Note: in.Note, Billable: in.Billable, Source: in.Source,
		OnTime: open && in.Source != SourceImport, DatedAt: now, DatedOn: auth.LocalToday(now, u),
		Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now},
	}
}

// LiveKey is u's key as it answers now: store.ErrNotFound when it is unknown or
// older than IdempotencyTTL.
func (s *Service) LiveKey(ctx context.Context, u *auth.User, key string) (*IdempotencyKey, error) {
	var k IdempotencyKey
	err := s.db.Reader(ctx).Where("user_id = ? AND key = ? AND created_at > ?", u.ID, key, s.Now().Add(-IdempotencyTTL)).Take(&k).Error
	if err != nil {
		return nil, store.NotFound(err)
	}
	return &k, nil
}

// AnyEntry loads an entry by id, a deleted one too: a key's first entry
// answers a retry even once it is gone.
func (s *Service) AnyEntry(ctx context.Context, id string) (*Entry, error) {
	var e Entry
	if err := s.db.Reader(ctx).Unscoped().Where("id = ?", id).Take(&e).Error; err != nil {
		return nil, store.NotFound(err)
	}
	return &e, nil
}

// lockUser serialises one user's writes against other replicas for an
// import (org locks a task's creator so), so that they cannot pass a check
// together with another write (the entry write path locks its batch's users:
// LockUsers).
func (s *Service) lockUser(tx *gorm.DB, userID string) error {
	return s.db.LockRows(tx, "users", userID)
}

// CheckEntryFields checks an entry's date, minutes and note as u logs or
// edits it at now, and the lock window.
func (s *Service) CheckEntryFields(u *auth.User, now time.Time, date string, minutes int, note string) error {
	var errs valid.Fields
	today := auth.LocalToday(now, u)
	if err := valid.Date("date", date); err != nil {
		errs.From(err)
	} else if date > today {
		errs.Add("date", "must not be after your local today (%s)", today)
	}
	errs.From(valid.Minutes("minutes", minutes))
	errs.From(valid.Note("note", note))
	if err := errs.Err(); err != nil {
		return err
	}
	return s.CheckLock(now, u, date)
}

// CheckLock refuses a date older than the lock window.
func (s *Service) CheckLock(now time.Time, u *auth.User, date string) error {
	if date < civil.AddDays(auth.LocalToday(now, u), -s.cfg.LockDays) {
		return &store.LockedError{Reason: "entries older than the lock window are read-only"}
	}
	return nil
}

// EntryTask is the task an entry is logged on: a live one, but a timer's
// time was spent while its task was live, so it is logged on the task even
// if the task or its project has been archived since: no timer's time is
// ever dropped.
func (s *Service) EntryTask(ctx context.Context, in NewEntry) (*org.Task, error) {
	if in.Source != SourceTimer {
		return s.LiveTask(ctx, in.TaskID)
	}
	t, err := s.Task(ctx, in.TaskID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, valid.Invalid("task_id", "no such task")
	}
	return t, err
}

// DayLimit refuses adding minutes to a date that already holds total.
func DayLimit(date string, total, adding int) error {
	if total+adding > valid.MaxDayMinutes {
		return valid.Invalid("minutes", "would make %s total %d minutes; a day holds at most %d (%d left)", date, total+adding, valid.MaxDayMinutes, max(0, valid.MaxDayMinutes-total))
	}
	return nil
}
