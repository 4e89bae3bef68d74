package api

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBoardCacheRules: an answer is served again while the generation
// holds and it is young; past half its TTL it is renewed in the background
// while still served; concurrent readers share one load; a failed load is
// not kept; a full cache is emptied before it grows.
func TestBoardCacheRules(t *testing.T) {
	ctx := context.Background()
	var gen atomic.Uint64
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	c := newBoardCache(gen.Load, time.Second, 3)
	c.now = func() time.Time { return now }
	var loads atomic.Int32
	load := func(body string) func(context.Context) ([]byte, error) {
		return func(context.Context) ([]byte, error) { loads.Add(1); return []byte(body), nil }
	}
	k := boardKey{team: "t", period: "week", from: "2026-03-02", to: "2026-03-08", metric: "points"}
	get := func(body string) string {
		t.Helper()
		b, err := c.board(ctx, k, load(body))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := func(step, got, body string, n int32) {
		t.Helper()
		if got != body || loads.Load() != n {
			t.Errorf("%s: %q after %d loads, want %q after %d", step, got, loads.Load(), body, n)
		}
	}

	want("first read", get("a"), "a", 1)
	now = now.Add(400 * time.Millisecond)
	want("young", get("b"), "a", 1)
	gen.Add(1)
	want("after a touch", get("c"), "c", 2)

	// Past half the TTL: served, and renewed in the background.
	now = now.Add(600 * time.Millisecond)
	want("aging", get("d"), "c", 2)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		c.mu.Lock()
		s := c.boards[k]
		c.mu.Unlock()
		if loaded(s) && string(s.val) == "d" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the aging answer was not renewed")
		}
	}
	want("renewed", get("e"), "d", 3)
	now = now.Add(time.Second)
	want("after the TTL", get("f"), "f", 4)

	// A failed load is not kept, and a waiter does not inherit it.
	fail := errors.New("client went away")
	if _, err := c.board(ctx, boardKey{team: "x"}, func(context.Context) ([]byte, error) { return nil, fail }); !errors.Is(err, fail) {
		t.Errorf("failed load: %v", err)
	}
	if b, err := c.board(ctx, boardKey{team: "x"}, load("x")); err != nil || string(b) != "x" {
		t.Errorf("after a failed load: %q %v", b, err)
	}

	// Bounded: the fourth board empties the map first.
	for i := range 4 {
		c.board(ctx, boardKey{team: fmt.Sprint(i)}, load("n"))
	}
	if n := len(c.boards); n > 3 {
		t.Errorf("%d boards held, want at most 3", n)
	}

	// Readers arriving together share one load.
	gen.Add(1)
	var (
		shared  atomic.Int32
		release = make(chan struct{})
		wg      sync.WaitGroup
	)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.board(ctx, k, func(context.Context) ([]byte, error) { shared.Add(1); <-release; return []byte("s"), nil })
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := shared.Load(); n != 1 {
		t.Errorf("16 concurrent readers ran %d loads, want 1", n)
	}
}
