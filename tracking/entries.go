package tracking

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/database"
)

// MaxDayMinutes is the most a user can log on one date.
const MaxDayMinutes = 1440

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

// Created is the outcome of CreateEntry. Replayed is set when the key was
// seen before: Entry is then the first request's entry and Stored holds the
// first answer when it has been saved.
type Created struct {
	Entry    *Entry
	Replayed bool
	Stored   *IdempotencyKey
	Day      *Day // the date's pending points, when the write could tell them at once
}

const idempotencyTTL = 24 * time.Hour

// CreateEntry logs time for u, once per idempotency key.
func (s *Service) CreateEntry(ctx context.Context, u *User, in NewEntry, idem *Idempotency) (*Created, error) {
	if idem != nil {
		if c, seen, err := s.replay(ctx, u, idem); seen || err != nil {
			return c, err
		}
	}
	now := s.Now()
	if err := s.checkEntryFields(u, now, in.Date, in.Minutes, in.Note); err != nil {
		return nil, err
	}
	task, err := s.entryTask(ctx, in)
	if err != nil {
		return nil, err
	}
	onTime := now.Before(s.scoring.ClosesAt(u, in.Date))
	if !onTime {
		// The late award at backfill time needs the date finalized first.
		if err := s.scoring.Settle(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	if in.Source == "" {
		in.Source = SourceAPI
	}
	e := &Entry{
		ID: newID(), UserID: u.ID, TaskID: task.ID, ProjectID: task.ProjectID, Date: in.Date,
		Minutes: in.Minutes, Note: in.Note, Billable: in.Billable, Source: in.Source,
		OnTime: onTime && in.Source != SourceImport, DatedAt: now, DatedOn: LocalToday(now, u),
		CreatedAt: now, UpdatedAt: now,
	}
	w := &entryWrite{ctx: ctx, u: u, e: e, idem: idem, onTime: e.OnTime}
	if err := s.writes.submit(w); err != nil {
		return nil, err
	}
	if w.replayed {
		c, seen, err := s.replay(ctx, u, idem)
		if !seen && err == nil { // the first request's key expired meanwhile
			return nil, &ConflictError{Reason: "this Idempotency-Key's first request is gone; retry", Type: ProblemKeyGone}
		}
		return c, err
	}
	c := &Created{Entry: e}
	if w.score != nil {
		c.Day, _ = w.score.PendingDay(u, e.Date, w.totals)
	}
	return c, nil
}

// replay answers a key seen in the last 24 hours; seen is false when the
// key is new.
func (s *Service) replay(ctx context.Context, u *User, idem *Idempotency) (c *Created, seen bool, err error) {
	var k IdempotencyKey
	err = s.db.R.WithContext(ctx).Where("user_id = ? AND key = ? AND created_at > ?", u.ID, idem.Key, s.Now().Add(-idempotencyTTL)).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if k.RequestHash != idem.RequestHash {
		return nil, true, &ConflictError{Reason: "this Idempotency-Key was used with a different request"}
	}
	var e Entry
	if err := s.db.R.WithContext(ctx).Unscoped().Where("id = ?", k.EntryID).Take(&e).Error; err != nil {
		return nil, true, err
	}
	c = &Created{Entry: &e, Replayed: true}
	if k.Body != "" {
		c.Stored = &k
	}
	return c, true, nil
}

// claimKey records the key inside the creating transaction; false means a
// concurrent request with the key won and this one must replay its answer.
func (s *Service) claimKey(tx *gorm.DB, u *User, idem *Idempotency, entryID string, now time.Time) (bool, error) {
	if err := tx.Where("user_id = ? AND key = ? AND created_at <= ?", u.ID, idem.Key, now.Add(-idempotencyTTL)).
		Delete(&IdempotencyKey{}).Error; err != nil {
		return false, err
	}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&IdempotencyKey{
		UserID: u.ID, Key: idem.Key, RequestHash: idem.RequestHash, EntryID: entryID, CreatedAt: now})
	if res.Error != nil {
		return false, res.Error
	}
	return res.RowsAffected == 1, nil
}

// SaveIdempotentAnswer stores the first answer to a keyed request.
func (s *Service) SaveIdempotentAnswer(ctx context.Context, userID, key string, status int, body []byte) error {
	return s.db.W.WithContext(ctx).Model(&IdempotencyKey{}).Where("user_id = ? AND key = ?", userID, key).
		Updates(map[string]any{"status": status, "body": string(body)}).Error
}

// lockUser serialises one user's writes on PostgreSQL for an edit or an
// import, so that they cannot pass the daily-total check together with
// another write (new entries lock their batch's users: lockUsersOf).
// SQLite's single writer already serialises them.
func (s *Service) lockUser(tx *gorm.DB, userID string) error {
	if s.db.Dialect != database.Postgres {
		return nil
	}
	return tx.Exec("SELECT id FROM users WHERE id = ? FOR UPDATE", userID).Error
}

func (s *Service) checkEntryFields(u *User, now time.Time, date string, minutes int, note string) error {
	var errs fieldErrors
	today := LocalToday(now, u)
	if _, ok := ParseDate(date); !ok {
		errs.add("date", "must be a date as YYYY-MM-DD")
	} else if date > today {
		errs.add("date", "must not be after your local today (%s)", today)
	}
	if minutes < 1 || minutes > MaxDayMinutes {
		errs.add("minutes", "must be a whole number from 1 to 1440")
	}
	errs.from(CheckText("note", note, MaxNoteChars))
	if err := errs.err(); err != nil {
		return err
	}
	return s.checkLock(now, u, date)
}

func (s *Service) checkLock(now time.Time, u *User, date string) error {
	if date < AddDays(LocalToday(now, u), -s.cfg.LockDays) {
		return &LockedError{Reason: "entries older than the lock window are read-only"}
	}
	return nil
}

func (s *Service) liveTask(ctx context.Context, id string) (*Task, error) {
	if strings.TrimSpace(id) == "" {
		return nil, Invalid("task_id", "is required")
	}
	cached, gen, ok := s.tasks.get(id)
	t := &cached
	if !ok {
		var err error
		t, err = s.Task(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return nil, Invalid("task_id", "no such task")
		}
		if err != nil {
			return nil, err
		}
		s.tasks.put(id, *t, gen)
	}
	if t.Archived || t.ProjectDone {
		return nil, Invalid("task_id", "the task or its project is archived")
	}
	return t, nil
}

// checkDayTotal keeps a user's date at or under 1440 minutes; except is an
// entry being replaced by the edit.
func (s *Service) checkDayTotal(tx *gorm.DB, userID, date string, adding int, except string) error {
	var total int
	q := tx.Model(&Entry{}).Select("COALESCE(SUM(minutes), 0)").Where("user_id = ? AND date = ?", userID, date)
	if except != "" {
		q = q.Where("id <> ?", except)
	}
	if err := q.Scan(&total).Error; err != nil {
		return err
	}
	return dayLimit(date, total, adding)
}

// dayLimit refuses adding minutes to a date that already holds total.
func dayLimit(date string, total, adding int) error {
	if total+adding > MaxDayMinutes {
		return Invalid("minutes", "would make %s total %d minutes; a day holds at most 1440 (%d left)", date, total+adding, max(0, MaxDayMinutes-total))
	}
	return nil
}
