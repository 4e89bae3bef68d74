package database

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sync"

	"gorm.io/gorm"
)

// Hot is a statement of the entry write path, which every batch of new
// entries runs: it is prepared once per connection and reused, not parsed
// again each time, and it is run through database/sql, not gorm's
// reflection, because that path is where throughput is decided. Queries are
// written per dialect; PostgreSQL placeholders are $n.
type Hot struct {
	SQLite, Postgres string
}

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
	if d.Dialect == Postgres {
		return h.Postgres
	}
	return h.SQLite
}

// In returns h for use inside tx, a transaction of d.W: the statement
// prepared by Prepare when there is one (database/sql reuses it on the
// transaction's connection), or else one prepared for this transaction.
func (d *DB) In(ctx context.Context, tx *gorm.DB, h *Hot) (*sql.Stmt, error) {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return nil, errors.New("database: a hot statement needs a transaction")
	}
	d.hot.mu.Lock()
	st := d.hot.stmts[h]
	d.hot.mu.Unlock()
	if st == nil {
		return sqlTx.PrepareContext(ctx, d.query(h))
	}
	return sqlTx.StmtContext(ctx, st), nil
}

// Pairs is a list of pairs as the parameters of a hot statement: one JSON
// array of [a, b] pairs on SQLite (walked by json_each: k.value->>0 and
// k.value->>1), two arrays on PostgreSQL ($1 and $2, for unnest).
func (d *DB) Pairs(a, b []string) []any {
	if d.Dialect == Postgres {
		return []any{a, b}
	}
	pairs := make([][2]string, len(a))
	for i := range a {
		pairs[i] = [2]string{a[i], b[i]}
	}
	return []any{d.List(pairs)}
}
