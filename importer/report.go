package importer

import "github.com/timestreak/timestreak/tracking"

// Report is what an import did, or would do in a dry run: tracking's
// report, and what only the file's reader knows.
type Report struct {
	tracking.ImportReport
	// BillableUnknown counts the rows whose billable value is neither a
	// yes nor a no in a language this package reads (readBillable); they
	// are imported as not billable.
	BillableUnknown int `json:"billable_unknown"`
}
