package game

import (
	"context"
	"time"
)

// SetReminderChunk makes the reminders job work in rounds of n user-days
// until the test ends.
func SetReminderChunk(t interface{ Cleanup(func()) }, n int) {
	old := reminderChunk
	reminderChunk = n
	t.Cleanup(func() { reminderChunk = old })
}

// SetWriteHooks sets the entry writer's test hooks: inTx runs inside each
// batch's transaction, committed after each commit and before the batch's
// writes are answered (see database.WriterConfig). Nil removes them.
func SetWriteHooks(e *Engine, inTx func(ctx context.Context), committed func()) {
	e.writes.SetHooks(inTx, committed)
}

// SetWriteTimeout shortens the deadline of the entry writer's batches.
func SetWriteTimeout(e *Engine, d time.Duration) { e.writes.SetTimeout(d) }
