// Package auth is people's accounts and how they prove who they are:
// users and their settings, passwords and the slots that bound their
// hashing, sign-in and its throttles, sessions and their refresh tokens,
// personal API tokens, password resets and the identity provider's
// sign-in flows.
package auth

import (
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/ttlcache"
)

// Config holds the password rules an operator can tune.
type Config struct {
	BcryptCost int // 0 means bcrypt.DefaultCost
	// HashSlots is how many password hashes or checks may run at once
	// (default: one per core); HashWait how long one waits for a turn
	// before the request is refused (default 2s).
	HashSlots int
	HashWait  time.Duration
	// OnHash, when set, is called in a hashing slot just before each bcrypt
	// run: tests count and hold the runs with it.
	OnHash func()
}

// Accounts applies the account rules over the database.
type Accounts struct {
	db        *database.DB
	clock     clockwork.Clock
	cfg       Config
	users     *ttlcache.Cache[User] // authentication's users
	dummyHash func() []byte         // made once, lazily: see newDummyHash
	hashes    *hashing              // bounds concurrent bcrypt runs: see hashing.go
}

// New builds the accounts' store.
func New(db *database.DB, clock clockwork.Clock, cfg Config) *Accounts {
	// gorm stamps updated_at itself; it must read our clock, not the wall
	// clock.
	db = db.WithNow(func() time.Time { return clock.Now().UTC() })
	s := &Accounts{db: db, clock: clock, cfg: cfg, users: ttlcache.New[User](time.Second)}
	s.dummyHash = sync.OnceValue(s.newDummyHash)
	s.hashes = newHashing(cfg)
	return s
}

// Now is the clock's current instant, in UTC.
func (s *Accounts) Now() time.Time { return s.clock.Now().UTC() }
