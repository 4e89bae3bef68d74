package database

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// SQLite copies the write-ahead log back into the database file (a
// checkpoint, with an fsync) on the connection that commits, by default
// every 1,000 pages: on the single writer connection that stalls every
// write queued behind it. timestreak checkpoints from a connection of its
// own instead, a few times a second, which writers never wait for
// (PASSIVE mode takes no lock they need). The writer still checkpoints
// itself if the log ever reaches writerCheckpointPages, as a backstop.
const (
	checkpointEvery       = 100 * time.Millisecond
	writerCheckpointPages = 20000 // about 80 MB of log
	writerDriver          = "sqlite3_timestreak_writer"
)

var registerWriter sync.Once

// writerDriverName registers, once, the SQLite driver of the writer
// connection, which sets the backstop on every connection it opens.
func writerDriverName() string {
	registerWriter.Do(func() {
		sql.Register(writerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			if _, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", writerCheckpointPages), nil); err != nil {
				return err
			}
			return registerFold(c)
		}})
	})
	return writerDriver
}

// checkpointer runs PASSIVE checkpoints in the background until closed.
type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
}

func startCheckpointer(dsn string) (*checkpointer, error) {
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			// A failed checkpoint is retried at the next tick; the
			// writer's backstop bounds the log meanwhile.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			c.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
			cancel()
		}
	}
}

func (c *checkpointer) Close() error {
	close(c.stop)
	<-c.done
	return c.db.Close()
}
