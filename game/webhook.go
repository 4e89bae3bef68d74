package game

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Webhook posts notifications to an outgoing URL as Slack-compatible JSON.
// Send never blocks: messages queue, and a background worker delivers them
// with retries and backoff.
type Webhook struct {
	url     string
	client  *http.Client
	queue   chan Notification
	log     *slog.Logger
	backoff []time.Duration
}

// NewWebhook builds a sender for url; Run must be started to deliver.
func NewWebhook(url string, log *slog.Logger) *Webhook {
	return &Webhook{url: url, client: &http.Client{Timeout: 10 * time.Second}, queue: make(chan Notification, 1024),
		log: log, backoff: []time.Duration{time.Second, 5 * time.Second, 30 * time.Second}}
}

// WithBackoff replaces the waits between delivery attempts (by default 1 s,
// 5 s and 30 s, so four attempts in all) and returns w; tests shorten them.
func (w *Webhook) WithBackoff(d ...time.Duration) *Webhook {
	w.backoff = append([]time.Duration(nil), d...)
	return w
}

// Send queues a notification; when the queue is full it is dropped (and
// logged): the in-app copy is already stored.
func (w *Webhook) Send(n Notification) {
	select {
	case w.queue <- n:
	default:
		w.log.Warn("webhook queue full; notification not sent", "kind", n.Kind)
	}
}

// Run delivers queued notifications until ctx ends.
func (w *Webhook) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case n := <-w.queue:
			w.deliver(ctx, n)
		}
	}
}

func (w *Webhook) deliver(ctx context.Context, n Notification) {
	body, _ := json.Marshal(map[string]string{"text": n.Message, "kind": n.Kind, "user_id": n.UserID})
	for attempt := 0; ; attempt++ {
		err := w.post(ctx, body)
		if err == nil {
			return
		}
		if attempt >= len(w.backoff) {
			w.log.Warn("webhook delivery failed; giving up", "kind", n.Kind, "error", err)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.backoff[attempt]):
		}
	}
}

func (w *Webhook) post(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("webhook answered %d", resp.StatusCode)
	}
	return nil
}
