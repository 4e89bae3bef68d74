package database_test

import (
	"context"
	"testing"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// openAt opens a fresh database of dialect migrated up to and including
// version ("" for none), closed when the test ends: the state an upgrade
// test starts from.
func openAt(t *testing.T, dialect, version string) *database.DB {
	t.Helper()
	db, err := database.Open(dbtest.URL(t, dialect), database.Pool{MaxOpen: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if version != "" {
		if err := database.MigrateTo(context.Background(), db, version); err != nil {
			t.Fatal(err)
		}
	}
	return db
}
