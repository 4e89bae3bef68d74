package database

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sync"

	"gorm.io/gorm"
)

// Hot is a statement of the entry write path, which every batch of
// writes runs: it is prepared once per connection and reused, not parsed
// again each time, and it is run through database/sql, not gorm's
// reflection, because that path is where throughput is decided. SQL is
// written once for both databases (see dialect.go).
type Hot struct {
	SQL string

	once             sync.Once
	sqlite, postgres string
}

// NewHot is a hot statement (see Hot).
func NewHot(sql string) *Hot { return &Hot{SQL: sql} }

// hotStmts holds the prepared statements of one database.
type hotStmts struct {
	mu    sync.Mutex
	stmts map[*Hot]*sql.Stmt
}

// Prepare readies hot statements on the write pool. On SQLite it must be
// called outside any transaction: the transaction would hold the only
// writer connection that preparing waits for. Already prepared ones cost a
// map lookup.
func (d *DB) Prepare(ctx context.Context, hs ...*Hot) error {
	d.hot.mu.Lock()
	defer d.hot.mu.Unlock()
	if d.hot.stmts == nil {
		d.hot.stmts = map[*Hot]*sql.Stmt{}
	}
	sqlDB, err := d.W.DB()
	if err != nil {
		return err
	}
	for _, h := range hs {
		if d.hot.stmts[h] != nil {
			continue
		}
		st, err := sqlDB.PrepareContext(ctx, d.query(h))
		if err != nil {
			return err
		}
		d.hot.stmts[h] = st
	}
	return nil
}

// List is a list parameter of a hot statement: an array on PostgreSQL, a
// JSON array (for json_each) on SQLite.
func (d *DB) List(items any) any {
	if d.Dialect == Postgres {
		return items
	}
	b, _ := json.Marshal(items)
	return string(b)
}

// Read runs h outside any transaction, on the read pool.
func (d *DB) Read(ctx context.Context, h *Hot, args ...any) (*sql.Rows, error) {
	sqlDB, err := d.R.DB()
	if err != nil {
		return nil, err
	}
	return sqlDB.QueryContext(ctx, d.query(h), args...)
}

func (d *DB) query(h *Hot) string {
	h.once.Do(func() { h.sqlite, h.postgres = render(h.SQL, SQLite), render(h.SQL, Postgres) })
	if d.Dialect == Postgres {
		return h.postgres
	}
	return h.sqlite
}

// In returns h for use inside tx, a transaction of d.W: the statement
// prepared by Prepare when there is one (database/sql reuses it on the
// transaction's connection), or else one prepared for this transaction.
// The table h writes counts as changed when tx commits (changes.go).
func (d *DB) In(ctx context.Context, tx *gorm.DB, h *Hot) (*sql.Stmt, error) {
	stx, counting, ok := sqlTx(tx)
	if !ok {
		return nil, errors.New("database: a hot statement needs a transaction")
	}
	if counting != nil {
		counting.note(writtenTable(h.SQL))
	}
	d.hot.mu.Lock()
	st := d.hot.stmts[h]
	d.hot.mu.Unlock()
	if st == nil {
		return stx.PrepareContext(ctx, d.query(h))
	}
	return stx.StmtContext(ctx, st), nil
}

// Pairs is a list of pairs as the parameters of a hot statement's LIST
// (dialect.go).
func (d *DB) Pairs(a, b []string) []any { return d.Tuples(a, b) }

// Tuples is the parameters of a hot statement's LIST of len(cols)
// columns: the i-th tuple holds the i-th item of each column, all columns
// of one length. On SQLite it is one JSON array (of arrays, for several
// columns), on PostgreSQL an array per column.
func (d *DB) Tuples(cols ...[]string) []any {
	if d.Dialect == Postgres {
		out := make([]any, len(cols))
		for i, c := range cols {
			out[i] = c
		}
		return out
	}
	if len(cols) == 1 { // read as k.value
		return []any{d.List(cols[0])}
	}
	n := 0
	if len(cols) > 0 {
		n = len(cols[0])
	}
	tuples := make([][]string, n)
	for i := range tuples {
		tuples[i] = make([]string, len(cols))
		for j, c := range cols {
			tuples[i][j] = c[i]
		}
	}
	return []any{d.List(tuples)}
}
