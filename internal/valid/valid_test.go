package valid

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// message is err's one field message, or "" for nil; it fails on any other
// error or on a field other than want.
func message(t *testing.T, err error, field string) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var v *Error
	if !errors.As(err, &v) || len(v.Fields) != 1 || v.Fields[0].Field != field {
		t.Fatalf("error %v is not one error of field %q", err, field)
	}
	return v.Fields[0].Message
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		in, want, msg string
		limit         int
	}{
		{"  Ana  ", "Ana", "", 200},
		{"Ana Lúcia Ødegård", "Ana Lúcia Ødegård", "", 200},
		{"", "", "must be 1 to 200 characters", 200},
		{"   ", "", "must be 1 to 200 characters", 200},
		{strings.Repeat("é", 200), strings.Repeat("é", 200), "", 200}, // 400 bytes, 200 characters
		{strings.Repeat("é", 201), strings.Repeat("é", 201), "must be 1 to 200 characters", 200},
		{strings.Repeat("x", 300), strings.Repeat("x", 300), "", MaxTaskNameChars},
		{"Ana\u2028Admin", "Ana\u2028Admin", "must not contain line or paragraph separators (U+2028)", 200},
		{"Ana\u2029Admin", "Ana\u2029Admin", "must not contain line or paragraph separators (U+2029)", 200},
		{"Ana\u202eAdmin", "Ana\u202eAdmin", "must not contain invisible or direction-changing characters (U+202E)", 200},
		{"Ana\u200bAdmin", "Ana\u200bAdmin", "must not contain invisible or direction-changing characters (U+200B)", 200},
		{"Ana\aAdmin", "Ana\aAdmin", "must not contain control characters (U+0007)", 200},
		{"Ana\x00", "Ana\x00", "must not contain NUL bytes", 200},
		{"Ana\xff", "Ana\xff", "must be valid UTF-8 text", 200},
	} {
		got, err := Name("name", tc.in, tc.limit)
		if got != tc.want || message(t, err, "name") != tc.msg {
			t.Errorf("Name(%q, %d) = %q, %v; want %q, %q", tc.in, tc.limit, got, err, tc.want, tc.msg)
		}
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int
		msg   string
	}{
		{"", 10, ""},
		{"line one\nline two\t", 0, ""},
		{strings.Repeat("€", 2000), MaxNoteChars, ""}, // 6,000 bytes
		{strings.Repeat("€", 2001), MaxNoteChars, "must be at most 2000 characters"},
		{strings.Repeat("x", 1e5), 0, ""},
		{"a\x00b", 0, "must not contain NUL bytes"},
		{"\xc3", 0, "must be valid UTF-8 text"},
	} {
		if got := message(t, Text("note", tc.in, tc.limit), "note"); got != tc.msg {
			t.Errorf("Text(%.20q, %d) = %q, want %q", tc.in, tc.limit, got, tc.msg)
		}
	}
	if got := message(t, Note("note", strings.Repeat("n", MaxNoteChars+1)), "note"); got == "" {
		t.Error("Note took a note past the limit")
	}
}

func TestEmail(t *testing.T) {
	long := strings.Repeat("a", 310) + "@example.com" // 322 characters
	for _, tc := range []struct {
		in, want, msg, addressMsg string
	}{
		{" Ana@Example.COM ", "ana@example.com", "", ""},
		{"ana", "ana", "", "must be a valid email address"},
		{"Ana <ana@example.com>", "ana <ana@example.com>", "", "must be a valid email address"},
		{"ana@example.com\u200b", "ana@example.com\u200b", "must not contain invisible or direction-changing characters (U+200B)", "must not contain invisible or direction-changing characters (U+200B)"},
		{"ana\xff@example.com", "ana\xff@example.com", "must be valid UTF-8 text", "must be valid UTF-8 text"},
		{long, long, "must be at most 320 characters", "must be at most 320 characters"},
	} {
		got, err := Email("email", tc.in)
		if got != tc.want || message(t, err, "email") != tc.msg {
			t.Errorf("Email(%q) = %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.msg)
		}
		_, err = EmailAddress("email", tc.in)
		if got := message(t, err, "email"); got != tc.addressMsg {
			t.Errorf("EmailAddress(%q) = %q, want %q", tc.in, got, tc.addressMsg)
		}
	}
}

func TestPassword(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", false},
		{"1234567", false},
		{"12345678", true},
		{"ééééééé", false}, // 14 bytes, 7 characters
		{strings.Repeat("p", 128), true},
		{strings.Repeat("ü", 128), true}, // 256 bytes
		{strings.Repeat("p", 129), false},
	} {
		msg := message(t, Password("password", tc.in), "password")
		if (msg == "") != tc.ok || (msg != "" && msg != "must be 8 to 128 characters") {
			t.Errorf("Password(%q) = %q, want ok %v", tc.in, msg, tc.ok)
		}
	}
}

func TestZone(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"UTC", true}, {"Europe/Berlin", true}, {"Pacific/Kiritimati", true}, {"Etc/GMT+5", true},
		{"Factory", false}, {"posixrules", false}, {"localtime", false}, {"Local", false}, {"", false}, {"Mars/Olympus", false},
	} {
		loc, err := Zone("timezone", tc.in)
		msg := message(t, err, "timezone")
		if (err == nil) != tc.ok || (err == nil && loc.String() != tc.in) || (err != nil && msg != "must be an IANA time zone such as Europe/Berlin") {
			t.Errorf("Zone(%q) = %v, %q; want ok %v", tc.in, loc, msg, tc.ok)
		}
	}
}

func TestColor(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"#4f46e5", "#4f46e5", true},
		{"#4F46E5", "#4f46e5", true},
		{"4f46e5", "4f46e5", false},
		{"#4f46e", "#4f46e", false},
		{"#4f46e5f", "#4f46e5f", false},
		{"#gggggg", "#gggggg", false},
		{"", "", false},
	} {
		got, err := Color("color", tc.in)
		msg := message(t, err, "color")
		if got != tc.want || (err == nil) != tc.ok || (err != nil && msg != "must be a colour like #4f46e5") {
			t.Errorf("Color(%q) = %q, %q; want %q, ok %v", tc.in, got, msg, tc.want, tc.ok)
		}
	}
}

func TestMinutes(t *testing.T) {
	for n, ok := range map[int]bool{-1: false, 0: false, 1: true, 480: true, 1440: true, 1441: false} {
		msg := message(t, Minutes("minutes", n), "minutes")
		if (msg == "") != ok || (msg != "" && msg != "must be a whole number from 1 to 1440") {
			t.Errorf("Minutes(%d) = %q, want ok %v", n, msg, ok)
		}
	}
}

func TestDate(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2026-03-02", true}, {"2024-02-29", true},
		{"2025-02-29", false}, {"2026-13-01", false}, {"2026-3-2", false}, {"", false}, {"2026-03-02T00:00:00Z", false},
	} {
		msg := message(t, Date("date", tc.in), "date")
		if (msg == "") != tc.ok || (msg != "" && msg != "must be a date as YYYY-MM-DD") {
			t.Errorf("Date(%q) = %q, want ok %v", tc.in, msg, tc.ok)
		}
	}
}

func TestCleanAndClip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Design\treview\n", "Design review"},
		{"De\u200bsign\u202e", "Design"},
		{"bad\xffbyte", "badbyte"},
	} {
		if got := CleanName(tc.in); got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if p := NameProblem(CleanName(tc.in)); p != "" {
			t.Errorf("CleanName(%q) is no name: %s", tc.in, p)
		}
	}
	for _, tc := range []struct {
		in    string
		limit int
		want  string
	}{
		{"  short  ", 10, "short"},
		{"ééééé", 3, "ééé"}, // characters, not bytes
		{"ab cd", 3, "ab"},
		{"abc", 3, "abc"},
		{"", 3, ""},
	} {
		if got := Clip(tc.in, tc.limit); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
		}
	}
}

func TestFields(t *testing.T) {
	var f Fields
	if f.Err() != nil {
		t.Fatal("no fields is no error")
	}
	f.Add("a", "is %s", "wrong")
	f.From(nil)
	f.From(errors.New("not a validation error"))
	f.From(Invalid("b", "is missing"))
	var v *Error
	if !errors.As(f.Err(), &v) {
		t.Fatalf("Err() = %v, not an *Error", f.Err())
	}
	want := []FieldError{{Field: "a", Message: "is wrong"}, {Field: "b", Message: "is missing"}}
	if diff := cmp.Diff(want, v.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if got := v.Error(); got != "invalid: a: is wrong; b: is missing" {
		t.Errorf("Error() = %q", got)
	}
}
