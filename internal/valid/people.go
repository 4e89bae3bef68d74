package valid

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Roles: a user is an admin or a member of the organisation; in a team, a
// member or a lead.
const (
	RoleAdmin  = "admin"
	RoleMember = "member"
	RoleLead   = "lead"
)

// Personal token scopes: read, write, admin.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
	ScopeAdmin = "admin"
)

// UserRole checks a user's role in the organisation.
func UserRole(field, s string) error { return oneOf(field, s, RoleAdmin, RoleMember) }

// TeamRole checks a member's role in a team.
func TeamRole(field, s string) error { return oneOf(field, s, RoleMember, RoleLead) }

// TokenScope checks a personal token's scope.
func TokenScope(field, s string) error { return oneOf(field, s, ScopeRead, ScopeWrite, ScopeAdmin) }

// oneOf refuses s unless it is one of allowed: "must be a, b or c".
func oneOf(field, s string, allowed ...string) error {
	if slices.Contains(allowed, s) {
		return nil
	}
	last := len(allowed) - 1
	return Invalid(field, "must be %s or %s", strings.Join(allowed[:last], ", "), allowed[last])
}

var reminderPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// ReminderTime checks a reminder's time of day: HH:MM on the 24-hour
// clock.
func ReminderTime(field, s string) error {
	if !reminderPattern.MatchString(s) {
		return Invalid(field, "must be HH:MM (24-hour) or null")
	}
	return nil
}

// dayNames are the workdays' names, Monday to Sunday.
var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// DayName is a weekday's name as workdays are written: "mon" to "sun".
func DayName(d time.Weekday) string { return dayNames[(int(d)+6)%7] }

// Workdays checks day names, each at most once, and returns them
// comma-joined in Monday-to-Sunday order (as a user's workdays are
// stored).
func Workdays(field string, names []string) (string, error) {
	seen := map[string]bool{}
	for _, n := range names {
		if !slices.Contains(dayNames, n) {
			return "", Invalid(field, "must be day names: %s", strings.Join(dayNames, ", "))
		}
		if seen[n] {
			return "", Invalid(field, "must not repeat a day")
		}
		seen[n] = true
	}
	out := []string{}
	for _, d := range dayNames {
		if seen[d] {
			out = append(out, d)
		}
	}
	return strings.Join(out, ","), nil
}
