// Package importer reads the CSV exports of other time trackers (Toggl
// Track, Clockify, Kimai, Harvest) and hands their rows to tracking, which
// writes them as imported entries.
package importer

import (
	"context"
	"io"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
)

// DateOrder says how to read a date such as 03/04/2024, where the day and
// the month could be either way round. It is never guessed: a row whose day
// is over 12 settles it for the whole file (see survey).
type DateOrder string

// Date orders.
const (
	DMY DateOrder = "dmy"
	MDY DateOrder = "mdy"
)

// Options tune one import.
type Options struct {
	// DateOrder reads slashed dates; "" takes the order the file's own
	// dates settle, and refuses a file whose dates could all be either way.
	DateOrder DateOrder
	// Year is the year of dates written without one (26.01., Kimai 1's
	// default date format); 0 refuses a file that has them.
	Year   int
	DryRun bool
	// MatchNames matches a row to its user by name when its email does not
	// (or it has none), and only a name exactly one active user has
	// (--match-names, match=names); by default people are matched by
	// email only.
	MatchNames bool
}

// Tools lists the exports this package reads.
func Tools() []string { return []string{"toggl", "clockify", "kimai", "harvest"} }

// Known tells whether tool is one of Tools.
func Known(tool string) bool {
	_, ok := formatFor(tool)
	return ok
}

// ParseDateOrder reads a date order option; "" is no order.
func ParseDateOrder(s string) (DateOrder, error) {
	switch DateOrder(s) {
	case "", DMY, MDY:
		return DateOrder(s), nil
	}
	return "", valid.Invalid("date_order", "must be dmy or mdy")
}

// Run imports one file exported by tool: a dry run reports what the real
// run would do and writes nothing. r is read twice (see NewReader).
func Run(ctx context.Context, tr *tracking.Service, tool string, r io.ReadSeeker, opt Options) (*Report, error) {
	rd, err := NewReader(tool, r, opt)
	if err != nil {
		return nil, err
	}
	rep, err := tr.Import(ctx, rd, tracking.ImportOptions{DryRun: opt.DryRun, MatchNames: opt.MatchNames})
	if err != nil {
		return nil, err
	}
	return &Report{ImportReport: *rep, BillableUnknown: rd.BillableUnknown()}, nil
}
