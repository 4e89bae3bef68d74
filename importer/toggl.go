package importer

// toggl reads a Toggl Track detailed report export:
//
//	User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()
//
// Older exports say Stop date and Stop time, newer ones Member for User;
// durations are h:mm:ss with or without a leading zero (1:30:00). Billable
// is written in the account's language (Ja, Sí, いいえ).
func toggl(h header) (format, error) {
	user, email := h.col("user", "member", "username"), h.col("email")
	client, project, task := h.col("client"), h.col("project"), h.col("task")
	desc, billable := h.col("description"), h.col("billable")
	date, start, dur := h.col("start date"), h.col("start time"), h.col("duration")
	end := h.col("end date", "stop date")
	switch {
	case date < 0:
		return format{}, missing("Toggl", `"Start date"`)
	case dur < 0:
		return format{}, missing("Toggl", `"Duration"`)
	case user < 0 && email < 0:
		return format{}, missing("Toggl", `"Email"`, `"User"`)
	}
	parse := func(f []string, o Options) (Row, error) {
		r := Row{Email: field(f, email), User: field(f, user), Client: field(f, client), Project: field(f, project),
			Task: field(f, task), Description: field(f, desc), Start: field(f, start)}
		r.setBillable(field(f, billable))
		var err error
		if r.Date, err = parseDate(field(f, date), o); err != nil {
			return r, err
		}
		r.Minutes, err = parseClock(field(f, dur))
		return r, err
	}
	return format{parse: parse, dates: []int{date, end}}, nil
}
