package org_test

import (
	"context"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/bcrypt"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// The organisation's tests build org.Organisation over auth.Accounts on a
// fresh database of each dialect, as tracking.New does, with nothing above
// them.

// monday is the tests' starting instant: Monday 2 March 2026, noon UTC.
var monday = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// fixture is the organisation on a fresh database with a fake clock; its
// people are made through accounts.
type fixture struct {
	*org.Organisation
	accounts *auth.Accounts
	t        *testing.T
	db       *database.DB
	clock    *clockwork.FakeClock
	ctx      context.Context
}

// each runs fn on a fresh organisation of every dialect; cfg is its
// signup rule.
func each(t *testing.T, cfg org.Config, fn func(t *testing.T, s *fixture)) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		db := dbtest.Open(t, dialect)
		clock := clockwork.NewFakeClockAt(monday)
		accounts := auth.New(db, clock, auth.Config{BcryptCost: bcrypt.MinCost})
		fn(t, &fixture{Organisation: org.New(db, clock, cfg, accounts), accounts: accounts,
			t: t, db: db, clock: clock, ctx: context.Background()})
	})
}

// user creates a member (or an admin) named name, email name@example.com.
func (s *fixture) user(name, role string) *auth.User {
	s.t.Helper()
	u, err := s.accounts.CreateUser(s.ctx, auth.NewUser{Email: name + "@example.com", Password: "correct horse battery", Name: name, Role: role})
	if err != nil {
		s.t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// count is the number of rows in a table.
func (s *fixture) count(table string) int64 { return storetest.Count(s.t, s.db, table) }

func ptr[T any](v T) *T { return &v }
