package importer

import "strings"

// harvest reads a Harvest detailed time report export:
//
//	Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL
//
// Hours are decimal, with the account's decimal mark (7.5 or 7,5). Harvest
// exports no email: people are matched by first and last name.
func harvest(h header) (format, error) {
	// No user column: the user is the first and last name.
	c := columns{email: h.col("email"), user: -1, client: h.col("client"),
		project: h.col("project"), task: h.col("task"), desc: h.col("notes"), billable: h.col("billable?", "billable"),
		date: h.col("date", "spent date"), start: -1}
	first, last, hours := h.col("first name"), h.col("last name"), h.col("hours")
	switch {
	case c.date < 0:
		return format{}, missing("Harvest", `"Date"`)
	case hours < 0:
		return format{}, missing("Harvest", `"Hours"`)
	case first < 0 && last < 0 && c.email < 0:
		return format{}, missing("Harvest", `"First Name"`, `"Last Name"`)
	}
	parse := func(f []string, o Options) (Row, error) {
		r, err := c.row(f, o)
		r.User = strings.TrimSpace(field(f, first) + " " + field(f, last))
		if err != nil {
			return r, err
		}
		r.Minutes, err = parseHours(field(f, hours))
		return r, err
	}
	return format{parse: parse, dates: []int{c.date}}, nil
}
