package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/timestreak/timestreak/importer"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/internal/valid"
)

const importUsage = "usage: timestreak import --from toggl|clockify|kimai|harvest [--dry-run] [--match-names] [--date-order dmy|mdy] [--year YYYY] [--json] [flags] FILE"

// importCmd imports one export file of another time tracker; FILE comes
// last.
func importCmd(args []string, stdout, stderr io.Writer) error {
	var from, order string
	var dryRun, asJSON, matchNames bool
	var year int
	c, rest, err := parseArgs("import", args, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "the tool that wrote FILE: "+strings.Join(importer.Tools(), ", "))
		fs.BoolVar(&dryRun, "dry-run", false, "report what would be imported and write nothing")
		fs.StringVar(&order, "date-order", "", "how to read dates like 03/04/2024: dmy or mdy")
		fs.IntVar(&year, "year", 0, "the year of dates written without one (Kimai 1's default 26.01.)")
		fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
		fs.BoolVar(&matchNames, "match-names", false, "match a row whose email finds nobody by name, when exactly one active user has it")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{errors.New(importUsage)}
	}
	file := rest[0]
	if !importer.Known(from) {
		return fmt.Errorf("--from must be one of %s; %s", strings.Join(importer.Tools(), ", "), importUsage)
	}
	dateOrder, err := importer.ParseDateOrder(order)
	if err != nil {
		return errors.New("--date-order must be dmy or mdy")
	}
	if year != 0 && (year < 1970 || year > 9999) {
		return usageError{errors.New("--year must be a year from 1970 to 9999")}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var rep *importer.Report
	err = withApp(c, stderr, func(ctx context.Context, a *app.App) (err error) {
		rep, err = importer.Run(ctx, a.Tracking, from, f, importer.Options{DateOrder: dateOrder, DryRun: dryRun, MatchNames: matchNames, Year: year})
		return err
	})
	var verr *valid.Error
	if errors.As(err, &verr) {
		return fmt.Errorf("%s: %s", file, verr.Error())
	}
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	importer.WritePlan(stdout, rep)
	return nil
}
