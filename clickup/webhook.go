package clickup

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/timestreak/timestreak/tracking/store"
)

// VerifyWebhook checks X-Signature, the hex HMAC-SHA256 of the raw body
// under the webhook's secret, in constant time. Without a connection or a
// webhook secret nothing verifies: store.ErrUnauthorized.
func (s *Service) VerifyWebhook(ctx context.Context, body []byte, signature string) error {
	c, err := s.loadConnection(ctx)
	if err != nil {
		return err
	}
	if c == nil {
		return store.ErrUnauthorized
	}
	secret, err := s.seal.open(c.WebhookSealed)
	if err != nil || secret == "" {
		return store.ErrUnauthorized
	}
	got, err := hex.DecodeString(strings.TrimSpace(signature))
	if err != nil {
		return store.ErrUnauthorized
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return store.ErrUnauthorized
	}
	return nil
}

// maxQueuedEvents bounds the queue: beyond it events are dropped (logged)
// and the next full sync catches up.
const maxQueuedEvents = 10_000

// Enqueue stores a verified event for Run, in the database so that it
// survives a restart; the request that brought it never waits for
// ClickUp. Events timestreak does not apply are acknowledged and dropped,
// and so is an event the queue already holds, waiting, for the same task:
// applying fetches the task as it then is.
func (s *Service) Enqueue(ctx context.Context, ev WebhookEvent) error {
	if !webhookEvents[ev.Event] || ev.TaskID == "" || len(ev.TaskID) > 64 {
		return nil
	}
	db := s.db(ctx)
	var waiting, total int64
	if err := db.Model(&queuedEvent{}).Where("task_id = ? AND event = ? AND attempts = 0 AND claimed_until IS NULL", string(ev.TaskID), ev.Event).
		Count(&waiting).Error; err != nil {
		return err
	}
	if waiting > 0 {
		return nil
	}
	if err := db.Model(&queuedEvent{}).Count(&total).Error; err != nil {
		return err
	}
	if total >= maxQueuedEvents {
		s.log.Warn("clickup webhook queue full; the next full sync catches up", "event", ev.Event, "task", string(ev.TaskID))
		return nil
	}
	now := s.clock.Now().UTC()
	if err := db.Create(&queuedEvent{Event: ev.Event, TaskID: string(ev.TaskID), ReceivedAt: now, NextAt: now}).Error; err != nil {
		return err
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// handle fetches the task the event names (the payload does not carry it)
// and applies it from the first chosen list that holds it; a task that is
// gone, out of the token's reach, or in no chosen list any more (a
// taskMoved away) is archived.
func (s *Service) handle(ctx context.Context, ev WebhookEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.loadConnection(ctx)
	if c == nil || err != nil {
		return err
	}
	id := string(ev.TaskID)
	if ev.Event == "taskDeleted" {
		return s.remove(ctx, id)
	}
	token, err := s.seal.open(c.TokenSealed)
	if err != nil {
		return err
	}
	t, err := s.client.Task(ctx, token, id)
	if errors.Is(err, ErrUnauthorized) {
		err = s.unreachable(ctx, token, err)
	}
	if errors.Is(err, ErrNotFound) {
		return s.remove(ctx, id)
	}
	if err != nil {
		return err
	}
	listID := t.in(c.lists())
	if listID == "" {
		return s.remove(ctx, id)
	}
	projectID, err := s.projectFor(ctx, token, listID)
	if err != nil {
		return err
	}
	return s.apply(ctx, listID, projectID, t)
}

// errUnreachable is a task ClickUp answers 401 for while the token works:
// the token's owner cannot see it (a private space, list or task).
var errUnreachable = fmt.Errorf("clickup: task out of the token's reach: %w", ErrNotFound)

// unreachable tells a 401 for one task from a refused token: when the token
// still reads the workspaces, the task is out of its reach and is treated
// like a task that is gone (errUnreachable); otherwise the 401 stands.
func (s *Service) unreachable(ctx context.Context, token string, taskErr error) error {
	_, err := s.client.Teams(ctx, token)
	if err != nil {
		return taskErr
	}
	return errUnreachable
}
