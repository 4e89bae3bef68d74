package database

import (
	"database/sql"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// Case-insensitive search must find "été" with "ÉTÉ" on both databases.
// PostgreSQL's lower() folds all of Unicode (in the UTF-8 locales it is
// run with); SQLite's LOWER() folds ASCII only, so SQLite connections get
// a fold() function of their own, Go's Unicode lower case.

// foldFunc is the name of the SQL function FoldedLike calls on SQLite.
const foldFunc = "fold"

func registerFold(c *sqlite3.SQLiteConn) error {
	return c.RegisterFunc(foldFunc, strings.ToLower, true)
}

var registerReader sync.Once

const readerDriver = "sqlite3_timestreak_reader"

// readerDriverName registers, once, the SQLite driver of the read pool.
func readerDriverName() string {
	registerReader.Do(func() {
		sql.Register(readerDriver, &sqlite3.SQLiteDriver{ConnectHook: registerFold})
	})
	return readerDriver
}

// FoldedContains is a WHERE clause and its argument: column contains q,
// ignoring case in every script (LIKE with q's wildcards escaped).
func (d *DB) FoldedContains(column, q string) (string, string) {
	fn := "lower"
	if d.Dialect == SQLite {
		fn = foldFunc
	}
	return fn + "(" + column + ") LIKE ? ESCAPE '\\'", "%" + escapeLike(strings.ToLower(q)) + "%"
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
