package importer_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/importer"
)

// writeToggl writes a Toggl export of n rows for the two test users, ten
// half-hour entries a day each, going back from 2026-02-28.
func writeToggl(b *testing.B, path string, n int) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n")
	users := [][2]string{{"Ada Lovelace", "ada@example.com"}, {"Bob Builder", "bob@example.com"}}
	last := time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	for i := range n {
		u := users[i%2]
		k := i / 2
		day := last.AddDate(0, 0, -k/10).Format("2006-01-02")
		start := fmt.Sprintf("%02d:%02d:00", 8+(k%10)/2, (k%2)*30)
		fmt.Fprintf(w, "%s,%s,Client %d,Project %d,Task %d,Work item %d,No,%s,%s,%s,,00:30:00,,\n",
			u[0], u[1], k%5, k%20, k%50, i, day, start, day)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

func BenchmarkImport100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "toggl-100k.csv")
	writeToggl(b, path, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		tr := newService(b, database.SQLite)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := importer.Run(context.Background(), tr, "toggl", f, importer.Options{})
		b.StopTimer()
		f.Close()
		if err != nil || rep.EntriesCreated != 100_000 || len(rep.Errors) != 0 {
			b.Fatalf("import: %v, created %d, errors %v", err, rep.EntriesCreated, rep.Errors[:min(3, len(rep.Errors))])
		}
		b.StartTimer()
	}
}
