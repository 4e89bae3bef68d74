// Package database opens the SQLite or PostgreSQL database behind timestreak
// and keeps its schema migrations.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB holds the connections of one database. On SQLite all writes go through a
// single connection, so writers queue in Go instead of failing with
// SQLITE_BUSY, while reads use a pool. On PostgreSQL both are the same pool.
type DB struct {
	W       *gorm.DB // writes and read-modify-write transactions
	R       *gorm.DB // plain reads
	Dialect string
	ckpt    *checkpointer // SQLite only: see checkpoint.go
	hot     *hotStmts     // see hot.go; shared by copies of DB
	changes *changeLog    // see changes.go; shared by copies of DB
}

// Pool tunes the PostgreSQL pool; zero values take defaults.
type Pool struct {
	MaxOpen     int
	MaxIdle     int
	MaxLifetime time.Duration
}

// Open connects to url: a postgres:// or postgresql:// URL, or otherwise a
// SQLite file path (optionally prefixed with sqlite://, or file:).
func Open(url string, pool Pool) (*DB, error) {
	if err := CheckURL(url); err != nil {
		return nil, err
	}
	// Prepared-statement caching stays off where connections are scarce:
	// gorm's cache lock, held while a statement waits for a connection,
	// deadlocks against a transaction that holds SQLite's only writer
	// connection (or the last free PostgreSQL one) and waits for that lock.
	cfg := func(prepare bool) *gorm.Config {
		return &gorm.Config{
			Logger:                 logger.Discard,
			SkipDefaultTransaction: true,
			PrepareStmt:            prepare,
			NowFunc:                func() time.Time { return time.Now().UTC() },
		}
	}
	if IsPostgres(url) {
		return openPostgres(url, pool, cfg(false))
	}
	return openSQLite(url, cfg(false), cfg(true))
}

// CheckURL tells whether Open would understand url, without connecting or
// creating anything: a SQLite path (a plain path, file: or sqlite://) or a
// well-formed postgres:// or postgresql:// URL. Any other scheme (mysql://,
// https:) is refused rather than taken for a file name.
func CheckURL(url string) error {
	if url == "" {
		return errors.New("database URL is empty")
	}
	if IsPostgres(url) {
		if _, err := pgx.ParseConfig(url); err != nil {
			return fmt.Errorf("bad postgres URL: %w", err)
		}
		return nil
	}
	if strings.HasPrefix(url, "sqlite://") || strings.HasPrefix(url, "file:") {
		if SQLitePath(url) == "" {
			return fmt.Errorf("database URL %q names no file", url)
		}
		return nil
	}
	if i := strings.IndexByte(url, ':'); i > 1 && urlScheme.MatchString(url[:i]) {
		return fmt.Errorf("database URL %q: the scheme %q is not supported; use a SQLite path or a postgres:// URL", url, url[:i])
	}
	return nil
}

// urlScheme is what a URL scheme looks like (RFC 3986); one letter before a
// colon is left alone.
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`)

// IsPostgres tells whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

func openPostgres(url string, pool Pool, cfg *gorm.Config) (*DB, error) {
	connCfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("bad postgres URL: %w", err)
	}
	// pgx scans timestamptz into the process's local zone; the API promises
	// UTC whatever the server's TZ.
	sqlDB := stdlib.OpenDB(*connCfg, stdlib.OptionAfterConnect(func(_ context.Context, c *pgx.Conn) error {
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	}))
	cfg.DisableAutomaticPing = true // pinged below, once, with a timeout
	changes := newChangeLog()
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: &countingPool{db: sqlDB, log: changes}}), cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if pool.MaxOpen <= 0 {
		pool.MaxOpen = 20
	}
	if pool.MaxIdle <= 0 {
		pool.MaxIdle = pool.MaxOpen
	}
	if pool.MaxLifetime <= 0 {
		pool.MaxLifetime = 30 * time.Minute
	}
	sqlDB.SetMaxOpenConns(pool.MaxOpen)
	sqlDB.SetMaxIdleConns(pool.MaxIdle)
	sqlDB.SetConnMaxLifetime(pool.MaxLifetime)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to postgres: %s", distinctLines(err))
	}
	return &DB{W: g, R: g, Dialect: Postgres, hot: &hotStmts{}, changes: changes}, nil
}

// distinctLines is err's message with each line once: pgx reports every
// attempt of a connection (with TLS, then without) as a line of its own,
// and those are usually the same.
func distinctLines(err error) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l == "" || seen[l] {
			continue
		}
		seen[l] = true
		if s := b.String(); s != "" && strings.HasSuffix(s, ":") {
			b.WriteString(" ")
		} else if s != "" {
			b.WriteString("; ")
		}
		b.WriteString(l)
	}
	return b.String()
}

// SQLitePath is the file a SQLite URL names.
func SQLitePath(url string) string {
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path
}

func openSQLite(url string, writeCfg, readCfg *gorm.Config) (*DB, error) {
	path := SQLitePath(url)
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	if err := privateFile(path); err != nil {
		return nil, err
	}
	// _txlock=immediate takes the write lock at BEGIN, so a transaction never
	// fails half-way on a lock upgrade; busy_timeout covers other processes.
	base := "file:" + path + "?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL"
	wdb, err := sql.Open(writerDriverName(), base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	changes := newChangeLog()
	w, err := gorm.Open(sqlite.New(sqlite.Config{Conn: &countingPool{db: wdb, log: changes}}), writeCfg)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	if err := wdb.Ping(); err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: readerDriverName(), DSN: base + "&mode=ro"}), readCfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	rdb, err := r.DB()
	if err != nil {
		return nil, err
	}
	rdb.SetMaxOpenConns(8)
	rdb.SetMaxIdleConns(8)
	ckpt, err := startCheckpointer(base)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &DB{W: w, R: r, Dialect: SQLite, ckpt: ckpt, hot: &hotStmts{}, changes: changes}, nil
}

// privateFile makes the database file readable by its owner only (0600)
// before SQLite opens it: SQLite gives the -wal and -shm files it creates
// the database file's mode. A file made by an older version is tightened.
func privateFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("make %s private (0600): %w", p, err)
			}
		}
	}
	return nil
}

// WithNow is d with gorm's clock set to now: the times gorm stamps itself
// (updated_at, deleted_at) read the caller's clock, not the wall clock.
// The copy shares d's connections, statements and change counts.
func (d *DB) WithNow(now func() time.Time) *DB {
	cp := *d
	cp.W, cp.R = d.W.Session(&gorm.Session{NowFunc: now}), d.R.Session(&gorm.Session{NowFunc: now})
	return &cp
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.W.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes every connection.
func (d *DB) Close() error {
	var errs []error
	if d.ckpt != nil {
		errs = append(errs, d.ckpt.Close())
	}
	for _, g := range []*gorm.DB{d.W, d.R} {
		if sqlDB, err := g.DB(); err == nil {
			errs = append(errs, sqlDB.Close())
		}
	}
	return errors.Join(errs...)
}

// IsUniqueViolation tells whether err is a unique-constraint failure on
// either database.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505") || strings.Contains(s, "duplicate key value")
}
