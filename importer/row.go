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
	Client      string
	Project     string
	Task        string
	Description string
	Date        string // YYYY-MM-DD
	Start       string // the start time as written, when the export has one
	Minutes     int
	Billable    bool
}

// hash identifies the row across imports: the same record exported again
// hashes the same. n counts identical records earlier in the same file, so
// two equal rows are two entries, and still only two on a second import.
func (r Row) hash(tool string, n int) string {
	h := sha256.New()
	for _, s := range []string{tool, strings.ToLower(r.Email), strings.ToLower(r.User), r.Date, r.Start,
		r.Client, r.Project, r.Task, r.Description, strconv.Itoa(r.Minutes), strconv.FormatBool(r.Billable)} {
		h.Write([]byte(s))
		h.Write([]byte{0x1f})
	}
	h.Write([]byte(strconv.Itoa(n)))
	return hex.EncodeToString(h.Sum(nil))
}

// header maps lower-case column names to their positions.
type header map[string]int

// col is the position of the first of names present, or -1.
func (h header) col(names ...string) int {
	for _, n := range names {
		if i, ok := h[n]; ok {
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

// yes reads a billable flag as the tools write it.
func yes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "1", "y", "ja", "oui", "x":
		return true
	}
	return false
}

// parseFunc reads one record of a known header.
type parseFunc func(f []string, o Options) (Row, error)

// formatFor returns the header reader of a tool's export.
func formatFor(tool string) (func(header) (parseFunc, error), bool) {
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
