package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"hash/fnv"

	"gorm.io/gorm"
)

// ErrLockHeld says another session holds the lock.
var ErrLockHeld = errors.New("lock held elsewhere")

// AdvisoryLock is a PostgreSQL session-level advisory lock. It lives on one
// dedicated connection, so a replica that dies mid-job loses its session
// and with it the lock: another replica can take over at its next run.
type AdvisoryLock struct {
	conn *sql.Conn
	key  int64
}

// LockKey maps a name to the 64-bit advisory lock space.
func LockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("timestreak:" + name))
	return int64(h.Sum64())
}

// TryLock takes the named lock without waiting; ErrLockHeld when another
// session has it. Only PostgreSQL has advisory locks.
func (d *DB) TryLock(ctx context.Context, name string) (*AdvisoryLock, error) {
	return d.lock(ctx, name, "SELECT pg_try_advisory_lock($1)")
}

// lock runs query (which answers whether it got the lock) on a dedicated
// connection that then holds the lock.
func (d *DB) lock(ctx context.Context, name, query string) (*AdvisoryLock, error) {
	if d.Dialect != Postgres {
		return nil, errors.New("advisory locks need PostgreSQL")
	}
	sqlDB, err := d.W.DB()
	if err != nil {
		return nil, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	key := LockKey(name)
	var got bool
	if err := conn.QueryRowContext(ctx, query, key).Scan(&got); err != nil {
		conn.Close()
		return nil, err
	}
	if !got {
		conn.Close()
		return nil, ErrLockHeld
	}
	return &AdvisoryLock{conn: conn, key: key}, nil
}

// Unlock releases the lock and its connection.
func (l *AdvisoryLock) Unlock(ctx context.Context) error {
	defer l.conn.Close()
	var released bool
	if err := l.conn.QueryRowContext(ctx, "SELECT pg_advisory_unlock($1)", l.key).Scan(&released); err != nil {
		// Closing would not end the session of a pooled connection, so
		// make sure the connection is dropped rather than reused.
		// (database/sql drops a connection only on driver.ErrBadConn.)
		l.conn.Raw(func(any) error { return driver.ErrBadConn })
		return err
	}
	return nil
}

// waitLock takes the named advisory lock, waiting for it.
func (d *DB) waitLock(ctx context.Context, name string) (func(), error) {
	l, err := d.lock(ctx, name, "SELECT true FROM pg_advisory_lock($1)")
	if err != nil {
		return nil, err
	}
	return func() { l.Unlock(context.Background()) }, nil
}

// TakeTurn makes the transaction tx wait its turn under the named lock,
// which it holds until it ends (PostgreSQL; SQLite's one writer already
// gives every write transaction its turn).
func (d *DB) TakeTurn(tx *gorm.DB, name string) error {
	if d.Dialect != Postgres {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", LockKey(name)).Error
}
