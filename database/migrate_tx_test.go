package database_test

import (
	"context"
	"errors"
	"testing"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestFailedMigrationLeavesNothing: a release whose migrations fail half-way
// (a table and a column made, then an error) leaves the database exactly as
// it was, on SQLite as on PostgreSQL: nothing made, nothing recorded, and
// the corrected release then migrates cleanly.
func TestFailedMigrationLeavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := openAt(t, dialect, "")
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		first := &gormigrate.Migration{ID: "29990101_01_first", Migrate: func(tx *gorm.DB) error {
			return tx.Exec("CREATE TABLE first_half (id INTEGER PRIMARY KEY)").Error
		}}
		second := func(fail bool) *gormigrate.Migration {
			return &gormigrate.Migration{ID: "29990101_02_second", Migrate: func(tx *gorm.DB) error {
				if err := tx.Exec("ALTER TABLE users ADD COLUMN half_done VARCHAR(10)").Error; err != nil {
					return err
				}
				if fail {
					return boom
				}
				return nil
			}}
		}
		if err := database.MigrateWith(ctx, db, first, second(true)); !errors.Is(err, boom) {
			t.Fatalf("the failing release migrated: %v", err)
		}
		m := db.W.Migrator()
		if m.HasTable("first_half") || m.HasColumn("users", "half_done") {
			t.Errorf("a failed release left schema behind: table %v, column %v", m.HasTable("first_half"), m.HasColumn("users", "half_done"))
		}
		var recorded int64
		db.R.Table("schema_migrations").Where("id LIKE ?", "2999%").Count(&recorded)
		if recorded != 0 {
			t.Errorf("%d migrations of the failed release recorded", recorded)
		}
		if err := database.MigrateWith(ctx, db, first, second(false)); err != nil {
			t.Fatalf("the corrected release: %v", err)
		}
		if !m.HasTable("first_half") || !m.HasColumn("users", "half_done") {
			t.Errorf("the corrected release did not apply")
		}
	})
}
