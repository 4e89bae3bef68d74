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

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
)

func readAll(t *testing.T, tool string, r io.ReadSeeker, opt Options) ([]tracking.ImportRow, error) {
	t.Helper()
	rd, err := NewReader(tool, r, opt)
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

func readFile(t *testing.T, tool, name string, opt Options) []tracking.ImportRow {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := readAll(t, tool, f, opt)
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
			got := readFile(t, tt.tool, tt.file, Options{DateOrder: tt.order})
			if d := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(row{}, "Hash")); d != "" {
				t.Errorf("rows (-want +got):\n%s", d)
			}
		})
	}
}

func TestMalformedRows(t *testing.T) {
	rows := readFile(t, "toggl", "toggl_malformed.csv", Options{})
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
	rows, err := readAll(t, "toggl", strings.NewReader(b.String()), Options{})
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
			_, err := readAll(t, tt.tool, strings.NewReader(tt.body), Options{})
			var verr *valid.Error
			if !errors.As(err, &verr) || verr.Fields[0].Field != tt.field || !strings.Contains(verr.Fields[0].Message, tt.says) {
				t.Fatalf("error %v, want %s: ...%s...", err, tt.field, tt.says)
			}
		})
	}
}

func TestHashStable(t *testing.T) {
	a := readFile(t, "toggl", "toggl.csv", Options{})
	b := readFile(t, "toggl", "toggl.csv", Options{})
	if a[0].Hash != b[0].Hash || a[0].Hash == a[1].Hash {
		t.Fatalf("hashes %s %s / %s", a[0].Hash, b[0].Hash, a[1].Hash)
	}
	// Two identical records are two entries, with distinct hashes.
	body := "User,Start date,Duration\nAda,2026-02-02,1:00:00\nAda,2026-02-02,1:00:00\n"
	rows, err := readAll(t, "toggl", strings.NewReader(body), Options{})
	if err != nil || len(rows) != 2 || rows[0].Hash == rows[1].Hash {
		t.Fatalf("identical rows: %v %+v", err, rows)
	}
}

// TestHashesKept: rows that imported before issue 17's changes (localised
// billable words, Kimai's display names) hash as they did then, so that
// importing such a file again adds nothing. The hashes are what the reader
// of commit ae9bd24 gave these files.
func TestHashesKept(t *testing.T) {
	tests := []struct {
		tool, file string
		order      DateOrder
		hashes     []string
	}{
		{"toggl", "toggl.csv", "", []string{
			"36b05a957b6bf584c96fb4730c9aeb6cf6b9e9e1c4f6b28ec6b9fef861388d5e",
			"5429dbc0102fd9045146d07e85ae4bc7c7069155c6767a3d11d3583a84614634"}},
		{"toggl", "toggl_ja.csv", "", []string{ // はい was read as no
			"f339c9dd0f86891310ca352fbcb64eb2fe92c78237c95664493ee41f64b0226c",
			"375ab9c3dc80cbb1b4a11ec8e010d3921c70f317a883a688f54a5965470ca36d"}},
		{"toggl", "toggl_bom_semicolon.csv", DMY, []string{
			"c93e8f371cd9ebc3675f862de9f54cebc6f5a80219e3b74b331b6ee1efbe4bae"}},
		{"clockify", "clockify.csv", MDY, []string{
			"3f60b8b0bd5d32c86c281fcbcaa0bfed5e46821520444f5e260a28318ceb911c",
			"ea46dd7b99350329917177f3f9eff8f961b1118bee7c290516fac6dd42907d5b"}},
		{"harvest", "harvest.csv", "", []string{
			"e4b80a3646ff69530a4b0d0bdb8f30188435b2fff65e7990b1205a673b1cf447",
			"9deb09d83fa5fc076675bfb65699e7597169ce127af6b5d4edc7a1496f9e876c"}},
		{"kimai", "kimai_v2.csv", "", []string{ // User, not Name, in the hash
			"7d544b3bea4e81696d015c52d6f328f14303345bb90d677d055696bfc692bfa9",
			"cc588508f0b0cbb5c54d2aa6f4d640922869f900fde876b09203f7a681274c5b",
			"7a9501a723feeccedcdbae9a31d58b14ef889828e5b62702fe92f1a213425f14"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range readFile(t, tt.tool, tt.file, Options{DateOrder: tt.order}) {
			got = append(got, r.Hash)
		}
		if d := cmp.Diff(tt.hashes, got); d != "" {
			t.Errorf("%s hashes (-before +now):\n%s", tt.file, d)
		}
	}
}

func TestKimaiDurationUnit(t *testing.T) {
	tests := []struct {
		name, body string
		minutes    []int
	}{
		{"whole numbers over 24, no From and To: seconds", "Date,Duration,User\n2024-03-04,5400,ada\n2024-03-04,12,ada\n", []int{90, 0}},
		{"whole numbers up to 24, no From and To: hours", "Date,Duration,User\n2024-03-04,8,ada\n2024-03-04,2,ada\n", []int{480, 120}},
		{"whole hours beside From and To", "Date,From,To,Duration,User\n2024-03-04,09:00,17:00,8,ada\n2024-03-04,22:00,23:00,1,ada\n", []int{480, 60}},
		{"seconds beside From and To, one of them short", "Date,From,To,Duration,User\n2024-03-04,09:00,09:00,20,ada\n2024-03-04,10:00,11:30,5400,ada\n", []int{0, 90}},
		{"a decimal mark makes whole numbers hours", "Date,Duration,User\n2024-03-04,30,ada\n2024-03-04,0.5,ada\n", []int{1800, 30}},
		{"h:mm", "Date,Duration,User\n2024-03-04,1:30,ada\n2024-03-04,25,ada\n", []int{90, 1500}},
	}
	for _, tt := range tests {
		rows, err := readAll(t, "kimai", strings.NewReader(tt.body), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []int
		for _, r := range rows {
			got = append(got, r.Minutes)
		}
		if d := cmp.Diff(tt.minutes, got); d != "" {
			t.Errorf("%s: minutes (-want +got):\n%s", tt.name, d)
		}
	}
}
