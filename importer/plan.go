package importer

import (
	"fmt"
	"io"
)

// WritePlan prints a report for people: what was (or, in a dry run, would
// be) created, and every row that cannot be imported.
func WritePlan(w io.Writer, rep *Report) {
	verb := "created"
	if rep.DryRun {
		verb = "would create"
		fmt.Fprintln(w, "dry run: nothing was written")
	}
	fmt.Fprintf(w, "%s %d entries; %d already imported, skipped\n", verb, rep.EntriesCreated, rep.EntriesSkippedDuplicate)
	for _, u := range rep.Users {
		fmt.Fprintf(w, "  %s <%s>: %d entries, %d minutes\n", u.Name, u.Email, u.Entries, u.Minutes)
	}
	for _, p := range rep.ProjectsCreated {
		fmt.Fprintf(w, "%s project %s\n", verb, p)
	}
	for _, t := range rep.TasksCreated {
		fmt.Fprintf(w, "%s task %s\n", verb, t)
	}
	if rep.BillableUnknown > 0 {
		fmt.Fprintf(w, "%d rows have a billable value that is neither a yes nor a no: read as not billable\n", rep.BillableUnknown)
	}
	if len(rep.Errors) > 0 {
		fmt.Fprintf(w, "%d rows cannot be imported:\n", len(rep.Errors))
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(w, "  line %d: %s\n", e.Line, e.Reason)
	}
}
