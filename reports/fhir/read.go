package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"dossier/model/exchange"
)

// SourceSystem is the identifier system under which an imported patient
// keeps the sender's resource identity, so the same file imported again
// finds the patient it made.
const SourceSystem = "urn:dossier:fhir-source"

// maxLine bounds one NDJSON line (one resource).
const maxLine = 16 << 20

// inRes is one resource read, with what it is called in its file.
type inRes struct {
	typ, id, fullURL string
	raw              json.RawMessage
}

// Reader reads FHIR Bundles (transaction, collection, searchset, batch)
// and Bulk Data NDJSON files, then groups what it read by patient. The
// resources of several files are pooled first, since NDJSON keeps each
// type in its own file.
type Reader struct {
	// Prefix is the clinic's MRN prefix: an identifier in this clinic's
	// MRN system is read as the MRN (to find the patient), any other kept
	// as an old chart number.
	Prefix  string
	res     []inRes
	skipped []exchange.Skip
}

// Read reads one file: a Bundle (JSON object) or NDJSON (one resource a
// line). Errors name the file's line or entry.
func (r *Reader) Read(in io.Reader) error {
	br := bufio.NewReaderSize(in, 64<<10)
	first, err := firstByte(br)
	if err != nil {
		return err
	}
	if first != '{' {
		return errors.New("this is not FHIR JSON: a Bundle or NDJSON begins with {")
	}
	// A file's size, when the reader knows it, sizes the buffer once
	// instead of growing it (and copying) a dozen times.
	var buf bytes.Buffer
	if f, ok := in.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() < 1<<30 {
			buf.Grow(int(st.Size()) + bytes.MinRead)
		}
	}
	if _, err := buf.ReadFrom(br); err != nil {
		return fmt.Errorf("the file does not read: %w", err)
	}
	all := buf.Bytes()
	// A file that is one value (a Bundle, as Synthea writes one a person)
	// is checked once and read in one pass (scanBundle), not decoded value
	// by value.
	if json.Valid(all) {
		raw := bytes.TrimRight(all, " \t\r\n")
		head, err := headOf(raw)
		if err != nil {
			return err
		}
		if head.ResourceType == "Bundle" {
			return r.addBundle(raw)
		}
		return r.addResource(raw, "", 1)
	}
	// One object spanning the file, or one a line: decode the first value
	// and look at what it is.
	dec := json.NewDecoder(bytes.NewReader(all))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("the file's first resource does not read: %w", err)
	}
	head, err := headOf(raw)
	if err != nil {
		return err
	}
	if head.ResourceType == "Bundle" {
		if dec.More() {
			// NDJSON of Bundles.
			if err := r.addBundle(raw); err != nil {
				return err
			}
			for line := 2; dec.More(); line++ {
				var next json.RawMessage
				if err := dec.Decode(&next); err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
				if err := r.addResource(next, "", line); err != nil {
					return err
				}
			}
			return nil
		}
		return r.addBundle(raw)
	}
	if err := r.addResource(raw, "", 1); err != nil {
		return err
	}
	for line := 2; dec.More(); line++ {
		var next json.RawMessage
		if err := dec.Decode(&next); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if len(next) > maxLine {
			return fmt.Errorf("line %d is longer than %d bytes", line, maxLine)
		}
		if err := r.addResource(next, "", line); err != nil {
			return err
		}
	}
	return nil
}

func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			if err == io.EOF {
				return 0, errors.New("the file is empty")
			}
			return 0, err
		}
		if b == 0xEF { // a UTF-8 byte order mark
			br.ReadByte()
			br.ReadByte()
			continue
		}
		if b != ' ' && b != '\n' && b != '\r' && b != '\t' {
			br.UnreadByte()
			return b, nil
		}
	}
}

func (r *Reader) addBundle(raw json.RawMessage) error {
	b, ok := scanBundle(raw)
	if !ok {
		b = Bundle{}
		if err := json.Unmarshal(raw, &b); err != nil {
			return fmt.Errorf("the Bundle does not read: %w", err)
		}
	}
	switch b.Type {
	case "transaction", "collection", "searchset", "batch", "document", "message", "transaction-response", "batch-response":
	default:
		return fmt.Errorf("a Bundle of type %q is not imported", b.Type)
	}
	for i, e := range b.Entry {
		if len(e.Resource) == 0 {
			r.skipped = append(r.skipped, exchange.Skip{Source: fmt.Sprintf("entry %d", i+1), Reason: "the entry has no resource"})
			continue
		}
		if err := r.addResource(e.Resource, e.FullURL, i+1); err != nil {
			return err
		}
	}
	return nil
}

func (r *Reader) addResource(raw json.RawMessage, fullURL string, n int) error {
	head, err := headOf(raw)
	if err != nil {
		return fmt.Errorf("resource %d does not read: %w", n, err)
	}
	if head.ResourceType == "" {
		return fmt.Errorf("resource %d has no resourceType", n)
	}
	if head.ResourceType == "Bundle" {
		return r.addBundle(raw)
	}
	r.res = append(r.res, inRes{typ: head.ResourceType, id: head.ID, fullURL: fullURL, raw: raw})
	return nil
}

// source is a resource's identity as its sender gave it.
func (x inRes) source() string {
	if x.id != "" {
		return x.typ + "/" + x.id
	}
	if x.fullURL != "" {
		return x.fullURL
	}
	return x.typ + " without an id"
}

// ReadAll is a convenience for tests and small files: one reader over
// the given documents.
func ReadAll(prefix string, docs ...[]byte) ([]exchange.Incoming, []exchange.Skip, error) {
	r := &Reader{Prefix: prefix}
	for _, d := range docs {
		if err := r.Read(bytes.NewReader(d)); err != nil {
			return nil, nil, err
		}
	}
	in, sk := r.Patients()
	return in, sk, nil
}
