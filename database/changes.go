package database

import (
	"context"
	"database/sql"
	"regexp"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// One signal for "changes committed": the write pool counts, per table,
// the writes that have committed — a transaction's once it commits, a
// statement outside one at once — whoever made them (gorm, a hot
// statement, raw SQL), so a cache of what some tables hold (the
// leaderboards) knows it may be out of date without every writer having
// to say so. It counts this process's writes only: a cache must also
// expire, for other processes' (replicas, the CLI).

// changeLog holds the commit counts of the tables written so far.
type changeLog struct {
	mu     sync.RWMutex
	counts map[string]*atomic.Uint64
}

func newChangeLog() *changeLog { return &changeLog{counts: map[string]*atomic.Uint64{}} }

func (l *changeLog) counter(table string) *atomic.Uint64 {
	l.mu.RLock()
	c := l.counts[table]
	l.mu.RUnlock()
	if c != nil {
		return c
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c = l.counts[table]; c == nil {
		c = &atomic.Uint64{}
		l.counts[table] = c
	}
	return c
}

func (l *changeLog) committed(tables ...string) {
	for _, t := range tables {
		if t != "" {
			l.counter(t).Add(1)
		}
	}
}

// Changed counts the committed writes to the given tables so far: an
// answer loaded from them while Changed was n is current while it is
// still n.
func (d *DB) Changed(tables ...string) uint64 {
	if d.changes == nil {
		return 0
	}
	var n uint64
	for _, t := range tables {
		n += d.changes.counter(t).Load()
	}
	return n
}

// writePattern finds the table a statement writes.
var writePattern = regexp.MustCompile("(?is)^\\s*(?:INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO|UPDATE|DELETE\\s+FROM)\\s+[`\"]?(\\w+)")

// writtenTable is the table query writes, "" for a read.
func writtenTable(query string) string {
	if m := writePattern.FindStringSubmatch(query); m != nil {
		return m[1]
	}
	return ""
}

// countingPool is the write pool as gorm sees it: statements outside a
// transaction count as committed when they return; transactions count
// their statements' tables when they commit.
type countingPool struct {
	db  *sql.DB
	log *changeLog
}

func (p *countingPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

func (p *countingPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := p.db.ExecContext(ctx, query, args...)
	if err == nil {
		p.log.committed(writtenTable(query))
	}
	return res, err
}

func (p *countingPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := p.db.QueryContext(ctx, query, args...)
	if err == nil {
		p.log.committed(writtenTable(query)) // INSERT ... RETURNING
	}
	return rows, err
}

func (p *countingPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	row := p.db.QueryRowContext(ctx, query, args...)
	p.log.committed(writtenTable(query))
	return row
}

func (p *countingPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, log: p.log}, nil
}

// GetDBConn is the pool itself, for gorm's DB().
func (p *countingPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// countingTx is a transaction of the write pool: it notes the tables its
// statements write and counts them once it commits.
type countingTx struct {
	*sql.Tx
	log    *changeLog
	mu     sync.Mutex
	tables []string
}

func (t *countingTx) note(table string) {
	if table == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, seen := range t.tables {
		if seen == table {
			return
		}
	}
	t.tables = append(t.tables, table)
}

func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := t.Tx.ExecContext(ctx, query, args...)
	if err == nil {
		t.note(writtenTable(query))
	}
	return res, err
}

func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := t.Tx.QueryContext(ctx, query, args...)
	if err == nil {
		t.note(writtenTable(query))
	}
	return rows, err
}

func (t *countingTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	t.note(writtenTable(query))
	return t.Tx.QueryRowContext(ctx, query, args...)
}

func (t *countingTx) Commit() error {
	if err := t.Tx.Commit(); err != nil {
		return err
	}
	t.mu.Lock()
	tables := t.tables
	t.mu.Unlock()
	t.log.committed(tables...)
	return nil
}

// sqlTx is the database/sql transaction of a gorm transaction, and the
// counting one around it (nil when it is not the write pool's).
func sqlTx(tx *gorm.DB) (*sql.Tx, *countingTx, bool) {
	switch p := tx.Statement.ConnPool.(type) {
	case *countingTx:
		return p.Tx, p, true
	case *sql.Tx:
		return p, nil, true
	}
	return nil, nil, false
}
