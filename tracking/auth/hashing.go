package auth

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/timestreak/timestreak/tracking/store"
)

// hashWaitDefault is how long a password hash or check waits for a turn
// before the request is refused (503 with Retry-After).
const hashWaitDefault = 2 * time.Second

// hashing lets at most slots bcrypt runs happen at once (one per core by
// default): a flood of sign-ins queues instead of starving every other
// request of CPU, and a request that cannot get a turn in time is told to
// come back rather than wait behind the flood.
type hashing struct {
	sem    *semaphore.Weighted
	wait   time.Duration
	onHash func() // Config.OnHash
}

func newHashing(cfg Config) *hashing {
	slots := cfg.HashSlots
	if slots <= 0 {
		slots = runtime.GOMAXPROCS(0)
	}
	wait := cfg.HashWait
	if wait <= 0 {
		wait = hashWaitDefault
	}
	return &hashing{sem: semaphore.NewWeighted(int64(slots)), wait: wait, onHash: cfg.OnHash}
}

// run runs f, a bcrypt run, in one of the slots.
func (h *hashing) run(ctx context.Context, f func()) error {
	wctx, cancel := context.WithTimeout(ctx, h.wait)
	err := h.sem.Acquire(wctx, 1)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("no password check slot within %s: %w", h.wait, store.ErrBusy)
	}
	defer h.sem.Release(1)
	if h.onHash != nil {
		h.onHash()
	}
	f()
	return nil
}

// Hash hashes a new password in a slot.
func (s *Accounts) Hash(ctx context.Context, pw string) (string, error) {
	var (
		h   string
		err error
	)
	if serr := s.hashes.run(ctx, func() { h, err = s.hashPassword(pw) }); serr != nil {
		return "", serr
	}
	return h, err
}

// check compares a password with a stored hash in a slot; ok is false for a
// wrong password, err set only when the check could not run.
func (s *Accounts) check(ctx context.Context, hash []byte, pw string) (ok bool, err error) {
	err = s.hashes.run(ctx, func() { ok = checkPassword(hash, pw) })
	return ok, err
}
