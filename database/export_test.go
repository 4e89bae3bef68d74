package database

import "context"

// MigrateTo applies the migrations up to and including id, as an older
// release left the database.
func MigrateTo(ctx context.Context, d *DB, id string) error { return d.migrator(ctx).MigrateTo(id) }
