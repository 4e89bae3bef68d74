package database

import "gorm.io/gorm"

// notificationDate records the date a notification is about (the date
// finalized, reminded, or a week's Sunday). A close-out that catches up
// writes a month of notices in one run, so the time it ran says nothing
// of when things happened. Older notifications have none.
func notificationDate(tx *gorm.DB) error {
	type Notification struct {
		Date *string `gorm:"size:10"`
	}
	return tx.Migrator().AddColumn(&Notification{}, "Date")
}
