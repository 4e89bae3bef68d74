package valid

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/timestreak/timestreak/internal/civil"
)

// NormalizeEmail is an email as it is stored and looked up: trimmed, lower
// case.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Email normalizes an email and checks that it is storable and visibly
// what it says; EmailAddress checks the address form too.
func Email(field, s string) (string, error) {
	if p := NameProblem(s); p != "" { // before lower-casing, which would mend invalid UTF-8
		return s, Invalid(field, "%s", p)
	}
	s = NormalizeEmail(s)
	if Longer(s, MaxEmailChars) {
		return s, Invalid(field, "must be at most %d characters", MaxEmailChars)
	}
	return s, nil
}

// EmailAddress is the email rule: Email, then a bare address (no display
// name, no angle brackets) once normalized.
func EmailAddress(field, s string) (string, error) {
	s, err := Email(field, s)
	if err != nil {
		return s, err
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		return s, Invalid(field, "must be a valid email address")
	}
	return s, nil
}

// Password is the one password rule: registration, a new user, a change
// and a reset.
func Password(field, pw string) error {
	if n := utf8.RuneCountInString(pw); n < MinPasswordChars || n > MaxPasswordChars {
		return Invalid(field, "must be %d to %d characters", MinPasswordChars, MaxPasswordChars)
	}
	return nil
}

// Zone loads an IANA time zone (civil.Location); a name that is not one is
// field's error.
func Zone(field, name string) (*time.Location, error) {
	loc, err := civil.Location(name)
	if err != nil {
		return nil, Invalid(field, "must be an IANA time zone such as Europe/Berlin")
	}
	return loc, nil
}

var colorPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// Color is a colour as #rrggbb, lower-cased.
func Color(field, s string) (string, error) {
	s = strings.ToLower(s)
	if !colorPattern.MatchString(s) {
		return s, Invalid(field, "must be a colour like #4f46e5")
	}
	return s, nil
}

// Minutes checks minutes on one date (an entry, a daily target): 1 to
// MaxDayMinutes.
func Minutes(field string, n int) error {
	if n < 1 || n > MaxDayMinutes {
		return Invalid(field, "must be a whole number from 1 to %d", MaxDayMinutes)
	}
	return nil
}

// Date checks a civil date written YYYY-MM-DD.
func Date(field, s string) error {
	if !civil.Valid(s) {
		return Invalid(field, "must be a date as YYYY-MM-DD")
	}
	return nil
}
