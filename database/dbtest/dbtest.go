// Package dbtest gives each test a fresh, migrated database: a SQLite file in
// the test's temp dir, and, when TIMESTREAK_TEST_POSTGRES holds a URL, a
// private PostgreSQL schema that is dropped afterwards.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/timestreak/timestreak/database"
)

// PostgresEnv names the variable that holds the PostgreSQL URL for tests.
const PostgresEnv = "TIMESTREAK_TEST_POSTGRES"

// Dialects lists the databases the suite runs on here: SQLite always,
// PostgreSQL when configured.
func Dialects() []string {
	if os.Getenv(PostgresEnv) != "" {
		return []string{database.SQLite, database.Postgres}
	}
	return []string{database.SQLite}
}

// Each runs fn once per database dialect, as subtests named after it.
func Each(t *testing.T, fn func(t *testing.T, dialect string)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) { fn(t, d) })
	}
}

// URL returns the address of a fresh, empty database of the given dialect
// (not yet migrated); it is removed when the test ends.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == database.SQLite {
		return filepath.Join(t.TempDir(), "timestreak.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("%s is not set", PostgresEnv)
	}
	schema := "t_" + randomHex(8)
	admin, err := database.Open(base, database.Pool{MaxOpen: 1})
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if err := admin.W.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.W.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("bad %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open gives a fresh migrated database of the dialect, closed at the end.
func Open(t testing.TB, dialect string) *database.DB {
	t.Helper()
	db, err := database.Open(URL(t, dialect), database.Pool{MaxOpen: 8})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
