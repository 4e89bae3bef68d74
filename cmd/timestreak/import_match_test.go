package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestImportMatchNamesFlag: the CLI matches people by email; a file that
// names them without emails (Harvest's) imports only with --match-names.
func TestImportMatchNamesFlag(t *testing.T) {
	dir := t.TempDir()
	for _, u := range []struct{ email, name string }{{"ada@example.com", "Ada Lovelace"}, {"bob@example.com", "Bob Builder"}} {
		cmd := exec.Command(binary, "user", "create", "--email", u.email, "--name", u.name, "--password", "a long password", "--data-dir", dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("user create: %v %s", err, out)
		}
	}
	file, _ := filepath.Abs("../../importer/testdata/harvest.csv")
	run := func(extra ...string) (created float64, errors int) {
		t.Helper()
		args := append([]string{"import", "--from", "harvest", "--json", "--dry-run", "--data-dir", dir}, extra...)
		out, err := exec.Command(binary, append(args, file)...).Output()
		if err != nil {
			t.Fatalf("import %v: %v %s", extra, err, out)
		}
		var rep struct {
			Created float64 `json:"entries_created"`
			Errors  []any   `json:"errors"`
		}
		if err := json.Unmarshal(out, &rep); err != nil {
			t.Fatalf("report: %v\n%s", err, out)
		}
		return rep.Created, len(rep.Errors)
	}
	if created, errs := run(); created != 0 || errs != 2 {
		t.Errorf("by email only: %v created, %d row errors; want 0 and 2", created, errs)
	}
	if created, errs := run("--match-names"); created != 2 || errs != 0 {
		t.Errorf("--match-names: %v created, %d row errors; want 2 and 0", created, errs)
	}
}
