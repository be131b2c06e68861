package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrorCode says what kind of failure an Error is, so that callers branch on
// the kind and not on the wording.
type ErrorCode string

// The kinds of failure.
const (
	NotFound    ErrorCode = "not found"   // no such record, user or file
	Denied      ErrorCode = "denied"      // the user may not do this, or the credentials are wrong
	Invalid     ErrorCode = "invalid"     // the input breaks a rule; Fields says which
	Conflict    ErrorCode = "conflict"    // the state does not allow it (stale, already exists, already filed)
	Damaged     ErrorCode = "damaged"     // the file or record is not what it should be
	Locked      ErrorCode = "locked"      // the session is locked or the store is open elsewhere
	Unavailable ErrorCode = "unavailable" // a resource is missing: disk full, newer schema
	Internal    ErrorCode = "internal"    // a bug or an unexpected failure
)

// Error is the one error type of Dossier. Message is a plain sentence for
// clinic staff; Fields, for validation, holds one message per form field so a
// form can show each beside its field.
type Error struct {
	Code    ErrorCode
	Message string
	Fields  map[string]string
	// Format and Args are what Errorf made Message from: the window looks
	// Format up in the clinic's language and fills in Args again, so the
	// model stays English (the command line) and the screen does not.
	Format string
	Args   []any
}

// Error returns the plain message (or, if there is none, the field messages
// joined, or the code).
func (e *Error) Error() string {
	if e.Message != "" {
		return e.Message
	}
	if len(e.Fields) > 0 {
		return joinFields(e.Fields)
	}
	return string(e.Code)
}

// Is makes errors.Is match by code: a target with no message matches every
// error with its code; a target with a message (a sentinel) matches an error
// with the same code and message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t.Code != e.Code {
		return false
	}
	return t.Message == "" || t.Message == e.Message
}

// Errorf makes an Error with a code and a formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// InvalidFields makes a validation Error with one message per field.
func InvalidFields(fields map[string]string) *Error {
	return &Error{Code: Invalid, Message: joinFields(fields), Fields: fields}
}

// FieldError makes a validation Error about one field.
func FieldError(field, message string) *Error {
	return &Error{Code: Invalid, Message: message, Fields: map[string]string{field: message}}
}

// CodeOf is the code of the Error inside err: "" for nil, Internal for an
// error that is not an *Error.
func CodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// FieldsOf is the per-field messages of the Error inside err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// AsError reports the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// fieldOrder puts a form's usual fields first when messages are joined.
var fieldOrder = []string{"name", "sex", "birth", "phone"}

func joinFields(fields map[string]string) string {
	var parts []string
	for _, f := range fieldOrder {
		if m, ok := fields[f]; ok {
			parts = append(parts, m)
		}
	}
	var rest []string
	for f := range fields {
		if !contains(fieldOrder, f) {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		parts = append(parts, fields[f])
	}
	return strings.Join(parts, " ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
