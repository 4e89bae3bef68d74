package importer

// kimai reads a Kimai timesheet export. Kimai 2 writes
//
//	Date,From,To,Duration,Currency,Rate,Internal rate,Hourly rate,Fixed rate,Name,User,Email,Customer,Project,Activity,Description,Exported,Billable,Tags,Type,Category
//
// with the duration in decimal hours; Kimai 1 writes
//
//	Date,In,Out,Duration,Customer,Project,Activity,Description,Comment,Username,Billable
//
// with the duration in seconds. The In and Out columns tell the two apart.
func kimai(h header) (parseFunc, error) {
	v1 := h.col("in") >= 0 && h.col("out") >= 0
	user, email := h.col("user", "username", "name"), h.col("email", "e-mail")
	client, project, task := h.col("customer"), h.col("project"), h.col("activity")
	desc, billable := h.col("description"), h.col("billable")
	date, start, dur := h.col("date"), h.col("from", "in"), h.col("duration")
	if desc < 0 {
		desc = h.col("comment")
	}
	switch {
	case date < 0:
		return nil, missing("Kimai", `"Date"`)
	case dur < 0:
		return nil, missing("Kimai", `"Duration"`)
	case user < 0 && email < 0:
		return nil, missing("Kimai", `"Email"`, `"User"`)
	}
	return func(f []string, o Options) (Row, error) {
		r := Row{Email: field(f, email), User: field(f, user), Client: field(f, client), Project: field(f, project),
			Task: field(f, task), Description: field(f, desc), Start: field(f, start), Billable: yes(field(f, billable))}
		var err error
		if r.Date, err = parseDate(field(f, date), o.DateOrder); err != nil {
			return r, err
		}
		if v1 {
			r.Minutes, err = parseSeconds(field(f, dur))
		} else {
			r.Minutes, err = parseHours(field(f, dur))
		}
		return r, err
	}, nil
}
