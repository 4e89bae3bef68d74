package api

import (
	"errors"
	"testing"

	"github.com/timestreak/timestreak/internal/valid"
)

// FuzzDecodeEntry: any body either decodes or is refused as a 400 or a 422
// naming a field — never a panic, never an unexplained error.
func FuzzDecodeEntry(f *testing.F) {
	for _, s := range []string{`{"task_id":"t","date":"2026-03-02","minutes":30}`, `{"minutes":1.5}`, `{"minutes":"a"}`,
		`{"x":1}`, `[]`, `{"note":null}`, `{} {}`, `{"date":"2026-03-02"`, "", `{"billable":"yes"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in entryInput
		err := decodeBytes(body, &in)
		if err == nil {
			return
		}
		var br *badRequest
		var verr *valid.Error
		if !errors.As(err, &br) && !errors.As(err, &verr) {
			t.Fatalf("decode(%q) = %T %v", body, err, err)
		}
	})
}
