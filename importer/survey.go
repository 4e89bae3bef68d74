package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/timestreak/timestreak/internal/valid"
)

// sample is one cell the survey found telling, and where.
type sample struct {
	line  int
	value string
}

// survey reads every record once before the first row is parsed, for what
// no single row can tell: whether 03/04/2026 is day or month first, and
// whether dates without a year have one to take (and the format's own
// questions, format.survey). A file that answers them against itself or
// against the options is refused whole, before anything is stored: a
// wrong answer would put every row on the wrong day, silently.
//
// The day and month order: a slashed date whose first number is over 12
// (21/01/2026) can only be day first, one whose second is (01/21/2026)
// only month first. One such row settles the order for the file, and a
// given order it contradicts refuses the file; so do rows that contradict
// each other. Only when no row settles it and some row could be either way
// (03/04/2026; 05/05/2026 reads the same both ways) must the order be given.
// It returns the order to read the file in.
func survey(cr *csv.Reader, cols int, f format, opt Options) (DateOrder, error) {
	var dmy, mdy, either, noYear *sample
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			continue // the row reports it
		}
		if err != nil {
			return "", err
		}
		if len(rec) != cols || blank(rec) {
			continue // the row reports it, or is skipped
		}
		line, _ := cr.FieldPos(0)
		for _, i := range f.dates {
			v := field(rec, i)
			if form, _ := dateParts(v); form == formNoYear && noYear == nil {
				noYear = &sample{line, v}
			}
			order, ok := orderOf(v)
			switch {
			case !ok:
			case order == DMY && dmy == nil:
				dmy = &sample{line, v}
			case order == MDY && mdy == nil:
				mdy = &sample{line, v}
			case order == "" && either == nil:
				either = &sample{line, v}
			}
		}
		if f.survey != nil {
			f.survey(rec)
		}
	}
	if f.settle != nil {
		f.settle()
	}
	if noYear != nil && opt.Year == 0 {
		return "", valid.Invalid("file", "line %d has the date %s, which has no year (Kimai 1's default date format, %%d.%%m.): "+
			"give the year (year=YYYY in the API, --year on the command line) or export again with the date format %%d.%%m.%%Y; nothing was imported", noYear.line, noYear.value)
	}
	return dateOrder(opt.DateOrder, dmy, mdy, either)
}

// dateOrder settles the order from the first row that can only be day
// first, the first that can only be month first, and the first that could
// be either.
func dateOrder(given DateOrder, dmy, mdy, either *sample) (DateOrder, error) {
	proof := map[DateOrder]*sample{DMY: dmy, MDY: mdy}
	switch {
	case given != "":
		other := DMY
		if given == DMY {
			other = MDY
		}
		if p := proof[other]; p != nil {
			return "", valid.Invalid("date_order", "is %s, but line %d has the date %s, which can only be %s: "+
				"the file is refused and nothing was imported", given, p.line, p.value, firstOrder(other))
		}
		return given, nil
	case dmy != nil && mdy != nil:
		return "", valid.Invalid("file", "line %d has the date %s, which can only be %s, and line %d has %s, which can only be %s: "+
			"the dates contradict each other, so nothing was imported", dmy.line, dmy.value, firstOrder(DMY),
			mdy.line, mdy.value, firstOrder(MDY))
	case dmy != nil:
		return DMY, nil
	case mdy != nil:
		return MDY, nil
	case either != nil:
		return "", valid.Invalid("date_order", "line %d has the date %s, whose day and month could be either way round, "+
			"and no line settles it (a day over 12): give the order, dmy or mdy", either.line, either.value)
	}
	return "", nil
}

// firstOrder says an order in words.
func firstOrder(o DateOrder) string {
	if o == DMY {
		return fmt.Sprintf("day first (%s)", DMY)
	}
	return fmt.Sprintf("month first (%s)", MDY)
}
