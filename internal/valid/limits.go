// Package valid is the one home of the rules input must keep before it is
// stored (PRODUCT.md §7 "Text"): every limit (lengths count characters,
// not bytes), the text and name rules, email, password, time zone, colour,
// minutes and dates, roles, token scopes, workdays and the reminder's time,
// and the validation error with its field names. The
// API, the importer, the CLI, the adapters and tracking call it, and a
// frontend test holds the web app's maxlength/min/max to these limits. It
// sits beneath every other package: it imports internal/civil and the
// standard library only.
package valid

// Lengths of text, in characters (runes).
const (
	MaxNameChars         = 200  // user, team and project names
	MaxTaskNameChars     = 300  // task names
	MaxTokenNameChars    = 100  // API token names
	MaxNoteChars         = 2000 // entry and timer notes
	MaxEmailChars        = 320
	MaxSearchChars       = 200 // a search's text
	MaxKeyChars          = 200 // an Idempotency-Key, an external reference, an invite code, a push key
	MaxCodeChars         = 100 // a one-time link code (Slack)
	MaxProviderNameChars = 60  // the sign-in provider's name on its button
	MaxZoneChars         = 64  // an IANA time zone name
	MaxURLChars          = 2000
	MaxErrorChars        = 500 // an error kept for an admin to read (ClickUp's)
	MaxClickUpTokenChars = 500 // a ClickUp personal token
	MinPasswordChars     = 8
	MaxPasswordChars     = 128
)

// Numbers.
const (
	MaxDayMinutes = 1440 // minutes on one date: an entry, a day's total, a daily target
	MaxTokenDays  = 365  // the longest life of an API token
)
