package importer

// toggl reads a Toggl Track detailed report export:
//
//	User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()
//
// Older exports say Stop date and Stop time, newer ones Member for User;
// durations are h:mm:ss with or without a leading zero (1:30:00). Billable
// is written in the account's language (Ja, Sí, いいえ).
func toggl(h header) (format, error) {
	c := columns{email: h.col("email"), user: h.col("user", "member", "username"), client: h.col("client"),
		project: h.col("project"), task: h.col("task"), desc: h.col("description"), billable: h.col("billable"),
		date: h.col("start date"), start: h.col("start time")}
	dur, end := h.col("duration"), h.col("end date", "stop date")
	switch {
	case c.date < 0:
		return format{}, missing("Toggl", `"Start date"`)
	case dur < 0:
		return format{}, missing("Toggl", `"Duration"`)
	case c.user < 0 && c.email < 0:
		return format{}, missing("Toggl", `"Email"`, `"User"`)
	}
	parse := func(f []string, o Options) (Row, error) {
		r, err := c.row(f, o)
		if err != nil {
			return r, err
		}
		r.Minutes, err = parseClock(field(f, dur))
		return r, err
	}
	return format{parse: parse, dates: []int{c.date, end}}, nil
}
