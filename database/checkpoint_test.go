package database_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/database"
)

// TestBackgroundCheckpoint: committed pages reach the database file by the
// background checkpointer, not only by a writer's own checkpoint (which is
// now a backstop at 20,000 pages, far above what is written here).
func TestBackgroundCheckpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ckpt.db")
	db, err := database.Open(path, database.Pool{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.W.Exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("x", 3000) // about a page a row
	for i := 0; i < 700; i++ {        // about 700 pages of log: fewer than a writer's own checkpoint needs
		if err := db.W.Exec("INSERT INTO blobs (body) VALUES (?)", body).Error; err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 2<<20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the database file is %d bytes 5 s after 2.8 MB were committed: nothing checkpointed it", st.Size())
		}
		time.Sleep(20 * time.Millisecond)
	}
	var n int64
	if err := db.R.Raw("SELECT COUNT(*) FROM blobs").Scan(&n).Error; err != nil || n != 700 {
		t.Fatalf("read back %d rows (%v), want 700", n, err)
	}
}
