package tracking

import "testing"

// TestNamesAndReferencesLookLikeWhatTheySay: separators that break a name
// over lines, and invisible characters in a task's external reference, are
// refused; zoneinfo files that are not zones are not time zones.
func TestNamesAndReferencesLookLikeWhatTheySay(t *testing.T) {
	for _, name := range []string{"Ana\u2028Admin", "Ana\u2029Admin"} {
		if NameProblem(name) == "" {
			t.Errorf("name %q was accepted", name)
		}
	}
	if p := NameProblem("Ana Lúcia Ødegård"); p != "" {
		t.Errorf("a plain accented name was refused: %s", p)
	}
	for _, ref := range []string{"86a\u202e1", "86a\u200b1", "\ufeff86a1", "86a\u00071"} {
		ref := ref
		if err := (TaskChange{ExternalRef: &ref}).apply(&Task{}); err == nil {
			t.Errorf("external_ref %q was accepted", ref)
		}
	}
	for _, ref := range []string{"", "86a1xyz", "PROJ-123"} {
		ref := ref
		if err := (TaskChange{ExternalRef: &ref}).apply(&Task{}); err != nil {
			t.Errorf("external_ref %q was refused: %v", ref, err)
		}
	}
	for _, zone := range []string{"Factory", "posixrules", "localtime", "Local", ""} {
		if _, err := Location(zone); err == nil {
			t.Errorf("time zone %q was accepted", zone)
		}
	}
	for _, zone := range []string{"UTC", "Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+5"} {
		if _, err := Location(zone); err != nil {
			t.Errorf("time zone %q was refused: %v", zone, err)
		}
	}
}
