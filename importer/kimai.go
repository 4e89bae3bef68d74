package importer

import (
	"strings"

	"github.com/timestreak/timestreak/internal/valid"
)

// kimai reads a Kimai timesheet export, whose column names are in the
// exporting person's language (kimai_words.go). Kimai 2 writes
//
//	Date,From,To,Duration,Currency,Price,Internal price,Hourly price,Fixed price,Name,User,E-mail,Staff number,Customer,Project,Activity,Description,Billable,Tags,…
//
// (E-mail since 2.37, Name since 2.35 and up to 2.25, where User is the
// login name; in 2.28 to 2.34 User is the display name) with ISO dates and
// a duration whose unit changed between versions (see kimaiDurations).
// Kimai 1 writes
//
//	Date,In,Out,h:m,Time,Rate (by hour),EUR,Budget,Approved,Status,Billable,Customer,Project,Activity,Description,Comment,Location,Tracking Number,Username,cleared
//
// (the columns chosen in its export tab) with the duration twice, as h:mm
// and as decimal hours, no email, a billable percentage, and by default
// dates without a year (26.01.), which need Options.Year.
func kimai(h header) (format, error) {
	at := kimaiHeader(h)
	has := func(c kimaiColumn) bool { return at[c] >= 0 }
	switch {
	case !has(kDate):
		return format{}, kimaiMissing(`"Date"`)
	case !has(kDuration) && !has(kClock) && !has(kHours) && !(has(kStart) && has(kEnd)):
		return format{}, kimaiMissing(`"Duration"`, `"h:m"`, `"Time"`)
	case !has(kUser) && !has(kName) && !has(kEmail):
		return format{}, kimaiMissing(`"E-mail"`, `"User"`, `"Name"`)
	}
	durations := &kimaiDurations{col: at[kDuration], from: at[kStart], to: at[kEnd]}
	parse := func(f []string, o Options) (Row, error) {
		get := func(c kimaiColumn) string { return field(f, at[c]) }
		// User is the login name where there is one, as imports before
		// the display name was read kept it in the row hash; people are
		// matched by Name, which is what timestreak knows them by.
		r := Row{Email: get(kEmail), User: firstOf(get(kUser), get(kName)), Name: get(kName), Client: get(kCustomer), Project: get(kProject),
			Task: get(kActivity), Description: firstOf(get(kDescription), get(kComment)), Start: get(kStart)}
		r.setBillable(get(kBillable))
		var err error
		if r.Date, err = parseDate(get(kDate), o); err != nil {
			return r, err
		}
		switch {
		case has(kDuration):
			r.Minutes, err = durations.minutes(get(kDuration))
		case has(kClock):
			r.Minutes, err = parseClock(get(kClock))
		case has(kHours):
			r.Minutes, err = parseHours(get(kHours))
		default:
			r.Minutes, err = spanMinutes(r.Date, get(kStart), "", get(kEnd))
		}
		return r, err
	}
	f := format{parse: parse, dates: []int{at[kDate]}}
	if has(kDuration) {
		f.survey, f.settle = durations.see, durations.settle
	}
	return f, nil
}

// firstOf is the first of values that is not empty.
func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// kimaiMissing is a Kimai header without a column the import needs,
// perhaps because it is in a language not read.
func kimaiMissing(names ...string) error {
	return valid.Invalid("file", "a Kimai export needs a %s column; the header has none (Kimai names its columns "+
		"in the exporting person's language, and these are read: %s)", strings.Join(names, " or "), kimaiLanguages)
}
