package tracking

import (
	"sync"
	"time"
)

const dateLayout = "2006-01-02"

var locations sync.Map // IANA name -> *time.Location; loading reads the zoneinfo file

// Location loads an IANA time zone, cached. "Local", "" and the zoneinfo
// files that are not zones (posixrules, localtime, Factory: whether they
// load depends on the host) are refused, so a user's zone never depends on
// the server's.
func Location(name string) (*time.Location, error) {
	if v, ok := locations.Load(name); ok {
		return v.(*time.Location), nil
	}
	if name == "" || name == "Local" || name == "Factory" || name[0] < 'A' || name[0] > 'Z' {
		return nil, errBadZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, errBadZone
	}
	locations.Store(name, loc)
	return loc, nil
}

var errBadZone = Invalid("timezone", "must be an IANA time zone such as Europe/Berlin")

// ParseDate parses a strict YYYY-MM-DD civil date.
func ParseDate(s string) (time.Time, bool) {
	if len(s) != 10 {
		return time.Time{}, false
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// AddDays moves a valid civil date by n days.
func AddDays(date string, n int) string {
	t, _ := time.Parse(dateLayout, date)
	return t.AddDate(0, 0, n).Format(dateLayout)
}

// LocalToday is the user's local date at now.
func LocalToday(now time.Time, u *User) string {
	loc, err := Location(u.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return now.In(loc).Format(dateLayout)
}
