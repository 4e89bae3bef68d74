package clickup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// ID is an identifier ClickUp sends as a string or, in places, a number.
type ID string

// UnmarshalJSON accepts "123", 123 and null.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*id = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("clickup: id %s is neither a string nor a number", b)
		}
		*id = ID(n.String())
	}
	return nil
}

// Millis is a Unix time in milliseconds, which ClickUp sends as a string
// ("1567780450202"), a number, or null.
type Millis int64

// UnmarshalJSON accepts "1567780450202", 1567780450202, "" and null.
func (m *Millis) UnmarshalJSON(b []byte) error {
	var id ID
	if err := id.UnmarshalJSON(b); err != nil {
		return err
	}
	if id == "" {
		*m = 0
		return nil
	}
	n, err := strconv.ParseInt(string(id), 10, 64)
	if err != nil {
		return fmt.Errorf("clickup: %s is not a time in milliseconds", b)
	}
	*m = Millis(n)
	return nil
}

// MarshalJSON writes the number.
func (m Millis) MarshalJSON() ([]byte, error) { return []byte(strconv.FormatInt(int64(m), 10)), nil }

// Time is the instant, in UTC; zero for 0.
func (m Millis) Time() time.Time {
	if m == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(m)).UTC()
}

// MillisOf converts an instant.
func MillisOf(t time.Time) Millis { return Millis(t.UnixMilli()) }
