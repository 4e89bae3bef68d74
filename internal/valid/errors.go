package valid

import (
	"errors"
	"fmt"
	"strings"
)

// FieldError names one invalid field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a well-formed request that breaks a rule; the API answers it
// 422 with its fields.
type Error struct {
	Fields []FieldError
}

func (e *Error) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Invalid builds an Error for one field.
func Invalid(field, format string, args ...any) error {
	return &Error{Fields: []FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

// Fields collects failures across several fields.
type Fields []FieldError

// Add adds one field's failure.
func (f *Fields) Add(field, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// From adds the fields of a validation error; nil (or another error) adds
// nothing.
func (f *Fields) From(err error) {
	var v *Error
	if errors.As(err, &v) {
		*f = append(*f, v.Fields...)
	}
}

// Err is the Error of the collected fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Fields: f}
}
