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

// read is what a reader of the cache got: an answer, an error, or a panic.
type read struct {
	body     string
	err      error
	panicked any
}

// blockedReader starts a reader of k whose load blocks until release is
// closed, then answers body (or panics with it), and returns once the load
// has started; done gets what the reader got.
func blockedReader(c *boardCache, k boardKey, body string, panics bool) (release chan struct{}, done chan read) {
	started := make(chan struct{})
	release, done = make(chan struct{}), make(chan read, 1)
	go func() {
		var r read
		defer func() { r.panicked = recover(); done <- r }()
		b, err := c.board(context.Background(), k, func(context.Context) ([]byte, error) {
			close(started)
			<-release
			if panics {
				panic(body)
			}
			return []byte(body), nil
		})
		r.body, r.err = string(b), err
	}()
	<-started
	return release, done
}

// within waits for one value from ch, failing the test after 5 s.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: still waiting after 5 s", what)
	}
	var zero T
	return zero
}

// TestBoardCacheWaiterHonoursItsContext: while one reader's load is
// blocked, another reader of the same board whose request ends returns at
// once with its context's error; the load goes on for its own reader.
func TestBoardCacheWaiterHonoursItsContext(t *testing.T) {
	c := newBoardCache(func() uint64 { return 0 }, time.Minute, 10)
	k := boardKey{team: "t"}
	release, loader := blockedReader(c, k, "a", false)
	ctx, cancel := context.WithCancel(context.Background())
	waiter := make(chan error, 1)
	go func() {
		_, err := c.board(ctx, k, func(context.Context) ([]byte, error) { return []byte("not this one"), nil })
		waiter <- err
	}()
	time.Sleep(20 * time.Millisecond) // the waiter is waiting on the load
	cancel()
	if err := within(t, waiter, "a waiter whose context ended"); !errors.Is(err, context.Canceled) {
		t.Errorf("waiter: %v, want context.Canceled", err)
	}
	close(release)
	if r := within(t, loader, "the loader"); r.err != nil || r.body != "a" {
		t.Errorf("loader: %+v", r)
	}
	if b, err := c.board(context.Background(), k, func(context.Context) ([]byte, error) { return []byte("b"), nil }); err != nil || string(b) != "a" {
		t.Errorf("after the load: %q %v, want the loaded answer", b, err)
	}
}

// TestBoardCacheLoaderPanic: a load that panics releases its waiters with
// errLoadPanicked, the panic goes on up the loader's goroutine, and nothing
// is kept: the next reader loads again.
func TestBoardCacheLoaderPanic(t *testing.T) {
	c := newBoardCache(func() uint64 { return 0 }, time.Minute, 10)
	k := boardKey{team: "t"}
	release, loader := blockedReader(c, k, "boom", true)
	const waiters = 4
	errs := make(chan error, waiters)
	for range waiters {
		go func() {
			_, err := c.board(context.Background(), k, func(context.Context) ([]byte, error) { return []byte("w"), nil })
			errs <- err
		}()
	}
	time.Sleep(20 * time.Millisecond) // the waiters are waiting on the load
	close(release)
	for range waiters {
		if err := within(t, errs, "a waiter of a loader that panicked"); !errors.Is(err, errLoadPanicked) {
			t.Errorf("waiter: %v, want errLoadPanicked", err)
		}
	}
	if r := within(t, loader, "the loader"); r.panicked != "boom" {
		t.Errorf("the loader's goroutine recovered %v, want the panic", r.panicked)
	}
	if b, err := c.board(context.Background(), k, func(context.Context) ([]byte, error) { return []byte("c"), nil }); err != nil || string(b) != "c" {
		t.Errorf("after the panic: %q %v, want a fresh load", b, err)
	}
}

// TestBoardCacheStaleLoadNotKept: a load that started before the
// generation moved (a change committed while it ran) is answered to its
// reader but not served to the next: that one loads again.
func TestBoardCacheStaleLoadNotKept(t *testing.T) {
	var gen atomic.Uint64
	c := newBoardCache(gen.Load, time.Minute, 10)
	k := boardKey{team: "t"}
	release, loader := blockedReader(c, k, "before", false)
	gen.Add(1) // a change commits while the load runs
	close(release)
	if r := within(t, loader, "the loader"); r.body != "before" {
		t.Errorf("loader got %+v", r)
	}
	if b, err := c.board(context.Background(), k, func(context.Context) ([]byte, error) { return []byte("after"), nil }); err != nil || string(b) != "after" {
		t.Errorf("next reader: %q %v, want a load after the change", b, err)
	}
}

// TestBoardCacheRenewPanic: a background renewal that panics does not take
// the process down; the answer it would have replaced is still served.
func TestBoardCacheRenewPanic(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	c := newBoardCache(func() uint64 { return 0 }, time.Second, 10)
	c.now = func() time.Time { return now }
	k := boardKey{team: "t"}
	c.board(context.Background(), k, func(context.Context) ([]byte, error) { return []byte("a"), nil })
	now = now.Add(600 * time.Millisecond)
	renewed := make(chan struct{})
	b, err := c.board(context.Background(), k, func(context.Context) ([]byte, error) { defer close(renewed); panic("boom") })
	if err != nil || string(b) != "a" {
		t.Fatalf("aging answer: %q %v", b, err)
	}
	<-renewed
	time.Sleep(10 * time.Millisecond)
	if b, err := c.board(context.Background(), k, func(context.Context) ([]byte, error) { return []byte("b"), nil }); err != nil || string(b) != "a" {
		t.Errorf("after a failed renewal: %q %v, want the held answer", b, err)
	}
}
