package auth

import (
	"time"

	"github.com/timestreak/timestreak/internal/civil"
)

// LocalToday is the user's local date at now.
func LocalToday(now time.Time, u *User) string {
	return civil.Of(now, civil.Zone(u.Timezone))
}
