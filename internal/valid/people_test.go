package valid

import (
	"testing"
	"time"
)

func TestRolesAndScopes(t *testing.T) {
	for _, tc := range []struct {
		rule  func(field, s string) error
		field string
		in    string
		msg   string
	}{
		{UserRole, "role", "admin", ""},
		{UserRole, "role", "member", ""},
		{UserRole, "role", "lead", "must be admin or member"},
		{UserRole, "role", "", "must be admin or member"},
		{UserRole, "role", "Admin", "must be admin or member"},
		{TeamRole, "role", "member", ""},
		{TeamRole, "role", "lead", ""},
		{TeamRole, "role", "admin", "must be member or lead"},
		{TokenScope, "scope", "read", ""},
		{TokenScope, "scope", "write", ""},
		{TokenScope, "scope", "admin", ""},
		{TokenScope, "scope", "root", "must be read, write or admin"},
		{TokenScope, "scope", " read", "must be read, write or admin"},
	} {
		if got := message(t, tc.rule(tc.field, tc.in), tc.field); got != tc.msg {
			t.Errorf("%s %q: %q, want %q", tc.field, tc.in, got, tc.msg)
		}
	}
}

func TestReminderTime(t *testing.T) {
	const bad = "must be HH:MM (24-hour) or null"
	for _, tc := range []struct{ in, msg string }{
		{"00:00", ""}, {"09:30", ""}, {"17:00", ""}, {"23:59", ""},
		{"24:00", bad}, {"9:30", bad}, {"09:60", bad}, {"09:5", bad}, {"0930", bad},
		{"09:30:00", bad}, {" 09:30", bad}, {"", bad}, {"５:30", bad},
	} {
		if got := message(t, ReminderTime("reminder_time", tc.in), "reminder_time"); got != tc.msg {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.msg)
		}
	}
}

func TestWorkdays(t *testing.T) {
	const names = "must be day names: mon, tue, wed, thu, fri, sat, sun"
	for _, tc := range []struct {
		in   []string
		want string
		msg  string
	}{
		{[]string{"mon", "tue", "wed", "thu", "fri"}, "mon,tue,wed,thu,fri", ""},
		{[]string{"sun", "mon", "sat"}, "mon,sat,sun", ""},
		{[]string{}, "", ""},
		{nil, "", ""},
		{[]string{"mon", "mon"}, "", "must not repeat a day"},
		{[]string{"Mon"}, "", names},
		{[]string{"monday"}, "", names},
		{[]string{""}, "", names},
	} {
		got, err := Workdays("workdays", tc.in)
		if msg := message(t, err, "workdays"); msg != tc.msg || got != tc.want {
			t.Errorf("%q: %q, %q; want %q, %q", tc.in, got, msg, tc.want, tc.msg)
		}
	}
}

func TestDayName(t *testing.T) {
	want := map[time.Weekday]string{time.Monday: "mon", time.Tuesday: "tue", time.Wednesday: "wed",
		time.Thursday: "thu", time.Friday: "fri", time.Saturday: "sat", time.Sunday: "sun"}
	for d, name := range want {
		if got := DayName(d); got != name {
			t.Errorf("%v: %q, want %q", d, got, name)
		}
	}
}
