package tracking_test

import (
	"context"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// The store-level tests build the service on a fresh database of each
// dialect, as internal/app does, without the HTTP server.

// monday is the tests' starting instant: Monday 2 March 2026, noon UTC.
var monday = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// fixture is a tracking.Service on a fresh database with a fake clock.
type fixture struct {
	*tracking.Service
	t     *testing.T
	db    *database.DB
	clock *clockwork.FakeClock
	ctx   context.Context
}

func newStore(t *testing.T, dialect string, cfg tracking.Config) *fixture {
	t.Helper()
	db := dbtest.Open(t, dialect)
	clock := clockwork.NewFakeClockAt(monday)
	if cfg.Accounts.BcryptCost == 0 {
		cfg.Accounts.BcryptCost = bcrypt.MinCost
	}
	return &fixture{Service: tracking.New(db, clock, cfg), t: t, db: db, clock: clock, ctx: context.Background()}
}

// each runs fn on a fresh store of every dialect.
func each(t *testing.T, cfg tracking.Config, fn func(t *testing.T, s *fixture)) {
	dbtest.Each(t, func(t *testing.T, dialect string) { fn(t, newStore(t, dialect, cfg)) })
}

// user creates a member (or an admin) named name, email name@example.com.
func (s *fixture) user(name, role string) *auth.User {
	s.t.Helper()
	u, err := s.CreateUser(s.ctx, auth.NewUser{Email: name + "@example.com", Password: "correct horse battery", Name: name, Role: role})
	if err != nil {
		s.t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// task creates a project named after the task and the task in it.
func (s *fixture) task(name string) *org.Task {
	s.t.Helper()
	p, err := s.CreateProject(s.ctx, name+" project", nil)
	if err != nil {
		s.t.Fatalf("create project: %v", err)
	}
	task, err := s.CreateTask(s.ctx, p.ID, name, nil)
	if err != nil {
		s.t.Fatalf("create task: %v", err)
	}
	return task
}

// count is the number of rows in a table.
func (s *fixture) count(table string) int64 { return storetest.Count(s.t, s.db, table) }

func ptr[T any](v T) *T { return &v }
