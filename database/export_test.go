package database

import (
	"context"

	"github.com/go-gormigrate/gormigrate/v2"
)

// MigrateTo applies the migrations up to and including id, as an older
// release left the database.
func MigrateTo(ctx context.Context, d *DB, id string) error { return d.migrator(ctx).MigrateTo(id) }

// MigrateWith applies the migrations and then extra, as a release that
// adds extra would.
func MigrateWith(ctx context.Context, d *DB, extra ...*gormigrate.Migration) error {
	return d.migratorOf(ctx, append(migrations(), extra...)).Migrate()
}
