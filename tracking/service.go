// Package tracking is the source of truth: users, teams, projects, tasks,
// time entries, timers, time off and tokens, with their rules.
package tracking

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
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

// Service applies tracking's rules over the database.
type Service struct {
	db        *database.DB
	clock     clockwork.Clock
	cfg       Config
	tasks     ttlCache[Task] // the entry write path's tasks
	users     ttlCache[User] // authentication's users
	dummyHash func() []byte  // made once, lazily: see newDummyHash
	hashes    *hashing       // bounds concurrent bcrypt runs: see hashing.go
	hasUsers  atomic.Bool    // a user exists (users are never deleted): see mayRegister
}

// New builds the service.
func New(db *database.DB, clock clockwork.Clock, cfg Config) *Service {
	if cfg.LockDays <= 0 {
		cfg.LockDays = 62
	}
	// gorm stamps updated_at and deleted_at itself; it must read our clock,
	// not the wall clock.
	db = db.WithNow(func() time.Time { return clock.Now().UTC() })
	s := &Service{db: db, clock: clock, cfg: cfg,
		tasks: ttlCache[Task]{ttl: 2 * time.Second}, users: ttlCache[User]{ttl: time.Second}}
	s.dummyHash = sync.OnceValue(s.newDummyHash)
	s.hashes = newHashing(cfg)
	return s
}

// Now is the service clock's current instant, in UTC.
func (s *Service) Now() time.Time { return s.clock.Now().UTC() }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// randomToken returns a URL-safe secret with the given prefix.
func randomToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the OS entropy source failing is not recoverable
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// hashToken hashes a high-entropy secret for storage; such secrets need no
// slow hash, and a fast one lets lookups use an index.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}
