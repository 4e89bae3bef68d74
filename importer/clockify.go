package importer

import "github.com/timestreak/timestreak/internal/valid"

// clockify reads a Clockify detailed report export:
//
//	Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)
//
// Workspaces that call tasks activities export Activity instead of Task; a
// workspace without clients has no Client column; paid plans add columns
// (Group, rates, approval, custom fields), which are ignored. Export →
// Customize can leave out any column: without either duration, the time
// from Start Date and Start Time to End Date and End Time is the duration.
// Times are 24-hour (13:00:00) or 12-hour (01:00:00 PM), as the workspace
// shows them.
func clockify(h header) (format, error) {
	c := columns{email: h.col("email"), user: h.col("user"), client: h.col("client"),
		project: h.col("project"), task: h.col("task", "activity"), desc: h.col("description"), billable: h.col("billable"),
		date: h.col("start date"), start: h.col("start time")}
	endDate, end := h.col("end date"), h.col("end time")
	clock, dec := h.col("duration (h)"), h.col("duration (decimal)")
	span := clock < 0 && dec < 0
	switch {
	case c.date < 0:
		return format{}, missing("Clockify", `"Start Date"`)
	case span && (c.start < 0 || end < 0):
		return format{}, valid.Invalid("file", `a Clockify export needs a "Duration (h)" or "Duration (decimal)" column, `+
			`or "Start Time" and "End Time" to count it from; the header has neither`)
	case c.user < 0 && c.email < 0:
		return format{}, missing("Clockify", `"Email"`, `"User"`)
	}
	parse := func(f []string, o Options) (Row, error) {
		r, err := c.row(f, o)
		if err != nil {
			return r, err
		}
		switch {
		case clock >= 0:
			r.Minutes, err = parseClock(field(f, clock))
		case dec >= 0:
			r.Minutes, err = parseHours(field(f, dec))
		default:
			r.Minutes, err = clockifySpan(f, r.Date, c.start, endDate, end, o)
		}
		return r, err
	}
	return format{parse: parse, dates: []int{c.date, endDate}}, nil
}

// clockifySpan is a customised export's duration: from the start to the
// end date and time.
func clockifySpan(f []string, date string, start, endDate, end int, o Options) (int, error) {
	var to string
	if s := field(f, endDate); s != "" {
		var err error
		if to, err = parseDate(s, o); err != nil {
			return 0, err
		}
	}
	return spanMinutes(date, field(f, start), to, field(f, end))
}
