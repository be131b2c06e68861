package model

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorMatchesByCode(t *testing.T) {
	sentinel := &Error{Code: NotFound, Message: "record not found"}
	other := &Error{Code: NotFound, Message: "this record is deleted"}
	wrapped := fmt.Errorf("read the patient: %w", sentinel)

	if !errors.Is(wrapped, sentinel) {
		t.Error("a wrapped sentinel does not match itself")
	}
	if errors.Is(other, sentinel) {
		t.Error("two sentinels with one code and different messages match")
	}
	if !errors.Is(wrapped, &Error{Code: NotFound}) || !errors.Is(other, &Error{Code: NotFound}) {
		t.Error("a code-only target does not match its code")
	}
	if errors.Is(wrapped, &Error{Code: Denied}) {
		t.Error("a code-only target matches another code")
	}
	if got := wrapped.Error(); got != "read the patient: record not found" {
		t.Errorf("message %q", got)
	}
}

func TestCodeOfAndFields(t *testing.T) {
	if CodeOf(nil) != "" || CodeOf(errors.New("x")) != Internal {
		t.Error("CodeOf of nil or a plain error")
	}
	err := fmt.Errorf("save: %w", InvalidFields(map[string]string{"phone": "enter a phone number", "name": "enter the name", "z": "last"}))
	if CodeOf(err) != Invalid {
		t.Errorf("code %q", CodeOf(err))
	}
	if FieldsOf(err)["phone"] != "enter a phone number" {
		t.Errorf("fields %v", FieldsOf(err))
	}
	if e, _ := AsError(err); e.Error() != "enter the name enter a phone number last" {
		t.Errorf("joined message %q", e.Error())
	}
	fe := FieldError("ward", "enter the ward")
	if fe.Error() != "enter the ward" || fe.Fields["ward"] != "enter the ward" || fe.Code != Invalid {
		t.Errorf("field error %+v", fe)
	}
	if e := Errorf(Conflict, "batch %d is closed", 3); e.Error() != "batch 3 is closed" || e.Code != Conflict {
		t.Errorf("Errorf %+v", e)
	}
	if (&Error{Code: Damaged}).Error() != "damaged" {
		t.Error("a code-only error has no text")
	}
}
