package tracking

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// StartTimer starts u's stopwatch on a task; one may run at a time.
func (s *Service) StartTimer(ctx context.Context, u *auth.User, taskID, note string) (*Timer, error) {
	if err := valid.Note("note", note); err != nil {
		return nil, err
	}
	if _, err := s.LiveTask(ctx, taskID); err != nil {
		return nil, err
	}
	t := &Timer{UserID: u.ID, TaskID: taskID, Note: note, StartedAt: s.Now()}
	// The user's row is the key: of two concurrent starts, one inserts.
	res := s.db.Engine(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(t)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, &store.ConflictError{Reason: "a timer is already running; stop it first"}
	}
	return t, nil
}

// RunningTimer returns u's running timer, or store.ErrNotFound.
func (s *Service) RunningTimer(ctx context.Context, u *auth.User) (*Timer, error) {
	var t Timer
	if err := s.db.Reader(ctx).Where("user_id = ?", u.ID).Take(&t).Error; err != nil {
		return nil, store.NotFound(err)
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
			out = append(out, Piece{Date: civil.Format(local), Minutes: int(d.Round(time.Minute) / time.Minute)})
		}
		start = stop
	}
	return out
}

// ClaimTimer stops u's timer by taking its row (store.ErrNotFound when none
// runs): of two concurrent stops, one gets it and logs its time. With
// startedAt, only that run of the timer is claimed. The caller logs the
// time in the same transaction (ctx), so a failure puts the timer back.
func (s *Service) ClaimTimer(ctx context.Context, userID string, startedAt *time.Time) (*Timer, error) {
	var t Timer
	if err := s.db.Reader(ctx).Where("user_id = ?", userID).Take(&t).Error; err != nil {
		return nil, store.NotFound(err)
	}
	if startedAt != nil && !t.StartedAt.Equal(*startedAt) {
		return nil, store.ErrNotFound
	}
	res := s.db.Engine(ctx).Where("user_id = ? AND started_at = ?", userID, t.StartedAt).Delete(&Timer{})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, store.ErrNotFound
	}
	return &t, nil
}

// TimersOnTasks lists the timers running on the given tasks.
func (s *Service) TimersOnTasks(ctx context.Context, taskIDs []string) ([]Timer, error) {
	var timers []Timer
	err := s.db.Reader(ctx).Where("task_id IN ?", taskIDs).Find(&timers).Error
	return timers, err
}

// TimersOnProject lists the timers running on a project's tasks.
func (s *Service) TimersOnProject(ctx context.Context, projectID string) ([]Timer, error) {
	var timers []Timer
	err := s.db.Reader(ctx).Where("task_id IN (?)", s.db.Reader(ctx).Model(&org.Task{}).Select("id").Where("project_id = ?", projectID)).
		Find(&timers).Error
	return timers, err
}

// SetTimeOff marks a date, today or later, as time off; created is false
// when it already was.
func (s *Service) SetTimeOff(ctx context.Context, u *auth.User, date string) (bool, error) {
	if err := s.checkTimeOffDate(u, date); err != nil {
		return false, err
	}
	res := s.db.Engine(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&TimeOffDay{UserID: u.ID, Date: date, CreatedAt: s.Now()})
	return res.RowsAffected == 1, res.Error
}

// DeleteTimeOff makes a date, today or later, a normal day again.
func (s *Service) DeleteTimeOff(ctx context.Context, u *auth.User, date string) error {
	if err := s.checkTimeOffDate(u, date); err != nil {
		return err
	}
	res := s.db.Engine(ctx).Where("user_id = ? AND date = ?", u.ID, date).Delete(&TimeOffDay{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// Time off can only be changed for today or later: past dates are scored.
func (s *Service) checkTimeOffDate(u *auth.User, date string) error {
	if err := valid.Date("date", date); err != nil {
		return err
	}
	if today := auth.LocalToday(s.Now(), u); date < today {
		return valid.Invalid("date", "time off can be set for today (%s) or later only", today)
	}
	return nil
}

// TimeOff lists u's time-off dates in a range (both ends optional).
func (s *Service) TimeOff(ctx context.Context, userID, from, to string) ([]TimeOffDay, error) {
	q, err := database.InDates(s.db.Reader(ctx).Where("user_id = ?", userID), from, to)
	if err != nil {
		return nil, err
	}
	days := []TimeOffDay{}
	return days, q.Order("date").Find(&days).Error
}
