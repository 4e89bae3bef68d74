package store

import "time"

// Stamps are when a row was made and last changed.
type Stamps struct {
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Page limits of listings (entries, a project's tasks, task search).
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)
