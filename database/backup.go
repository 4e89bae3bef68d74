package database

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent snapshot of a SQLite database to path while
// writes go on (VACUUM INTO reads one transaction's view). The file must
// not exist yet. PostgreSQL has its own tools (pg_dump).
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Dialect != SQLite {
		return errors.New("backup is for SQLite; use pg_dump for PostgreSQL")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists", path)
	}
	// The read-only pool can run it: VACUUM INTO writes only the new file.
	if err := d.R.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
