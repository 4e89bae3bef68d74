package valid

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextProblem says what makes s unstorable text, or "": PostgreSQL stores
// neither NUL bytes nor invalid UTF-8, so neither database may get them.
func TextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8 text"
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "must not contain NUL bytes"
	}
	return ""
}

// NameProblem says what makes s unfit for a name, or "": beyond
// TextProblem, names carry no control characters and no invisible format
// characters (Unicode category Cf: bidi overrides and isolates, zero-width
// spaces and joiners, the byte-order mark, soft hyphens) and no line or
// paragraph separators, so that two names that look the same are the same.
func NameProblem(s string) string {
	if p := TextProblem(s); p != "" {
		return p
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cc, r):
			return fmt.Sprintf("must not contain control characters (U+%04X)", r)
		case unicode.Is(unicode.Cf, r):
			return fmt.Sprintf("must not contain invisible or direction-changing characters (U+%04X)", r)
		case unicode.In(r, unicode.Zl, unicode.Zp):
			return fmt.Sprintf("must not contain line or paragraph separators (U+%04X)", r)
		}
	}
	return ""
}

// Longer reports whether s has more than limit characters.
func Longer(s string, limit int) bool { return utf8.RuneCountInString(s) > limit }

// Name trims s and checks it as a name of 1 to limit characters; the
// error names field.
func Name(field, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	if p := NameProblem(s); p != "" {
		return s, Invalid(field, "%s", p)
	}
	if s == "" || Longer(s, limit) {
		return s, Invalid(field, "must be 1 to %d characters", limit)
	}
	return s, nil
}

// Text checks free text (a note, a search, a key, a reference) of at most
// limit characters: any valid text but NUL; limit 0 is no limit.
func Text(field, s string, limit int) error {
	if p := TextProblem(s); p != "" {
		return Invalid(field, "%s", p)
	}
	if limit > 0 && Longer(s, limit) {
		return Invalid(field, "must be at most %d characters", limit)
	}
	return nil
}

// Note checks an entry's or a timer's note.
func Note(field, s string) error { return Text(field, s, MaxNoteChars) }

// CleanName makes a name from elsewhere (a ClickUp task or list) fit the
// name rules rather than refusing it: invalid UTF-8 and format characters
// are dropped, control characters become spaces, and the ends are trimmed.
// Lengths are the caller's to cut (Clip).
func CleanName(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Cc, r):
			return ' '
		case unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// Clip trims s and cuts it to at most limit characters.
func Clip(s string, limit int) string {
	s = strings.TrimSpace(s)
	n := 0
	for i := range s {
		if n == limit {
			return strings.TrimSpace(s[:i])
		}
		n++
	}
	return s
}
