// Package storetest holds what the store-level tests of tracking and of its
// parts share: what a call came to, and how many rows a table has.
package storetest

import (
	"errors"
	"testing"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// Outcome names what a call came to: "ok", "invalid", "conflict",
// "forbidden", "locked", "unauthorized", "not found", "rate limited", or
// the error itself.
func Outcome(err error) string {
	var v *valid.Error
	var rl *store.RateLimitError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &v):
		return "invalid"
	case errors.As(err, &rl):
		return "rate limited"
	case errors.Is(err, store.ErrConflict):
		return "conflict"
	case errors.Is(err, store.ErrForbidden):
		return "forbidden"
	case errors.Is(err, store.ErrLocked):
		return "locked"
	case errors.Is(err, store.ErrUnauthorized):
		return "unauthorized"
	case errors.Is(err, store.ErrNotFound):
		return "not found"
	}
	return err.Error()
}

// Count is the number of rows in a table.
func Count(t testing.TB, db *database.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.R.Table(table).Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
