package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Streaming NDJSON: a Bulk Data export keeps each resource type in its own
// file, and a clinic's files hold millions of lines. Stream reads them one
// resource at a time, so an import holds a bounded number of resources
// (app/flow/exchange groups them by patient in batches) instead of the
// whole files.

// Streamed is one resource read from a stream, with the patient it is
// about: "Patient/<id>" of the Patient itself, or the subject (patient,
// for an AllergyIntolerance) reference of a resource about one, shortened
// from a full URL; empty for a resource about no patient (Practitioner,
// Organization, Location, Medication …) and for a Bundle.
type Streamed struct {
	Type, ID string
	Patient  string
	Raw      json.RawMessage
}

// Stream calls fn for each resource of NDJSON read from in, in order, one
// line at a time; blank lines are passed over. A line longer than maxLine
// or one that is not a JSON object with a resourceType stops the stream
// with an error naming the line. fn's error stops it too and is returned.
func Stream(in io.Reader, fn func(line int, res Streamed) error) error {
	br := bufio.NewReaderSize(in, 64<<10)
	var buf []byte
	for line := 1; ; line++ {
		buf = buf[:0]
		var err error
		for {
			var part []byte
			part, err = br.ReadSlice('\n')
			if len(buf)+len(part) > maxLine {
				return fmt.Errorf("line %d is longer than %d bytes", line, maxLine)
			}
			buf = append(buf, part...)
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("line %d: %w", line, err)
		}
		// JSON's own white space only, as a whole-file reader skips it.
		text := bytes.Trim(buf, " \t\r\n")
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xEF\xBB\xBF"))
		}
		if len(text) > 0 {
			res, perr := ReadResource(text)
			if perr != nil {
				return fmt.Errorf("line %d: %w", line, perr)
			}
			if ferr := fn(line, res); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// ReadResource reads one resource's head: its type, id and patient. raw
// is copied (a stream reuses its buffer).
func ReadResource(raw []byte) (Streamed, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return Streamed{}, errors.New("not a JSON object: NDJSON has one resource a line")
	}
	var head struct {
		ResourceType string     `json:"resourceType"`
		ID           string     `json:"id"`
		Subject      *Reference `json:"subject"`
		Patient      *Reference `json:"patient"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return Streamed{}, fmt.Errorf("the resource does not read: %w", err)
	}
	if head.ResourceType == "" {
		return Streamed{}, errors.New("the resource has no resourceType")
	}
	res := Streamed{Type: head.ResourceType, ID: head.ID, Raw: append(json.RawMessage(nil), raw...)}
	switch {
	case head.ResourceType == "Patient":
		if head.ID != "" {
			res.Patient = "Patient/" + head.ID
		}
	case head.Subject != nil:
		res.Patient = PatientRef(head.Subject.Reference)
	case head.Patient != nil:
		res.Patient = PatientRef(head.Patient.Reference)
	}
	return res, nil
}

// PatientRef shortens a reference to a patient to "Patient/<id>" (a full
// URL "http://server/fhir/Patient/123" names Patient/123, as Patients
// resolves it); a reference to anything else is empty.
func PatientRef(ref string) string {
	k := strings.LastIndex(ref, "Patient/")
	if k < 0 {
		return ""
	}
	return ref[k:]
}

// Add puts a streamed resource in the reader, to be grouped by Patients
// with the others added; a Bundle brings its entries.
func (r *Reader) Add(res Streamed) error {
	return r.addResource(res.Raw, "", 0)
}
