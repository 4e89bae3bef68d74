package tracking

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm/clause"
)

// StartTimer starts u's stopwatch on a task; one may run at a time.
func (s *Service) StartTimer(ctx context.Context, u *User, taskID, note string) (*Timer, error) {
	if err := CheckText("note", note, MaxNoteChars); err != nil {
		return nil, err
	}
	if _, err := s.liveTask(ctx, taskID); err != nil {
		return nil, err
	}
	t := &Timer{UserID: u.ID, TaskID: taskID, Note: note, StartedAt: s.Now()}
	// The user's row is the key: of two concurrent starts, one inserts.
	res := s.db.W.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(t)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, &ConflictError{Reason: "a timer is already running; stop it first"}
	}
	return t, nil
}

// RunningTimer returns u's running timer, or ErrNotFound.
func (s *Service) RunningTimer(ctx context.Context, u *User) (*Timer, error) {
	var t Timer
	if err := s.db.R.WithContext(ctx).Where("user_id = ?", u.ID).Take(&t).Error; err != nil {
		return nil, notFound(err)
	}
	return &t, nil
}

// Piece is the part of a timed span that fell on one local date.
type Piece struct {
	Date    string
	Minutes int
}

// SplitSpan cuts [start, end) at each local midnight in loc and rounds each
// part to the nearest minute; parts under 30 seconds are dropped.
func SplitSpan(start, end time.Time, loc *time.Location) []Piece {
	var out []Piece
	for start.Before(end) {
		local := start.In(loc)
		next := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc)
		if !next.After(start) { // a DST gap can put "midnight" behind us
			next = start.Add(time.Hour)
		}
		stop := end
		if next.Before(end) {
			stop = next
		}
		if d := stop.Sub(start); d >= 30*time.Second {
			out = append(out, Piece{Date: local.Format(dateLayout), Minutes: int(d.Round(time.Minute) / time.Minute)})
		}
		start = stop
	}
	return out
}

// StopTimer stops u's timer and logs its time as entries, one per local
// date. A date that is already full gets what still fits.
func (s *Service) StopTimer(ctx context.Context, u *User) ([]Entry, error) {
	t, err := s.RunningTimer(ctx, u)
	if err != nil {
		return nil, err
	}
	return s.stopTimer(ctx, u, t)
}

// stopTimer stops the timer t of u, if it still runs (ErrNotFound if not),
// and logs its time.
func (s *Service) stopTimer(ctx context.Context, u *User, t *Timer) ([]Entry, error) {
	loc, err := Location(u.Timezone)
	if err != nil {
		loc = time.UTC
	}
	// Claim the timer before logging its time, so that two concurrent
	// stops cannot both log it.
	res := s.db.W.WithContext(ctx).Where("user_id = ? AND started_at = ?", u.ID, t.StartedAt).Delete(&Timer{})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	entries, err := s.logTimer(ctx, u, t, loc)
	if err != nil && len(entries) == 0 {
		// Nothing was logged: put the timer back rather than lose its time.
		if rerr := s.db.W.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(t).Error; rerr != nil {
			return nil, errors.Join(err, rerr)
		}
	}
	return entries, err
}

// entryTask is the task an entry is logged on: a live one, but a timer's
// time was spent while its task was live, so it is logged on the task even
// if the task or its project has been archived since: no timer's time is
// ever dropped.
func (s *Service) entryTask(ctx context.Context, in NewEntry) (*Task, error) {
	if in.Source != SourceTimer {
		return s.liveTask(ctx, in.TaskID)
	}
	t, err := s.Task(ctx, in.TaskID)
	if errors.Is(err, ErrNotFound) {
		return nil, Invalid("task_id", "no such task")
	}
	return t, err
}

// logTimer logs a stopped timer's span as entries, one per local date.
func (s *Service) logTimer(ctx context.Context, u *User, t *Timer, loc *time.Location) ([]Entry, error) {
	now := s.Now()
	entries := []Entry{}
	for _, p := range SplitSpan(t.StartedAt, now, loc) {
		mins := min(p.Minutes, MaxDayMinutes)
		have, err := s.DayMinutes(ctx, u.ID, p.Date)
		if err != nil {
			return entries, err
		}
		mins = min(mins, MaxDayMinutes-have)
		if mins < 1 || s.checkLock(now, u, p.Date) != nil {
			continue
		}
		c, err := s.CreateEntry(ctx, u, NewEntry{TaskID: t.TaskID, Date: p.Date, Minutes: mins, Note: t.Note, Source: SourceTimer}, nil)
		var verr *ValidationError
		if errors.As(err, &verr) {
			continue // the day filled up meanwhile
		}
		if err != nil {
			return entries, err
		}
		entries = append(entries, *c.Entry)
	}
	return entries, nil
}

// SetTimeOff marks a date, today or later, as time off; created is false
// when it already was.
func (s *Service) SetTimeOff(ctx context.Context, u *User, date string) (bool, error) {
	if err := s.checkTimeOffDate(u, date); err != nil {
		return false, err
	}
	res := s.db.W.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&TimeOffDay{UserID: u.ID, Date: date, CreatedAt: s.Now()})
	return res.RowsAffected == 1, res.Error
}

// DeleteTimeOff makes a date, today or later, a normal day again.
func (s *Service) DeleteTimeOff(ctx context.Context, u *User, date string) error {
	if err := s.checkTimeOffDate(u, date); err != nil {
		return err
	}
	res := s.db.W.WithContext(ctx).Where("user_id = ? AND date = ?", u.ID, date).Delete(&TimeOffDay{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// Time off can only be changed for today or later: past dates are scored.
func (s *Service) checkTimeOffDate(u *User, date string) error {
	if _, ok := ParseDate(date); !ok {
		return Invalid("date", "must be a date as YYYY-MM-DD")
	}
	if today := LocalToday(s.Now(), u); date < today {
		return Invalid("date", "time off can be set for today (%s) or later only", today)
	}
	return nil
}

// TimeOff lists u's time-off dates in a range (both ends optional).
func (s *Service) TimeOff(ctx context.Context, userID, from, to string) ([]TimeOffDay, error) {
	q := s.db.R.WithContext(ctx).Where("user_id = ?", userID)
	if from != "" {
		if _, ok := ParseDate(from); !ok {
			return nil, Invalid("from", "must be a date as YYYY-MM-DD")
		}
		q = q.Where("date >= ?", from)
	}
	if to != "" {
		if _, ok := ParseDate(to); !ok {
			return nil, Invalid("to", "must be a date as YYYY-MM-DD")
		}
		q = q.Where("date <= ?", to)
	}
	days := []TimeOffDay{}
	return days, q.Order("date").Find(&days).Error
}
