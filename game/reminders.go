package game

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
)

// Reminders notifies each user whose local reminder time has passed on a
// workday with nothing logged yet, once per date. It reads everything it
// needs in a few queries and writes only the reminders it sends.
func (e *Engine) Reminders(ctx context.Context) error {
	users, err := e.tr.ActiveUsers(ctx)
	if err != nil {
		return err
	}
	var due []tracking.UserDay
	for i := range users {
		u := &users[i]
		if u.ReminderTime == nil {
			continue
		}
		local := e.now().In(civil.Zone(u.Timezone))
		today := local.Format(civil.Layout)
		if local.Format("15:04") >= *u.ReminderTime && u.IsWorkday(today) {
			due = append(due, tracking.UserDay{UserID: u.ID, Date: today})
		}
	}
	for len(due) > 0 {
		n := min(len(due), reminderChunk)
		if err := e.remind(ctx, due[:n]); err != nil {
			return err
		}
		due = due[n:]
	}
	return nil
}

// reminderChunk bounds the user-days one round reads and writes: their ids
// go into IN lists, which SQLite caps at 32,766 parameters.
var reminderChunk = 5000

// remind sends the reminders due on some user-days that are still owed.
func (e *Engine) remind(ctx context.Context, due []tracking.UserDay) error {
	logged, off, err := e.tr.LoggedAndOff(ctx, due)
	if err != nil {
		return err
	}
	sent, err := e.remindedAlready(ctx, due)
	if err != nil {
		return err
	}
	var notes []Notification
	err = e.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, d := range due {
			if logged[d] || off[d] || sent[d] {
				continue
			}
			// The key (user, date) is the last guard: a concurrent run on
			// another replica cannot remind twice.
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&reminderRow{UserID: d.UserID, Date: d.Date})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				continue
			}
			n := newNotification(d.UserID, "reminder", "Log today's time to keep your streak going.", d.Date, e.now())
			if err := tx.Create(&n).Error; err != nil {
				return err
			}
			notes = append(notes, n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	e.deliver(notes)
	return nil
}

// remindedAlready tells which of the user-days have had their reminder.
func (e *Engine) remindedAlready(ctx context.Context, days []tracking.UserDay) (map[tracking.UserDay]bool, error) {
	ids, dates := tracking.SplitDays(days)
	var rows []reminderRow
	if err := e.db.R.WithContext(ctx).Where("user_id IN ? AND date IN ?", ids, dates).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[tracking.UserDay]bool, len(rows))
	for _, r := range rows {
		out[tracking.UserDay{UserID: r.UserID, Date: r.Date}] = true
	}
	return out, nil
}
