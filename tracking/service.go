// Package tracking is the source of truth: time entries, timers, time off,
// day totals and reports, with their rules, over the accounts (auth) and
// the organisation beneath it.
package tracking

import (
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/ttlcache"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Config holds the rules an operator can tune.
type Config struct {
	LockDays   int  // entries older than this many days are read-only
	SignupOpen bool // anyone may register, not only invitees
	BcryptCost int  // 0 means bcrypt.DefaultCost
	// HashSlots is how many password hashes or checks may run at once
	// (default: one per core); HashWait how long one waits for a turn
	// before the request is refused (default 2s).
	HashSlots int
	HashWait  time.Duration
	// OnHash, when set, is called in a hashing slot just before each bcrypt
	// run: tests count and hold the runs with it.
	OnHash func()
}

// Service applies tracking's rules over the database. The accounts' rules
// are auth's, promoted: svc.Login is svc.Accounts.Login.
type Service struct {
	*auth.Accounts
	db       *database.DB
	clock    clockwork.Clock
	cfg      Config
	tasks    *ttlcache.Cache[Task] // the entry write path's tasks
	hasUsers atomic.Bool           // a user exists (users are never deleted): see mayRegister
}

// New builds the service.
func New(db *database.DB, clock clockwork.Clock, cfg Config) *Service {
	if cfg.LockDays <= 0 {
		cfg.LockDays = 62
	}
	// gorm stamps updated_at and deleted_at itself; it must read our clock,
	// not the wall clock.
	db = db.WithNow(func() time.Time { return clock.Now().UTC() })
	accounts := auth.New(db, clock, auth.Config{BcryptCost: cfg.BcryptCost, HashSlots: cfg.HashSlots, HashWait: cfg.HashWait, OnHash: cfg.OnHash})
	return &Service{Accounts: accounts, db: db, clock: clock, cfg: cfg, tasks: ttlcache.New[Task](2 * time.Second)}
}

// Now is the service clock's current instant, in UTC.
func (s *Service) Now() time.Time { return s.clock.Now().UTC() }
