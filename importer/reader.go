package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
)

// Reader streams the rows of one export, one record at a time.
type Reader struct {
	tool  string
	opt   Options
	cr    *csv.Reader
	parse parseFunc
	cols  int
	seen  map[[32]byte]int

	billableUnknown int
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// NewReader reads the header of a tool's export: columns are found by
// name, a UTF-8 byte order mark is dropped, and the separator is a comma or
// a semicolon, whichever the header line uses. It then reads the whole
// file once (survey) and rewinds to where r was, so that what only the
// file as a whole tells is known before the first row.
func NewReader(tool string, r io.ReadSeeker, opt Options) (*Reader, error) {
	setup, ok := formatFor(tool)
	if !ok {
		return nil, valid.Invalid("tool", "must be one of %s", strings.Join(Tools(), ", "))
	}
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	cr, names, err := open(r)
	if err != nil {
		return nil, err
	}
	f, err := setup(newHeader(names))
	if err != nil {
		return nil, err
	}
	if opt.DateOrder, err = survey(cr, len(names), f, opt); err != nil {
		return nil, err
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return nil, err
	}
	if cr, _, err = open(r); err != nil {
		return nil, err
	}
	return &Reader{tool: tool, opt: opt, cr: cr, parse: f.parse, cols: len(names), seen: map[[32]byte]int{}}, nil
}

// open starts reading a CSV file and reads its header line.
func open(r io.Reader) (*csv.Reader, []string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, bom) {
		br.Discard(3)
	}
	first, _ := br.Peek(64 << 10)
	cr := csv.NewReader(br)
	cr.Comma = separator(first)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	names, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, valid.Invalid("file", "is empty: a CSV export starts with its header line")
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, nil, valid.Invalid("file", "the header line cannot be read: %v", err)
	}
	if err != nil {
		return nil, nil, err // the upload itself failed (too large, cut off)
	}
	return cr, slices.Clone(names), nil
}

// BillableUnknown counts the rows read so far whose billable value is
// neither a yes nor a no in a language this package reads; they are read
// as not billable.
func (r *Reader) BillableUnknown() int { return r.billableUnknown }

// separator is ';' when the header line has more semicolons than commas
// outside quotes, else ','.
func separator(b []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return pick(commas, semis)
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	return pick(commas, semis)
}

func pick(commas, semis int) rune {
	if semis > commas {
		return ';'
	}
	return ','
}

// Next returns the next row; a row that cannot be read comes back with its
// Problem set. io.EOF ends the file.
func (r *Reader) Next() (tracking.ImportRow, error) {
	for {
		rec, err := r.cr.Read()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return tracking.ImportRow{Line: pe.StartLine, Problem: "not valid CSV: " + pe.Err.Error()}, nil
		}
		if err != nil {
			return tracking.ImportRow{}, err
		}
		line, _ := r.cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != r.cols {
			return tracking.ImportRow{Line: line, Problem: fmt.Sprintf("has %d columns; the header has %d", len(rec), r.cols)}, nil
		}
		row, err := r.parse(rec, r.opt)
		if errors.Is(err, errDateOrder) {
			return tracking.ImportRow{}, valid.Invalid("date_order",
				"line %d has a date whose day and month could be either way round: give the order, dmy or mdy", line)
		}
		if err != nil {
			return tracking.ImportRow{Line: line, Problem: err.Error()}, nil
		}
		// A note longer than an entry keeps fails its row here, before it
		// is held in a batch.
		if n := utf8.RuneCountInString(row.Description); n > valid.MaxNoteChars {
			return tracking.ImportRow{Line: line, Problem: fmt.Sprintf("note of %d characters; an entry keeps at most %d", n, valid.MaxNoteChars)}, nil
		}
		if row.billableUnknown {
			r.billableUnknown++
		}
		return r.row(line, row), nil
	}
}

func (r *Reader) row(line int, row Row) tracking.ImportRow {
	key := row.hash(r.tool, 0)
	var k [32]byte
	copy(k[:], key)
	n := r.seen[k]
	r.seen[k] = n + 1
	if n > 0 {
		key = row.hash(r.tool, n)
	}
	return tracking.ImportRow{Line: line, Email: row.Email, UserName: firstOf(row.Name, row.User), Project: row.Project, Task: row.Task,
		Note: row.Description, Date: row.Date, Minutes: row.Minutes, Billable: row.Billable, Hash: key}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// missing is a header without a column the format needs.
func missing(tool string, names ...string) error {
	return valid.Invalid("file", "a %s export needs a %s column; the header has none", tool, strings.Join(names, " or "))
}
