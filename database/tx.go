package database

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"
)

// A write transaction travels in the context (Gitea's db.WithTx shape): a
// use case that spans packages opens it with Tx, and every store function
// it calls with that context writes and reads through it (Engine, Reader,
// the hot statements), so no *gorm.DB is handed through interfaces.

type txKey struct{}

// txState is the open transaction of a context and what waits for its
// commit.
type txState struct {
	tx    *gorm.DB
	after []func()
}

// Tx runs fn in a write transaction carried by the context fn receives.
// Inside an open transaction fn joins it: the outermost Tx commits, and
// the functions given to AfterCommit run once it has.
func (d *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if InTx(ctx) {
		return fn(ctx)
	}
	st := &txState{}
	err := d.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st.tx = tx
		return fn(context.WithValue(ctx, txKey{}, st))
	})
	if err != nil {
		return err
	}
	for _, f := range st.after {
		f()
	}
	return nil
}

// InTx tells whether ctx carries an open transaction.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*txState)
	return ok
}

// AfterCommit runs f once the transaction in ctx has committed (never, if
// it rolls back), or at once when ctx carries none: notifications and
// cache invalidation must not run ahead of what they announce.
func AfterCommit(ctx context.Context, f func()) {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.after = append(st.after, f)
		return
	}
	f()
}

// Engine is where a write goes: the transaction in ctx, or the write
// connection.
func (d *DB) Engine(ctx context.Context) *gorm.DB {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx.WithContext(d.inTx(ctx))
	}
	return d.W.WithContext(ctx)
}

// Reader is where a read goes: the transaction in ctx (which must see its
// own writes), or the read pool.
func (d *DB) Reader(ctx context.Context) *gorm.DB {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx.WithContext(d.inTx(ctx))
	}
	return d.R.WithContext(ctx)
}

// inTx is the context of a statement in an open transaction. The SQLite
// driver runs a statement whose context can end on a goroutine of its own,
// to interrupt it: on the writer, whose batches run a statement per write
// one after the other, that is a goroutine switch per statement. The
// transaction itself still ends with ctx (database/sql rolls it back), so
// a batch past its deadline fails at its next statement.
func (d *DB) inTx(ctx context.Context) context.Context {
	if d.Dialect == SQLite {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// Query runs the hot statement h: in the transaction in ctx, or on the
// read pool.
func (d *DB) Query(ctx context.Context, h *Hot, args ...any) (*sql.Rows, error) {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		return d.Read(ctx, h, args...)
	}
	stmt, err := d.In(ctx, st.tx, h)
	if err != nil {
		return nil, err
	}
	return stmt.QueryContext(d.inTx(ctx), args...)
}

// Exec runs the hot statement h in the transaction in ctx.
func (d *DB) Exec(ctx context.Context, h *Hot, args ...any) (sql.Result, error) {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		return nil, errors.New("database: Exec of a hot statement needs a transaction")
	}
	stmt, err := d.In(ctx, st.tx, h)
	if err != nil {
		return nil, err
	}
	return stmt.ExecContext(d.inTx(ctx), args...)
}
