package database

import (
	"time"

	"gorm.io/gorm"
)

// pushSubscriptions holds each device that asked for push reminders: the
// push service's endpoint (unique: one device is one person's at a time)
// and the device's keys the messages are encrypted to (RFC 8291).
func pushSubscriptions(tx *gorm.DB) error {
	type PushSubscription struct {
		ID           string `gorm:"primaryKey;size:36"`
		UserID       string `gorm:"size:36;not null;index"`
		Endpoint     string `gorm:"size:2000;not null"`
		EndpointHash string `gorm:"size:64;not null;uniqueIndex"`
		P256dh       string `gorm:"size:200;not null"`
		Auth         string `gorm:"size:100;not null"`
		CreatedAt    time.Time
		LastSentAt   *time.Time
	}
	return tx.Migrator().CreateTable(&PushSubscription{})
}
