// Package org is the organisation people log time in: teams and their
// members' periods, projects and their tasks (with the cache the entry
// write path reads them through), invites, and registration, which an
// invite may tie to a team.
package org

import (
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/ttlcache"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Config holds the organisation's rules an operator can tune.
type Config struct {
	SignupOpen bool // anyone may register, not only invitees
}

// Organisation applies the organisation's rules over the database; the
// accounts it makes and reads are auth's.
type Organisation struct {
	db       *database.DB
	clock    clockwork.Clock
	cfg      Config
	accounts *auth.Accounts
	tasks    *ttlcache.Cache[Task] // the entry write path's tasks
	hasUsers atomic.Bool           // a user exists (users are never deleted): see mayRegister
}

// New builds the organisation's store over the accounts.
func New(db *database.DB, clock clockwork.Clock, cfg Config, accounts *auth.Accounts) *Organisation {
	// gorm stamps updated_at itself; it must read our clock, not the wall
	// clock.
	db = db.WithNow(func() time.Time { return clock.Now().UTC() })
	return &Organisation{db: db, clock: clock, cfg: cfg, accounts: accounts, tasks: ttlcache.New[Task](2 * time.Second)}
}

// Now is the clock's current instant, in UTC.
func (s *Organisation) Now() time.Time { return s.clock.Now().UTC() }
