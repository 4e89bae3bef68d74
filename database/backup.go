package database

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent snapshot of a SQLite database to path while
// writes go on (VACUUM INTO reads one transaction's view). The file must
// not exist yet. PostgreSQL has its own tools (pg_dump).
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Dialect != SQLite {
		return errors.New("backup is for SQLite; use pg_dump for PostgreSQL")
	}
	// The snapshot is as private as the database (0600): made empty here,
	// which VACUUM INTO accepts, rather than by SQLite with 0644.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists", path)
	}
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	f.Close()
	// The read-only pool can run it: VACUUM INTO writes only the new file.
	if err := d.R.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
