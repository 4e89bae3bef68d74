package org

import "testing"

// TestReferencesLookLikeWhatTheySay: invisible characters in a task's
// external reference are refused (the name rules themselves are
// internal/valid's, tested there).
func TestReferencesLookLikeWhatTheySay(t *testing.T) {
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
}
