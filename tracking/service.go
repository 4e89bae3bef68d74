// Package tracking is the source of truth: time entries, timers, time off,
// day totals and reports, imports and the demo seed, with their rules,
// over the organisation (org) and the accounts (auth) beneath it.
package tracking

import (
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

// Config holds the rules an operator can tune: the entries' here, the
// organisation's and the accounts' in their parts.
type Config struct {
	LockDays     int // entries older than this many days are read-only
	Organisation org.Config
	Accounts     auth.Config
}

// Service applies tracking's rules over the database. The accounts' and
// the organisation's rules are auth's and org's, promoted: svc.Login is
// svc.Accounts.Login, svc.CreateTeam svc.Organisation.CreateTeam.
type Service struct {
	*auth.Accounts
	*org.Organisation
	db    *database.DB
	clock clockwork.Clock
	cfg   Config
}

// New builds the service.
func New(db *database.DB, clock clockwork.Clock, cfg Config) *Service {
	if cfg.LockDays <= 0 {
		cfg.LockDays = 62
	}
	// gorm stamps updated_at and deleted_at itself; it must read our clock,
	// not the wall clock.
	db = db.WithNow(func() time.Time { return clock.Now().UTC() })
	accounts := auth.New(db, clock, cfg.Accounts)
	organisation := org.New(db, clock, cfg.Organisation, accounts)
	return &Service{Accounts: accounts, Organisation: organisation, db: db, clock: clock, cfg: cfg}
}

// Now is the service clock's current instant, in UTC.
func (s *Service) Now() time.Time { return s.clock.Now().UTC() }
