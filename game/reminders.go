package game

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Reminders notifies each user whose local reminder time has passed on a
// workday with nothing logged yet, once per date.
func (e *Engine) Reminders(ctx context.Context) error {
	users, err := e.tr.ActiveUsers(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for i := range users {
		u := &users[i]
		if u.ReminderTime == nil {
			continue
		}
		local := e.now().In(location(u))
		today := local.Format(dateLayout)
		if local.Format("15:04") < *u.ReminderTime || !u.IsWorkday(today) {
			continue
		}
		if err := e.remind(ctx, u.ID, today); err != nil {
			errs = append(errs, fmt.Errorf("remind user %s: %w", u.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (e *Engine) remind(ctx context.Context, userID, today string) error {
	off, err := e.tr.IsTimeOff(ctx, userID, today)
	if err != nil || off {
		return err
	}
	logged, err := e.tr.HasEntries(ctx, userID, today)
	if err != nil || logged {
		return err
	}
	var sent []Notification
	err = e.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&reminderRow{UserID: userID, Date: today})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		n := newNotification(userID, "reminder", "Log today's time to keep your streak going.", e.now())
		sent = append(sent, n)
		return tx.Create(&n).Error
	})
	if err != nil {
		return err
	}
	e.deliver(sent)
	return nil
}
