package database_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/database"
)

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %#o, want %#o", filepath.Base(path), got, want)
	}
}

// TestFileModes: the folder Open creates is 0700; the database file, its
// WAL and shared-memory files and a backup are 0600 (PRODUCT.md §7).
func TestFileModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "made", "here")
	path := filepath.Join(dir, "timestreak.db")
	db, err := database.Open(path, database.Pool{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantMode(t, dir, 0o700)
	wantMode(t, filepath.Dir(dir), 0o700)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		wantMode(t, p, 0o600)
	}
	snap := filepath.Join(t.TempDir(), "snap.db")
	if err := db.Backup(context.Background(), snap); err != nil {
		t.Fatal(err)
	}
	wantMode(t, snap, 0o600)
	if fi, err := os.Stat(snap); err != nil || fi.Size() == 0 {
		t.Fatalf("the backup is empty: %v", err)
	}
	if err := db.Backup(context.Background(), snap); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second backup over the first: %v", err)
	}
}

// TestOlderFilesTightened: a database made 0644 by an older version is
// made private when opened.
func TestOlderFilesTightened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(path, database.Pool{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.W.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)").Error; err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		wantMode(t, p, 0o600)
	}
}

// TestCheckURL: only SQLite paths and PostgreSQL URLs are databases; any
// other scheme is refused before anything is created.
func TestCheckURL(t *testing.T) {
	for url, ok := range map[string]bool{
		"data/timestreak.db":          true,
		"/var/lib/timestreak/t.db":    true,
		"file:data/t.db":              true,
		"file:data/t.db?cache=shared": true,
		"sqlite://data/t.db":          true,
		"postgres://u@localhost/db":   true,
		"postgresql://u@localhost/db": true,
		"":                            false,
		"mysql://x":                   false,
		"mysql:/x":                    false,
		"https://db.example/x":        false,
		"sqlserver://h/db":            false,
		"file:":                       false,
		"postgres://u@host:notaport/": false,
	} {
		if err := database.CheckURL(url); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", url, err, ok)
		}
	}
	dir := t.TempDir()
	if _, err := database.Open("mysql://"+filepath.Join(dir, "x"), database.Pool{}); err == nil {
		t.Fatal("opened mysql:// as SQLite")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused URL created %v", entries)
	}
}
