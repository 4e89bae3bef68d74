package database_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestAdvisoryLockIsExclusive: one holder at a time, released on unlock and
// when the holding session ends.
func TestAdvisoryLockIsExclusive(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("PostgreSQL only: set " + dbtest.PostgresEnv)
	}
	ctx := context.Background()
	a := dbtest.Open(t, database.Postgres)
	b, err := database.Open(os.Getenv(dbtest.PostgresEnv), database.Pool{MaxOpen: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	name := "job-" + t.Name()
	l1, err := a.TryLock(ctx, name)
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	if _, err := b.TryLock(ctx, name); !errors.Is(err, database.ErrLockHeld) {
		t.Fatalf("second replica got the held lock: %v", err)
	}
	if err := l1.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	l2, err := b.TryLock(ctx, name)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	// A replica that dies loses its session, and the lock with it: end the
	// holder's backend the way a crash would.
	var killed int
	if err := a.W.Raw(`SELECT COUNT(pg_terminate_backend(pid, 5000)) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
		AND (classid::bigint << 32 | objid::bigint) = ?`, database.LockKey(name)).Scan(&killed).Error; err != nil {
		t.Fatal(err)
	}
	if killed != 1 {
		t.Fatalf("found %d holders of the lock, want 1", killed)
	}
	_ = l2
	l3, err := a.TryLock(ctx, name)
	if err != nil {
		t.Fatalf("lock after the holder's session died: %v", err)
	}
	l3.Unlock(ctx)
}

func TestAdvisoryLockNeedsPostgres(t *testing.T) {
	db := dbtest.Open(t, database.SQLite)
	if _, err := db.TryLock(context.Background(), "x"); err == nil {
		t.Fatal("SQLite pretended to have advisory locks")
	}
}

// TestConcurrentMigrations: replicas starting together on one new database
// all succeed.
func TestConcurrentMigrations(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("PostgreSQL only: set " + dbtest.PostgresEnv)
	}
	url := dbtest.URL(t, database.Postgres)
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			db, err := database.Open(url, database.Pool{MaxOpen: 2})
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			errs <- db.Migrate(context.Background())
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Errorf("migration %d: %v", i, err)
		}
	}
}

// TestPoolSettings: the configured PostgreSQL pool is the one in use.
func TestPoolSettings(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("PostgreSQL only: set " + dbtest.PostgresEnv)
	}
	db, err := database.Open(dbtest.URL(t, database.Postgres), database.Pool{MaxOpen: 3, MaxIdle: 1, MaxLifetime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sqlDB, _ := db.W.DB()
	if got := sqlDB.Stats().MaxOpenConnections; got != 3 {
		t.Errorf("max open = %d, want 3", got)
	}
}

// TestFailedUnlockDropsItsConnection: when the unlock itself fails (here, a
// cancelled context), the connection holding the lock is dropped, not put
// back in the pool still holding it: another replica can take the lock.
func TestFailedUnlockDropsItsConnection(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("PostgreSQL only: set " + dbtest.PostgresEnv)
	}
	a := dbtest.Open(t, database.Postgres)
	b, err := database.Open(os.Getenv(dbtest.PostgresEnv), database.Pool{MaxOpen: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	name := "job-" + t.Name()
	l, err := a.TryLock(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Unlock(cancelled); err == nil {
		t.Fatal("unlock with a cancelled context succeeded")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		l2, err := b.TryLock(context.Background(), name)
		if err == nil {
			l2.Unlock(context.Background())
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the lock outlived its failed unlock: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
