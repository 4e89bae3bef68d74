package game

import (
	"context"

	"github.com/timestreak/timestreak/tracking"
)

// RecordEntry logs time for u: the one way a new entry is written, for
// the API and the Slack app alike, with the rules and limits of
// tracking's CreateEntry (once per idempotency key). Unless the answer is
// a stored one, the result carries the date's progress (Day).
func (e *Engine) RecordEntry(ctx context.Context, u *tracking.User, in tracking.NewEntry, idem *tracking.Idempotency) (*tracking.Created, error) {
	created, err := e.tr.CreateEntry(ctx, u, in, idem)
	if err != nil {
		return nil, err
	}
	if !created.Entry.OnTime && !created.Replayed {
		e.TouchBoards() // a backfilled entry may have earned late points
	}
	if created.Stored == nil && created.Day == nil {
		if created.Day, err = e.Day(ctx, u, created.Entry.Date); err != nil {
			return nil, err
		}
	}
	return created, nil
}
