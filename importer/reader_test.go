package importer

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/timestreak/timestreak/tracking"
)

func readAll(t *testing.T, tool string, r io.Reader, order DateOrder) ([]tracking.ImportRow, error) {
	t.Helper()
	rd, err := NewReader(tool, r, Options{DateOrder: order})
	if err != nil {
		return nil, err
	}
	var rows []tracking.ImportRow
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

func readFile(t *testing.T, tool, name string, order DateOrder) []tracking.ImportRow {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := readAll(t, tool, f, order)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, r := range rows {
		if r.Problem == "" && len(r.Hash) != 64 {
			t.Errorf("%s line %d: hash %q", name, r.Line, r.Hash)
		}
	}
	return rows
}

type row = tracking.ImportRow

func TestFormats(t *testing.T) {
	tests := []struct {
		tool, file string
		order      DateOrder
		want       []row
	}{
		{"toggl", "toggl.csv", "", []row{
			{Line: 2, Email: "ada@example.com", UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Homepage mock-up", Date: "2026-02-02", Minutes: 90, Billable: true},
			{Line: 3, Email: "bob@example.com", UserName: "Bob Builder", Project: "Internal", Note: "Standup, daily", Date: "2026-02-03", Minutes: 15},
		}},
		{"toggl", "toggl_stop.csv", "", []row{
			{Line: 2, Email: "ada@example.com", UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Review", Date: "2026-02-04", Minutes: 90},
			{Line: 3, UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Late night", Date: "2026-02-04", Minutes: 166},
		}},
		{"toggl", "toggl_bom_semicolon.csv", DMY, []row{
			{Line: 2, Email: "ada@example.com", UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Notes; with semicolon", Date: "2026-02-03", Minutes: 60, Billable: true},
		}},
		{"toggl", "toggl_bom_semicolon.csv", MDY, []row{
			{Line: 2, Email: "ada@example.com", UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Notes; with semicolon", Date: "2026-03-02", Minutes: 60, Billable: true},
		}},
		{"clockify", "clockify.csv", MDY, []row{
			{Line: 2, Email: "ada@example.com", UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Homepage", Date: "2026-02-03", Minutes: 120, Billable: true},
			{Line: 3, Email: "bob@example.com", UserName: "Bob Builder", Project: "Website", Task: "Writing", Note: "Copy", Date: "2026-02-04", Minutes: 45},
		}},
		{"clockify", "clockify_activity.csv", DMY, []row{
			{Line: 2, Email: "ada@example.com", UserName: "Ada Lovelace", Project: "Internal", Task: "Meetings", Note: "Planning", Date: "2026-01-21", Minutes: 60},
		}},
		{"clockify", "clockify_paid.csv", "", []row{
			{Line: 2, Email: "ada@example.com", UserName: "Ada Lovelace", Project: "Website", Task: "Development", Note: "Bugfix", Date: "2026-02-05", Minutes: 75, Billable: true},
		}},
		{"kimai", "kimai_v1.csv", "", []row{
			{Line: 2, UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Sketches", Date: "2015-01-26", Minutes: 90, Billable: true},
			{Line: 3, UserName: "ada@example.com", Project: "Website", Task: "Meeting", Date: "2015-01-27", Minutes: 20},
		}},
		{"kimai", "kimai_v2.csv", "", []row{
			{Line: 2, Email: "ada@example.com", UserName: "ada", Project: "Website", Task: "Development", Note: "API work", Date: "2026-02-06", Minutes: 150, Billable: true},
			{Line: 3, Email: "bob@example.com", UserName: "bob", Project: "Website", Task: "Development", Date: "2026-02-06", Minutes: 45},
		}},
		{"harvest", "harvest.csv", "", []row{
			{Line: 2, UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Logo", Date: "2026-02-09", Minutes: 450, Billable: true},
			{Line: 3, UserName: "Bob Builder", Project: "Website", Task: "Design", Date: "2026-02-10", Minutes: 15},
		}},
		{"harvest", "harvest_locale.csv", DMY, []row{
			{Line: 2, UserName: "Ada Lovelace", Project: "Website", Task: "Design", Note: "Icons", Date: "2026-02-11", Minutes: 450, Billable: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+string(tt.order), func(t *testing.T) {
			got := readFile(t, tt.tool, tt.file, tt.order)
			if d := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(row{}, "Hash")); d != "" {
				t.Errorf("rows (-want +got):\n%s", d)
			}
		})
	}
}

func TestMalformedRows(t *testing.T) {
	rows := readFile(t, "toggl", "toggl_malformed.csv", "")
	problems := map[int]string{}
	var good []int
	for _, r := range rows {
		if r.Problem != "" {
			problems[r.Line] = r.Problem
		} else {
			good = append(good, r.Line)
		}
	}
	if d := cmp.Diff([]int{2, 7, 9, 11}, good); d != "" {
		t.Errorf("readable lines (-want +got):\n%s", d)
	}
	want := map[int]string{
		3:  "has 4 columns",
		4:  "does not exist",
		5:  "not in a known form",
		6:  "negative duration",
		8:  "is not h:mm:ss",
		10: "not valid CSV",
	}
	for line, sub := range want {
		if !strings.Contains(problems[line], sub) {
			t.Errorf("line %d: problem %q, want it to say %q", line, problems[line], sub)
		}
	}
	for _, r := range rows {
		if r.Line == 9 && r.Note != `=HYPERLINK("http://evil.example","x")` {
			t.Errorf("formula note not kept verbatim: %q", r.Note)
		}
	}
}

func TestHugeNote(t *testing.T) {
	var b strings.Builder
	b.WriteString("User,Email,Project,Description,Start date,Duration\n")
	b.WriteString(`Ada,ada@example.com,P,"` + strings.Repeat("x", 10<<20) + `",2026-02-02,01:00:00` + "\n")
	b.WriteString("Ada,ada@example.com,P,short,2026-02-02,01:00:00\n")
	rows, err := readAll(t, "toggl", strings.NewReader(b.String()), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !strings.Contains(rows[0].Problem, "at most 2000") || rows[0].Note != "" || rows[1].Problem != "" || rows[1].Line != 3 {
		t.Fatalf("rows: %d, first problem %q, second %+v", len(rows), rows[0].Problem, rows[1].Problem)
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, tool, body, field, says string
	}{
		{"empty", "toggl", "", "file", "empty"},
		{"no duration", "toggl", "User,Email,Start date\nAda,a@x.io,2026-01-01\n", "file", `"Duration"`},
		{"no user", "clockify", "Project,Start Date,Duration (h)\nP,2026-01-01,01:00:00\n", "file", `"Email"`},
		{"harvest no hours", "harvest", "Date,First Name,Last Name\n2026-01-01,A,B\n", "file", `"Hours"`},
		{"kimai no date", "kimai", "From,To,Duration,User\n", "file", `"Date"`},
		{"unknown tool", "jira", "a,b\n", "tool", "toggl"},
		{"ambiguous dates need an order", "toggl", "User,Start date,Duration\nAda,03/04/2024,1:00:00\n", "date_order", "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.tool, strings.NewReader(tt.body), "")
			var verr *tracking.ValidationError
			if !errors.As(err, &verr) || verr.Fields[0].Field != tt.field || !strings.Contains(verr.Fields[0].Message, tt.says) {
				t.Fatalf("error %v, want %s: ...%s...", err, tt.field, tt.says)
			}
		})
	}
}

func TestHashStable(t *testing.T) {
	a := readFile(t, "toggl", "toggl.csv", "")
	b := readFile(t, "toggl", "toggl.csv", "")
	if a[0].Hash != b[0].Hash || a[0].Hash == a[1].Hash {
		t.Fatalf("hashes %s %s / %s", a[0].Hash, b[0].Hash, a[1].Hash)
	}
	// Two identical records are two entries, with distinct hashes.
	body := "User,Start date,Duration\nAda,2026-02-02,1:00:00\nAda,2026-02-02,1:00:00\n"
	rows, err := readAll(t, "toggl", strings.NewReader(body), "")
	if err != nil || len(rows) != 2 || rows[0].Hash == rows[1].Hash {
		t.Fatalf("identical rows: %v %+v", err, rows)
	}
}
