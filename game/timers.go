package game

import (
	"context"
	"errors"
	"time"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// A stopped timer's time is logged like any entry (late on a closed date,
// with its award), so stopping one is a use case of the game, whether the
// user stops it or an archive does.

// StopTimer stops u's timer and logs its time as entries, one per local
// date, split at the user's local midnight; a date that is already full
// gets what still fits.
func (e *Engine) StopTimer(ctx context.Context, u *auth.User) ([]tracking.Entry, error) {
	return e.stopTimer(ctx, u, nil)
}

// stopTimer stops u's timer (only the run that started at startedAt, when
// set) and logs its time, in one transaction: the timer stays if nothing
// could be stored.
func (e *Engine) stopTimer(ctx context.Context, u *auth.User, startedAt *time.Time) ([]tracking.Entry, error) {
	entries := []tracking.Entry{}
	if err := e.db.Prepare(ctx, writeStatements...); err != nil { // on SQLite, before the transaction takes the writer
		return nil, err
	}
	err := e.db.Tx(ctx, func(ctx context.Context) error {
		t, err := e.tr.ClaimTimer(ctx, u.ID, startedAt)
		if err != nil {
			return err
		}
		now := e.now()
		var ops []*entryOp
		for _, p := range tracking.SplitSpan(t.StartedAt, now, civil.Zone(u.Timezone)) {
			if e.tr.CheckLock(now, u, p.Date) != nil {
				continue
			}
			in := tracking.NewEntry{TaskID: t.TaskID, Date: p.Date, Minutes: min(p.Minutes, valid.MaxDayMinutes), Note: t.Note, Source: tracking.SourceTimer}
			op, err := e.newEntryOp(ctx, u, in)
			if isRuleError(err) {
				continue
			}
			if err != nil {
				return err
			}
			op.fit = true
			ops = append(ops, op)
		}
		if len(ops) == 0 {
			return nil
		}
		if err := e.writeBatch(ctx, ops); err != nil {
			return err
		}
		for _, op := range ops {
			switch {
			case op.err == nil:
				entries = append(entries, *op.out)
			case !errors.Is(op.err, errNoRoom) && !isRuleError(op.err):
				return op.err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return entries, nil
}

// stopTimers stops the given timers, each as its user's DELETE /timer
// would; a timer its user stopped meanwhile is skipped (that stop logged
// its time).
func (e *Engine) stopTimers(ctx context.Context, timers []tracking.Timer) error {
	for i := range timers {
		u, err := e.tr.User(ctx, timers[i].UserID)
		if err != nil {
			return err
		}
		if _, err := e.stopTimer(ctx, u, &timers[i].StartedAt); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

// UpdateTask changes a task, as the ClickUp sync does; archiving it stops
// every timer running on it and logs their time (on the task: a timer's
// time was spent while it was live).
func (e *Engine) UpdateTask(ctx context.Context, id string, ch org.TaskChange) (*org.Task, error) {
	t, err := e.tr.UpdateTask(ctx, id, ch)
	if err != nil {
		return nil, err
	}
	return t, e.stopTimersIfArchived(ctx, ch.Archived, func() ([]tracking.Timer, error) {
		return e.tr.TimersOnTasks(ctx, []string{id})
	})
}

// EditTask is a person's change of a task (tracking.Service.EditTask), with
// UpdateTask's timers.
func (e *Engine) EditTask(ctx context.Context, by *auth.User, id string, ch org.TaskChange, synced bool) (*org.Task, error) {
	t, err := e.tr.EditTask(ctx, by, id, ch, synced)
	if err != nil {
		return nil, err
	}
	return t, e.stopTimersIfArchived(ctx, ch.Archived, func() ([]tracking.Timer, error) {
		return e.tr.TimersOnTasks(ctx, []string{id})
	})
}

// UpdateProject changes a project; archiving it stops the timers running
// on its tasks and logs their time.
func (e *Engine) UpdateProject(ctx context.Context, id string, ch org.ProjectChange) (*org.Project, error) {
	p, err := e.tr.UpdateProject(ctx, id, ch)
	if err != nil {
		return nil, err
	}
	return p, e.stopTimersIfArchived(ctx, ch.Archived, func() ([]tracking.Timer, error) {
		return e.tr.TimersOnProject(ctx, id)
	})
}

func (e *Engine) stopTimersIfArchived(ctx context.Context, archived *bool, running func() ([]tracking.Timer, error)) error {
	if archived == nil || !*archived {
		return nil
	}
	timers, err := running()
	if err != nil {
		return err
	}
	return e.stopTimers(ctx, timers)
}

// UpdateProfile saves a user's change to their settings. A change that
// moves day boundaries or targets finalizes the user's closed dates first,
// so no date is scored under settings it did not close with.
func (e *Engine) UpdateProfile(ctx context.Context, u *auth.User, ch auth.ProfileChange) (*auth.User, error) {
	p, err := e.tr.PrepareProfile(ctx, u, ch)
	if err != nil {
		return nil, err
	}
	if p.ChangesScoring {
		if err := e.Settle(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	return e.tr.SaveProfile(ctx, p)
}
