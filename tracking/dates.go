package tracking

import (
	"time"

	"github.com/timestreak/timestreak/internal/civil"
)

// Location loads an IANA time zone (civil.Location); a name that is not
// one is the timezone field's validation error.
func Location(name string) (*time.Location, error) {
	loc, err := civil.Location(name)
	if err != nil {
		return nil, errBadZone
	}
	return loc, nil
}

var errBadZone = Invalid("timezone", "must be an IANA time zone such as Europe/Berlin")

// LocalToday is the user's local date at now.
func LocalToday(now time.Time, u *User) string {
	return civil.Of(now, civil.Zone(u.Timezone))
}
