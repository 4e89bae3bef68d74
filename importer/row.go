package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Row is one time record as the tools export it, read but not yet tied to
// timestreak's users and tasks.
type Row struct {
	Email       string
	User        string
	Name        string // a display name beside User (Kimai's login name): people are matched by it
	Client      string
	Project     string
	Task        string
	Description string
	Date        string // YYYY-MM-DD
	Start       string // the start time as written, when the export has one
	Minutes     int
	Billable    bool

	billableText    string // as written, for the hash
	billableUnknown bool   // written, but neither a yes nor a no we read
}

// setBillable reads the billable flag as written.
func (r *Row) setBillable(s string) {
	r.billableText = s
	var known bool
	r.Billable, known = readBillable(s)
	r.billableUnknown = !known
}

// hash identifies the row across imports: the same record exported again
// hashes the same. n counts identical records earlier in the same file, so
// two equal rows are two entries, and still only two on a second import.
func (r Row) hash(tool string, n int) string {
	h := sha256.New()
	for _, s := range []string{tool, strings.ToLower(r.Email), strings.ToLower(r.User), r.Date, r.Start,
		r.Client, r.Project, r.Task, r.Description, strconv.Itoa(r.Minutes), strconv.FormatBool(hashedBillable(r.billableText))} {
		h.Write([]byte(s))
		h.Write([]byte{0x1f})
	}
	h.Write([]byte(strconv.Itoa(n)))
	return hex.EncodeToString(h.Sum(nil))
}

// header is an export's header line: its column names as written, and
// the position of each lower-case name's first column.
type header struct {
	names []string
	at    map[string]int
}

func newHeader(names []string) header {
	h := header{names: names, at: map[string]int{}}
	for i, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if _, dup := h.at[n]; !dup {
			h.at[n] = i
		}
	}
	return h
}

// col is the position of the first of names present, or -1.
func (h header) col(names ...string) int {
	for _, n := range names {
		if i, ok := h.at[n]; ok {
			return i
		}
	}
	return -1
}

// field is a trimmed cell, "" when the column is absent.
func field(f []string, i int) string {
	if i < 0 || i >= len(f) {
		return ""
	}
	return strings.TrimSpace(f[i])
}

// columns are where the fields most exports share stand in a record, -1
// where the header has none.
type columns struct {
	email, user, client, project, task, desc, billable, date, start int
}

// row reads those fields of record f, the date in o's order.
func (c columns) row(f []string, o Options) (Row, error) {
	r := Row{Email: field(f, c.email), User: field(f, c.user), Client: field(f, c.client), Project: field(f, c.project),
		Task: field(f, c.task), Description: field(f, c.desc), Start: field(f, c.start)}
	r.setBillable(field(f, c.billable))
	var err error
	r.Date, err = parseDate(field(f, c.date), o)
	return r, err
}

// parseFunc reads one record of a known header.
type parseFunc func(f []string, o Options) (Row, error)

// format is how to read one tool's export, set up from its header.
type format struct {
	parse parseFunc
	// dates are the columns whose slashed dates tell the day and month
	// order (see survey).
	dates []int
	// survey, when set, sees every record before the first is parsed, and
	// settle runs after the last: what no single row tells (the unit of
	// Kimai's durations) the whole file can.
	survey func(f []string)
	settle func()
}

// formatFor returns the header reader of a tool's export.
func formatFor(tool string) (func(header) (format, error), bool) {
	switch tool {
	case "toggl":
		return toggl, true
	case "clockify":
		return clockify, true
	case "kimai":
		return kimai, true
	case "harvest":
		return harvest, true
	}
	return nil, false
}
