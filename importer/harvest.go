package importer

import "strings"

// harvest reads a Harvest detailed time report export:
//
//	Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL
//
// Hours are decimal, with the account's decimal mark (7.5 or 7,5). Harvest
// exports no email: people are matched by first and last name.
func harvest(h header) (format, error) {
	first, last, email := h.col("first name"), h.col("last name"), h.col("email")
	client, project, task := h.col("client"), h.col("project"), h.col("task")
	notes, billable := h.col("notes"), h.col("billable?", "billable")
	date, hours := h.col("date", "spent date"), h.col("hours")
	switch {
	case date < 0:
		return format{}, missing("Harvest", `"Date"`)
	case hours < 0:
		return format{}, missing("Harvest", `"Hours"`)
	case first < 0 && last < 0 && email < 0:
		return format{}, missing("Harvest", `"First Name"`, `"Last Name"`)
	}
	parse := func(f []string, o Options) (Row, error) {
		name := strings.TrimSpace(field(f, first) + " " + field(f, last))
		r := Row{Email: field(f, email), User: name, Client: field(f, client), Project: field(f, project),
			Task: field(f, task), Description: field(f, notes)}
		r.setBillable(field(f, billable))
		var err error
		if r.Date, err = parseDate(field(f, date), o); err != nil {
			return r, err
		}
		r.Minutes, err = parseHours(field(f, hours))
		return r, err
	}
	return format{parse: parse, dates: []int{date}}, nil
}
