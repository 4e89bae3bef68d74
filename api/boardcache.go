package api

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/timestreak/timestreak/tracking/org"
)

// boardCache holds leaderboards as the JSON they are served as, and each
// team's row and member set (for the access check and the team's "today"),
// so that a board is computed once and served many times: a board changes
// only when points are awarded, or membership or a name changes, never
// when an entry is logged on time.
//
// An answer is served only while
//   - the engine's boards generation (game.Engine.BoardsGeneration) is the
//     one read before the answer was loaded: it counts the committed writes
//     to the tables a board reads (database.DB.Changed), so a reader never
//     sees a board older than a change this process committed; and
//   - the answer was loaded less than ttl ago. This bounds how long a change
//     made by another process goes unseen: another replica on the same
//     PostgreSQL database, or `timestreak recompute` run from the command
//     line on the same SQLite file.
//
// Concurrent readers of an answer that is missing or out of date wait for
// one load instead of each running the query; a waiter whose request ends
// stops waiting with its context's error, and a load that panics releases
// its waiters with errLoadPanicked (the loader's own request panics on, to
// echo's Recover, which answers 500 and logs the stack). An answer past half its ttl
// is loaded again in the background by the first reader to see it, while
// it is still served, so that readers do not all stall each time it
// expires. Memory is bounded: a full map is emptied before it takes a new
// key.
type boardCache struct {
	gen func() uint64    // the boards generation
	now func() time.Time // wall time, for the ttl: never the test clock
	ttl time.Duration
	max int // answers held per map

	mu     sync.Mutex
	held   uint64 // the generation the maps were filled at
	teams  map[string]*slot[*teamFacts]
	boards map[boardKey]*slot[[]byte]
}

// teamFacts is what a board request needs to know about its team.
type teamFacts struct {
	team    org.Team
	members map[string]bool
}

// boardKey names a board: its team and the resolved request.
type boardKey struct{ team, period, from, to, metric string }

// slot is an answer, or one being loaded: done is closed once val and err
// are set.
type slot[T any] struct {
	at      time.Time // when the load started: the answer is at least this fresh
	done    chan struct{}
	val     T
	err     error
	renewed bool // a background load of the next answer has started (under mu)
}

// refreshTimeout bounds a background load, which has no request to end it.
const refreshTimeout = 10 * time.Second

func newBoardCache(gen func() uint64, ttl time.Duration, maxAnswers int) *boardCache {
	return &boardCache{gen: gen, now: time.Now, ttl: ttl, max: maxAnswers,
		teams: map[string]*slot[*teamFacts]{}, boards: map[boardKey]*slot[[]byte]{}}
}

// team returns the team's facts, loading them with load when needed.
func (c *boardCache) team(ctx context.Context, id string, load func(context.Context) (*teamFacts, error)) (*teamFacts, error) {
	return cached(ctx, c, func() map[string]*slot[*teamFacts] { return c.teams }, id, load)
}

// board returns a board's JSON, loading it with load when needed.
func (c *boardCache) board(ctx context.Context, k boardKey, load func(context.Context) ([]byte, error)) ([]byte, error) {
	return cached(ctx, c, func() map[boardKey]*slot[[]byte] { return c.boards }, k, load)
}

// cached serves key from the map m returns, or loads it. The generation is
// read under the lock before a load starts, so a change committed before
// the load is in the answer or has moved the generation past it.
func cached[K comparable, T any](ctx context.Context, c *boardCache, m func() map[K]*slot[T], key K, load func(context.Context) (T, error)) (T, error) {
	if c.ttl <= 0 {
		return load(ctx)
	}
	c.mu.Lock()
	gen, now := c.gen(), c.now()
	if gen != c.held {
		c.teams, c.boards, c.held = map[string]*slot[*teamFacts]{}, map[boardKey]*slot[[]byte]{}, gen
	}
	s := m()[key]
	if s == nil || now.Sub(s.at) >= c.ttl {
		if len(m()) >= c.max {
			clear(m())
		}
		s = &slot[T]{at: now, done: make(chan struct{})}
		m()[key] = s
		c.mu.Unlock()
		return fill(c, m, key, s, func() (T, error) { return load(ctx) })
	}
	if !s.renewed && now.Sub(s.at) >= c.ttl/2 && loaded(s) {
		s.renewed = true
		go renew(context.WithoutCancel(ctx), c, m, key, s, now, load)
	}
	c.mu.Unlock()
	select {
	case <-s.done:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	if errors.Is(s.err, errLoadPanicked) {
		return s.val, s.err
	}
	if s.err != nil {
		return load(ctx) // the loader's failure may be its own
	}
	return s.val, nil
}

// errLoadPanicked is what the waiters of a load that panicked get.
var errLoadPanicked = errors.New("loading the leaderboard failed")

// fill loads the answer of s, which the map holds under key, and closes
// s.done whatever happens, so that no waiter is left behind. A failed load
// is not kept: the error may be this request's own (a cancelled context),
// and an unknown team is not worth holding. A panic is not kept either; the
// waiters get errLoadPanicked and the panic goes on up this goroutine.
func fill[K comparable, T any](c *boardCache, m func() map[K]*slot[T], key K, s *slot[T], load func() (T, error)) (T, error) {
	defer func() {
		if r := recover(); r != nil {
			s.err = fmt.Errorf("%w: %v", errLoadPanicked, r)
			forget(c, m, key, s)
			close(s.done)
			panic(r)
		}
	}()
	s.val, s.err = load()
	if s.err != nil {
		forget(c, m, key, s)
	}
	close(s.done)
	return s.val, s.err
}

// forget takes s out of the map unless something replaced it meanwhile.
func forget[K comparable, T any](c *boardCache, m func() map[K]*slot[T], key K, s *slot[T]) {
	c.mu.Lock()
	if m()[key] == s {
		delete(m(), key)
	}
	c.mu.Unlock()
}

// loaded tells whether s holds an answer.
func loaded[T any](s *slot[T]) bool {
	select {
	case <-s.done:
		return s.err == nil
	default:
		return false
	}
}

// renew loads the answer that will follow old, started at now, and puts it
// in old's place unless something replaced old meanwhile (a change emptied
// the maps, or old expired and was loaded again).
func renew[K comparable, T any](ctx context.Context, c *boardCache, m func() map[K]*slot[T], key K, old *slot[T], now time.Time, load func(context.Context) (T, error)) {
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	next := &slot[T]{at: now, done: make(chan struct{})}
	func() {
		// No request to answer 500 here: a panic is taken as a failure,
		// which the next reader's own load (inside its request) meets again.
		defer func() {
			if r := recover(); r != nil {
				next.err = fmt.Errorf("%w: %v", errLoadPanicked, r)
			}
		}()
		next.val, next.err = load(ctx)
	}()
	close(next.done)
	if next.err != nil {
		return // old stays until it expires; the reader then loads
	}
	c.mu.Lock()
	if m()[key] == old {
		m()[key] = next
	}
	c.mu.Unlock()
}
