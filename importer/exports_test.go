package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/importer"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
)

// stored is an imported entry as the store keeps it.
type stored struct {
	Email    string
	Date     string
	Minutes  int
	Project  string
	Task     string
	Note     string
	Billable bool
}

// storedEntries reads back every imported entry, in a fixed order.
func storedEntries(t *testing.T, tr *tracking.Service) []stored {
	t.Helper()
	got := []stored{}
	err := dbOf(tr).R.Table("entries e").
		Select("u.email AS email, e.date AS date, e.minutes AS minutes, p.name AS project, k.name AS task, e.note AS note, e.billable AS billable").
		Joins("JOIN users u ON u.id = e.user_id").
		Joins("JOIN tasks k ON k.id = e.task_id").
		Joins("JOIN projects p ON p.id = e.project_id").
		Where("e.source = ? AND e.deleted_at IS NULL", tracking.SourceImport).
		Order("e.date, u.email, e.minutes").Scan(&got).Error
	if err != nil {
		t.Fatal(err)
	}
	return got
}

const ada, bob = "ada@example.com", "bob@example.com"

// TestRealExports imports files laid out as each tool writes them (issue
// 17) and reads back every stored entry.
func TestRealExports(t *testing.T) {
	names := importer.Options{MatchNames: true}
	tests := []struct {
		name, tool, file string
		opt              importer.Options
		want             []stored
	}{
		{"Kimai 1, its defaults: h:m and Time, billable percent, no year", "kimai", "kimai_v1.csv",
			importer.Options{MatchNames: true, Year: 2019}, []stored{
				{bob, "2019-01-25", 100, "Website", "Design", "Late fix", true},
				{ada, "2019-01-26", 90, "Website", "Design", "Sketches", true},
				{ada, "2019-01-27", 20, "Website", "Meeting", "Call with client, about the menu", false},
			}},
		{"Kimai 1 in German, with a year", "kimai", "kimai_v1_de.csv", names, []stored{
			{bob, "2019-02-03", 255, "Website", "Entwurf", "Startseite", true},
		}},
		{"Kimai 2.25: seconds, quoted, Yes and No", "kimai", "kimai_v2_seconds.csv", names, []stored{
			{ada, "2024-03-04", 90, "Website", "Design", "Hero copy", true},
			{bob, "2024-03-04", 7, "Website", "Design", "", false},
			{bob, "2024-03-05", 121, "Internal", "Support", "Night shift", false},
		}},
		{"Kimai 2.25 in Dutch: seconds, Ja", "kimai", "kimai_v2_nl.csv", names, []stored{
			{bob, "2024-06-03", 45, "Website", "Ontwerp", "Logo", true},
		}},
		{"Kimai 2.28: decimal hours, a whole hour as 1", "kimai", "kimai_v2.csv", names, []stored{
			{ada, "2026-02-06", 150, "Website", "Development", "API work", true},
			{bob, "2026-02-06", 60, "Website", "Development", "", false},
			{bob, "2026-02-09", 45, "Website", "Review", "Pull request, small", false},
		}},
		{"Kimai 2.35 in French: h:mm:ss", "kimai", "kimai_v2_fr.csv", names, []stored{
			{ada, "2026-02-11", 166, "Site web", "Conception", "Maquette", true},
		}},
		{"Kimai 2.37 on, in German: h:mm and E-Mail", "kimai", "kimai_v2_de.csv", importer.Options{}, []stored{
			{ada, "2026-02-10", 90, "Website", "Entwicklung", "Anmeldung", true},
			{bob, "2026-02-10", 6, "Website", "Entwicklung", "", false},
		}},
		{"Clockify customised without durations; month first, as 02/13 says", "clockify", "clockify_custom.csv",
			importer.Options{}, []stored{
				{ada, "2026-02-03", 120, "Website", "Design", "Homepage", true},
				{bob, "2026-02-13", 46, "Website", "Development", "Deploy", false},
				{bob, "2026-02-16", 70, "Website", "Design", "Lunch talk", false},
			}},
		{"Clockify day first, no order given: 21/02 settles it", "clockify", "clockify_dayfirst.csv",
			importer.Options{}, dayFirst},
		{"Clockify day first, dmy given", "clockify", "clockify_dayfirst.csv",
			importer.Options{DateOrder: importer.DMY}, dayFirst},
		{"Toggl in Japanese: はい and いいえ", "toggl", "toggl_ja.csv", importer.Options{}, []stored{
			{ada, "2026-02-12", 60, "Website", "Design", "設計レビュー", true},
			{bob, "2026-02-12", 30, "Website", "Design", "", false},
		}},
	}
	dbtest.Each(t, func(t *testing.T, dialect string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tr := newService(t, dialect)
				rep := run(t, tr, tt.tool, tt.file, tt.opt)
				if len(rep.Errors) != 0 || rep.EntriesCreated != len(tt.want) || rep.BillableUnknown != 0 {
					t.Errorf("report: created %d, errors %v, unknown billable %d", rep.EntriesCreated, rep.Errors, rep.BillableUnknown)
				}
				if d := cmp.Diff(tt.want, storedEntries(t, tr)); d != "" {
					t.Errorf("stored entries (-want +got):\n%s", d)
				}
			})
		}
	})
}

var dayFirst = []stored{
	{ada, "2026-02-03", 60, "Website", "Design", "Planning", false},
	{bob, "2026-02-05", 75, "Website", "Development", "Fixes", false},
	{ada, "2026-02-21", 30, "Website", "Design", "Review", true},
}

// TestRefusedWhole: a file whose dates contradict the order given, or each
// other, or that has dates without a year and no year given, is refused
// before anything is stored, with the row that shows why.
func TestRefusedWhole(t *testing.T) {
	// 600 rows that read either way, past the first batch the store
	// writes, and then one that can only be day first.
	var late strings.Builder
	late.WriteString("User,Email,Project,Start date,Duration\n")
	for i := range 600 {
		fmt.Fprintf(&late, "Ada,ada@example.com,P,%02d/%02d/2025,0:30:00\n", i%12+1, i%11+1)
	}
	late.WriteString("Ada,ada@example.com,P,21/02/2026,0:30:00\n")

	tests := []struct {
		name, tool, body string
		opt              importer.Options
		field            string
		says             []string
	}{
		{"a day-first file read month first", "clockify", file(t, "clockify_dayfirst.csv"),
			importer.Options{DateOrder: importer.MDY}, "date_order", []string{"line 3", "21/02/2026", "day first"}},
		{"the proof is row 602", "toggl", late.String(),
			importer.Options{DateOrder: importer.MDY}, "date_order", []string{"line 602", "21/02/2026"}},
		{"rows that contradict each other", "toggl", "User,Email,Project,Start date,Duration\n" +
			"Ada,ada@example.com,P,03/04/2026,1:00:00\nAda,ada@example.com,P,01/21/2026,1:00:00\nAda,ada@example.com,P,21/01/2026,1:00:00\n",
			importer.Options{}, "file", []string{"line 4", "21/01/2026", "line 3", "01/21/2026"}},
		{"either way: the message names a row that is", "toggl", "User,Email,Project,Start date,Duration\n" +
			"Ada,ada@example.com,P,2026-02-02,1:00:00\nAda,ada@example.com,P,05/05/2025,1:00:00\nAda,ada@example.com,P,03/04/2025,1:00:00\n",
			importer.Options{}, "date_order", []string{"line 4", "03/04/2025"}},
		{"Kimai 1's dates without a year", "kimai", file(t, "kimai_v1.csv"),
			importer.Options{MatchNames: true}, "file", []string{"line 2", "27.01.", "%d.%m.%Y"}},
	}
	dbtest.Each(t, func(t *testing.T, dialect string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tr := newService(t, dialect)
				for _, dry := range []bool{true, false} {
					tt.opt.DryRun = dry
					_, err := importer.Run(context.Background(), tr, tt.tool, strings.NewReader(tt.body), tt.opt)
					var verr *valid.Error
					if !errors.As(err, &verr) || verr.Fields[0].Field != tt.field {
						t.Fatalf("dry run %v: error %v, want one on %s", dry, err, tt.field)
					}
					for _, s := range tt.says {
						if !strings.Contains(verr.Fields[0].Message, s) {
							t.Errorf("%q does not say %q", verr.Fields[0].Message, s)
						}
					}
				}
				if got := storedEntries(t, tr); len(got) != 0 {
					t.Errorf("a refused file stored %v", got)
				}
				if projects, _ := tr.Projects(context.Background()); len(projects) != 0 {
					t.Errorf("a refused file created projects %v", projects)
				}
			})
		}
	})
}

func file(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBillableUnknown: rows whose billable value is no yes or no the
// importer reads still import, as not billable, and the report counts them.
func TestBillableUnknown(t *testing.T) {
	body := "User,Email,Project,Billable,Start date,Duration\n" +
		"Ada,ada@example.com,P,Ydw,2026-02-02,1:00:00\n" + // Welsh
		"Ada,ada@example.com,P,Sí,2026-02-03,1:00:00\n" +
		"Ada,ada@example.com,P,Nein,2026-02-04,1:00:00\n" +
		"Ada,ada@example.com,P,vielleicht,2026-02-05,1:00:00\n" +
		"Ada,ada@example.com,P,,2026-02-06,1:00:00\n"
	dbtest.Each(t, func(t *testing.T, dialect string) {
		tr := newService(t, dialect)
		for _, dry := range []bool{true, false} {
			rep, err := importer.Run(context.Background(), tr, "toggl", strings.NewReader(body), importer.Options{DryRun: dry})
			if err != nil {
				t.Fatal(err)
			}
			if rep.BillableUnknown != 2 || rep.EntriesCreated != 5 || len(rep.Errors) != 0 {
				t.Errorf("dry run %v: unknown %d, created %d, errors %v", dry, rep.BillableUnknown, rep.EntriesCreated, rep.Errors)
			}
			var plan bytes.Buffer
			importer.WritePlan(&plan, rep)
			if !strings.Contains(plan.String(), "2 rows have a billable value that is neither a yes nor a no") {
				t.Errorf("plan:\n%s", plan.String())
			}
		}
		want := []stored{
			{ada, "2026-02-02", 60, "P", "General", "", false},
			{ada, "2026-02-03", 60, "P", "General", "", true},
			{ada, "2026-02-04", 60, "P", "General", "", false},
			{ada, "2026-02-05", 60, "P", "General", "", false},
			{ada, "2026-02-06", 60, "P", "General", "", false},
		}
		if d := cmp.Diff(want, storedEntries(t, tr)); d != "" {
			t.Errorf("stored entries (-want +got):\n%s", d)
		}
	})
}
