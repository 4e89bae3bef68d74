package importer

// clockify reads a Clockify detailed report export:
//
//	Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)
//
// Workspaces that call tasks activities export Activity instead of Task; a
// workspace without clients has no Client column; paid plans add columns
// (Group, rates, approval, custom fields), which are ignored.
func clockify(h header) (parseFunc, error) {
	user, email := h.col("user"), h.col("email")
	client, project, task := h.col("client"), h.col("project"), h.col("task", "activity")
	desc, billable := h.col("description"), h.col("billable")
	date, start := h.col("start date"), h.col("start time")
	clock, dec := h.col("duration (h)"), h.col("duration (decimal)")
	switch {
	case date < 0:
		return nil, missing("Clockify", `"Start Date"`)
	case clock < 0 && dec < 0:
		return nil, missing("Clockify", `"Duration (h)"`, `"Duration (decimal)"`)
	case user < 0 && email < 0:
		return nil, missing("Clockify", `"Email"`, `"User"`)
	}
	return func(f []string, o Options) (Row, error) {
		r := Row{Email: field(f, email), User: field(f, user), Client: field(f, client), Project: field(f, project),
			Task: field(f, task), Description: field(f, desc), Start: field(f, start), Billable: yes(field(f, billable))}
		var err error
		if r.Date, err = parseDate(field(f, date), o.DateOrder); err != nil {
			return r, err
		}
		if clock >= 0 {
			r.Minutes, err = parseClock(field(f, clock))
		} else {
			r.Minutes, err = parseHours(field(f, dec))
		}
		return r, err
	}, nil
}
