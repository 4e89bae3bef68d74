package store

import (
	"errors"
	"time"

	"github.com/timestreak/timestreak/database"
)

// Sentinel errors; the API maps each to one HTTP status.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrLocked       = errors.New("locked")
	ErrUnauthorized = errors.New("unauthorized")
	// ErrBusy: the database did not answer in time; nothing was written and
	// the request may be sent again.
	ErrBusy = database.ErrBusy
)

// RateLimitError says the caller must wait before trying again.
type RateLimitError struct {
	RetryAfter time.Duration
	Reason     string // what the client is told; "" for the generic answer
}

func (e *RateLimitError) Error() string { return "too many attempts" }

// ConflictError is ErrConflict with a reason for the client. Type, when
// set, names a conflict a client can act on (the problem's type).
type ConflictError struct{ Reason, Type string }

// ProblemKeyGone is the type of the conflict of a keyed request whose first
// request is gone (refused or expired) while this one waited: nothing was
// written, and the request may be sent again with a new key.
const ProblemKeyGone = "urn:timestreak:problem:idempotency-key-gone"

func (e *ConflictError) Error() string { return e.Reason }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// LockedError is ErrLocked with a reason for the client.
type LockedError struct{ Reason string }

func (e *LockedError) Error() string { return e.Reason }
func (e *LockedError) Unwrap() error { return ErrLocked }

// ForbiddenError is ErrForbidden with a reason for the client.
type ForbiddenError struct{ Reason string }

func (e *ForbiddenError) Error() string { return e.Reason }
func (e *ForbiddenError) Unwrap() error { return ErrForbidden }
