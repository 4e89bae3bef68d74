package clickup

import (
	"context"
	"errors"
	"time"

	"github.com/timestreak/timestreak/internal/valid"
)

// queuedEvent is a verified webhook event waiting in the database to be
// applied. A replica claims it until ClaimedUntil; a failed one waits for
// NextAt.
type queuedEvent struct {
	ID           int64
	Event        string
	TaskID       string
	ReceivedAt   time.Time
	Attempts     int
	NextAt       time.Time
	ClaimedUntil *time.Time
	LastError    string
}

func (queuedEvent) TableName() string { return "clickup_webhook_events" }

const (
	// claimFor is how long a claimed event is another replica's: longer
	// than applying one takes (a fetch and a write, a rate-limit wait at
	// most), so that only an event whose replica stopped is taken over.
	claimFor = 5 * time.Minute
	// maxEventAttempts: a failing event is retried after 1 minute,
	// doubling, then dropped (logged); the next full sync catches up.
	maxEventAttempts = 8
	// pollEvery is how often Run looks for events due for a retry or left
	// by another replica; an event this replica queues wakes it at once.
	pollEvery = 5 * time.Second
)

// Run applies queued webhook events until ctx ends.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if err := s.Drain(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("clickup webhook queue", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-tick.C:
		}
	}
}

// Drain applies every queued event that is due, oldest first, and returns
// when none is left (or ClickUp's rate limit stops it).
func (s *Service) Drain(ctx context.Context) error {
	for {
		ev, err := s.claim(ctx)
		if err != nil || ev == nil {
			return err
		}
		err = s.handle(ctx, WebhookEvent{Event: ev.Event, TaskID: ID(ev.TaskID)})
		var rl *RateLimitError
		switch {
		case err == nil:
			if err := s.db(ctx).Delete(&queuedEvent{}, ev.ID).Error; err != nil {
				return err
			}
		case errors.As(err, &rl):
			return s.release(ctx, ev, rl.Reset.UTC(), ev.Attempts, ev.LastError)
		case ctx.Err() != nil:
			return ctx.Err() // the claim lapses and another run takes it
		default:
			if err := s.failed(ctx, ev, err); err != nil {
				return err
			}
		}
	}
}

// claim takes the oldest due event no replica holds, or nil when there is none.
func (s *Service) claim(ctx context.Context) (*queuedEvent, error) {
	db := s.db(ctx)
	for {
		now := s.clock.Now().UTC()
		var evs []queuedEvent
		if err := db.Where("next_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)", now, now).
			Order("id").Limit(1).Find(&evs).Error; err != nil || len(evs) == 0 {
			return nil, err
		}
		until := now.Add(claimFor)
		res := db.Model(&queuedEvent{}).Where("id = ? AND (claimed_until IS NULL OR claimed_until < ?)", evs[0].ID, now).
			Update("claimed_until", until)
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected == 1 {
			evs[0].ClaimedUntil = &until
			return &evs[0], nil
		}
		// Another replica claimed it first: look again.
	}
}

// failed backs the event off, or drops it after maxEventAttempts.
func (s *Service) failed(ctx context.Context, ev *queuedEvent, cause error) error {
	attempts := ev.Attempts + 1
	if attempts >= maxEventAttempts {
		s.log.Error("clickup webhook event dropped after failing; the next full sync catches up",
			"event", ev.Event, "task", ev.TaskID, "attempts", attempts, "error", cause)
		return s.db(ctx).Delete(&queuedEvent{}, ev.ID).Error
	}
	next := s.clock.Now().UTC().Add(time.Minute << (attempts - 1))
	s.log.Warn("clickup webhook event failed; retrying", "event", ev.Event, "task", ev.TaskID, "attempts", attempts, "next_at", next, "error", cause)
	return s.release(ctx, ev, next, attempts, valid.Clip(cause.Error(), valid.MaxErrorChars))
}

// release gives the event back, due at next.
func (s *Service) release(ctx context.Context, ev *queuedEvent, next time.Time, attempts int, lastError string) error {
	return s.db(ctx).Model(&queuedEvent{}).Where("id = ?", ev.ID).
		Updates(map[string]any{"next_at": next, "attempts": attempts, "last_error": lastError, "claimed_until": nil}).Error
}
