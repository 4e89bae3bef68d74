package database

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The SQL differences between SQLite and PostgreSQL live here, so that
// the packages above write each statement once.

// A hot statement (Hot) is written once, with ? for its parameters, and
// LIST(k, col, ...) where a list of tuples is joined as a table named k,
// its columns read as k.col. A list is one parameter on SQLite, a JSON
// array of arrays walked by json_each (which a CROSS JOIN after it keeps
// leading the join: each tuple is then one index lookup); on PostgreSQL it
// is one array parameter per column, unnested (and a CROSS JOIN ... ON is
// a JOIN). Callers pass a list's parameters with Tuples (or List, Pairs).
var listPattern = regexp.MustCompile(`LIST\((\w+)((?:,\s*\w+)+)\)`)

// render writes h's statement for a dialect. Lists named alike in one
// statement must have the same columns (their references are rewritten
// throughout).
func render(sql, dialect string) string {
	layouts := map[string]string{}
	for _, m := range listPattern.FindAllStringSubmatch(sql, -1) {
		alias := m[1]
		if l, seen := layouts[alias]; seen && l != m[2] {
			panic("database: two lists named " + alias + " with other columns in " + sql)
		}
		layouts[alias] = m[2]
		var cols []string
		for _, c := range strings.Split(strings.TrimPrefix(m[2], ","), ",") {
			cols = append(cols, strings.TrimSpace(c))
		}
		if dialect == Postgres {
			casts := make([]string, len(cols))
			for i := range cols {
				casts[i] = "?::text[]"
			}
			sql = strings.Replace(sql, m[0], fmt.Sprintf("unnest(%s) AS %s(%s)", strings.Join(casts, ", "), alias, strings.Join(cols, ", ")), 1)
			continue
		}
		sql = strings.Replace(sql, m[0], "json_each(?) "+alias, 1)
		for i, c := range cols {
			ref := alias + ".value"
			if len(cols) > 1 {
				ref += "->>" + strconv.Itoa(i)
			}
			sql = regexp.MustCompile(`\b`+alias+`\.`+c+`\b`).ReplaceAllString(sql, ref)
		}
	}
	if dialect != Postgres {
		return sql
	}
	sql = strings.ReplaceAll(sql, " CROSS JOIN ", " JOIN ")
	var b strings.Builder
	n := 0
	for _, r := range sql {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// LockRows locks rows of table by id until the transaction in tx ends, in
// id order (so that two transactions cannot deadlock), on PostgreSQL,
// where other replicas write at the same time. SQLite's single writer
// already serialises writes: there it does nothing.
func (d *DB) LockRows(tx *gorm.DB, table string, ids ...string) error {
	if d.Dialect != Postgres || len(ids) == 0 {
		return nil
	}
	return tx.Exec("SELECT id FROM "+table+" WHERE id IN ? ORDER BY id FOR UPDATE", ids).Error
}

// LockTable keeps other transactions from writing table until the
// transaction in tx ends (PostgreSQL; SQLite's single writer already does).
func (d *DB) LockTable(tx *gorm.DB, table string) error {
	if d.Dialect != Postgres {
		return nil
	}
	return tx.Exec("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE").Error
}

// ForUpdate makes q lock the rows it reads until its transaction ends
// (PostgreSQL; SQLite's single writer already serialises writes).
func (d *DB) ForUpdate(q *gorm.DB) *gorm.DB {
	if d.Dialect != Postgres {
		return q
	}
	return q.Clauses(clause.Locking{Strength: "UPDATE"})
}

// XactLock takes a lock named key until the transaction in tx ends
// (PostgreSQL advisory lock; SQLite's single writer already serialises
// writes).
func (d *DB) XactLock(tx *gorm.DB, key string) error {
	if d.Dialect != Postgres {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", LockKey(key)).Error
}
