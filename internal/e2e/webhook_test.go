package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/game"
)

// hook is an httptest receiver that records JSON bodies; answer decides the
// status of the n-th request (from 1).
type hook struct {
	srv    *httptest.Server
	hits   atomic.Int32
	mu     sync.Mutex
	bodies []map[string]any
	ctypes []string
	got    chan struct{}
}

func newHook(t *testing.T, answer func(n int32) int) *hook {
	t.Helper()
	h := &hook{got: make(chan struct{}, 100)}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.hits.Add(1)
		var body map[string]any
		data, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(data, &body)
		h.mu.Lock()
		h.bodies = append(h.bodies, body)
		h.ctypes = append(h.ctypes, r.Header.Get("Content-Type"))
		h.mu.Unlock()
		w.WriteHeader(answer(n))
		h.got <- struct{}{}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// wait waits for n more requests.
func (h *hook) wait(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-h.got:
		case <-time.After(5 * time.Second):
			t.Fatalf("webhook received %d requests, waiting for more", h.hits.Load())
		}
	}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startWebhook runs a webhook's delivery loop until the test ends.
func startWebhook(t *testing.T, w *game.Webhook) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// TestWebhookDelivers: a notification arrives as Slack-compatible JSON
// with the message in "text".
func TestWebhookDelivers(t *testing.T) {
	h := newHook(t, func(int32) int { return http.StatusOK })
	w := game.NewWebhook(h.srv.URL, quiet())
	startWebhook(t, w)
	w.Send(game.Notification{ID: "n1", UserID: "u1", Kind: "badge", Message: "You earned the First Day badge!"})
	h.wait(t, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.bodies[0]["text"] != "You earned the First Day badge!" {
		t.Errorf("body %v, want text = the message", h.bodies[0])
	}
	if h.ctypes[0] != "application/json" {
		t.Errorf("Content-Type %q, want application/json", h.ctypes[0])
	}
}

// TestWebhookRetries: a 500 answer is retried until it succeeds, and the
// retries stop after the last backoff step.
func TestWebhookRetries(t *testing.T) {
	h := newHook(t, func(n int32) int {
		if n <= 2 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	})
	w := game.NewWebhook(h.srv.URL, quiet()).WithBackoff(time.Millisecond, time.Millisecond, time.Millisecond)
	startWebhook(t, w)
	w.Send(game.Notification{Kind: "reminder", Message: "Log today's time."})
	h.wait(t, 3)
	time.Sleep(50 * time.Millisecond)
	if got := h.hits.Load(); got != 3 {
		t.Errorf("%d requests, want 3 (two 500s, then delivered)", got)
	}
	h.mu.Lock()
	for i, b := range h.bodies {
		if b["text"] != "Log today's time." {
			t.Errorf("attempt %d sent %v", i+1, b)
		}
	}
	h.mu.Unlock()

	broken := newHook(t, func(int32) int { return http.StatusInternalServerError })
	w2 := game.NewWebhook(broken.srv.URL, quiet()).WithBackoff(time.Millisecond, time.Millisecond)
	startWebhook(t, w2)
	w2.Send(game.Notification{Kind: "reminder", Message: "x"})
	broken.wait(t, 3)
	time.Sleep(50 * time.Millisecond)
	if got := broken.hits.Load(); got != 3 {
		t.Errorf("always-failing receiver got %d requests, want 3 (one try and two retries)", got)
	}
}

// TestWebhookSendNeverBlocks: with a receiver that hangs, Send returns at
// once, even when far more notifications are sent than the queue holds.
func TestWebhookSendNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before srv.Close
	w := game.NewWebhook(srv.URL, quiet())
	startWebhook(t, w)
	start := time.Now()
	for i := range 5000 {
		w.Send(game.Notification{Kind: "reminder", Message: "hello", ID: string(rune('a' + i%26))})
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("5000 Sends to a hanging receiver took %s", d)
	}
	deadline := time.Now().Add(5 * time.Second)
	for hits.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if hits.Load() == 0 {
		t.Fatal("the receiver was never called")
	}
}

// TestWebhookFromEngine: the engine hands committed notifications to the
// configured webhook (here a reminder), SQLite only.
func TestWebhookFromEngine(t *testing.T) {
	h := newHook(t, func(int32) int { return http.StatusOK })
	w := game.NewWebhook(h.srv.URL, quiet())
	startWebhook(t, w)
	env := apitest.New(t, database.SQLite, apitest.Options{Start: apitest.Monday, Sender: w})
	admin := env.Register("Admin")
	patchMe(env, admin, map[string]any{"reminder_time": "13:00"})
	env.Set(utc("2026-03-02T13:00:00Z"))
	runReminders(env)
	runReminders(env)
	h.wait(t, 1)
	time.Sleep(50 * time.Millisecond)
	if got := h.hits.Load(); got != 1 {
		t.Errorf("webhook got %d requests, want 1", got)
	}
	ns := notifications(env, admin)
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(ns) != 1 || h.bodies[0]["text"] != ns[0].Message {
		t.Errorf("webhook body %v, in-app %+v", h.bodies[0], ns)
	}
}
