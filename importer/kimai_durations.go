package importer

import (
	"math"
	"strconv"
	"strings"
)

// kimaiDurations tells the unit of a Kimai 2 Duration column from the whole
// file, since the header is the same in every version: up to 2.25 a CSV
// export writes seconds (400), 2.28 to 2.34 decimal hours (0.11), 2.35 on
// h:mm (0:06) or, for people who chose decimal, decimal hours again.
// Decimal hours are written as numbers, so a whole hour is 2, not 2.00.
//
// The rule: one value with a decimal mark or a colon makes the column
// hours (h:mm reads as h:mm whatever the unit). A column of whole numbers
// only is seconds or whole hours: where the From and To times are there,
// the reading that lies closer to them over all rows wins (5400 beside
// 09:00–10:30 is seconds, 8 beside 09:00–17:00 is hours); without them, a
// value over 24 makes it seconds, since an entry is at most a day and a
// file of entries under 25 seconds each is no timesheet.
type kimaiDurations struct {
	col, from, to int // columns; from and to may be -1

	marked      bool    // a value with a decimal mark or a colon
	max         int     // the largest whole number
	compared    int     // rows whose From and To could be read
	offSeconds  float64 // minutes between From–To and the values as seconds
	offHours    float64 // and as hours
	wholeIsSecs bool    // the decision, once settled
}

// see looks at one record.
func (k *kimaiDurations) see(f []string) {
	v := field(f, k.col)
	if v == "" || k.marked {
		return
	}
	if strings.ContainsAny(v, ".,:") {
		k.marked = true
		return
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return // a row error later
	}
	k.max = max(k.max, n)
	from, errFrom := parseTimeOfDay(field(f, k.from))
	to, errTo := parseTimeOfDay(field(f, k.to))
	if k.from < 0 || k.to < 0 || errFrom != nil || errTo != nil {
		return
	}
	span := float64((to-from+86400)%86400) / 60 // minutes; an end before the start is the next day
	k.compared++
	k.offSeconds += math.Abs(float64(n)/60 - span)
	k.offHours += math.Abs(float64(n)*60 - span)
}

// settle decides the unit of whole numbers after the last record.
func (k *kimaiDurations) settle() {
	switch {
	case k.marked:
		k.wholeIsSecs = false
	case k.compared > 0:
		k.wholeIsSecs = k.offSeconds < k.offHours
	default:
		k.wholeIsSecs = k.max > 24
	}
}

// minutes reads one duration in the settled unit.
func (k *kimaiDurations) minutes(s string) (int, error) {
	if k.wholeIsSecs {
		return parseSeconds(s)
	}
	return parseHours(s)
}
