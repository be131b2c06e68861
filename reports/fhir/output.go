package fhir

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"dossier/model"
	"dossier/model/exchange"
)

// WriteBundle writes one patient's record as a FHIR collection Bundle.
func WriteBundle(w io.Writer, rec exchange.PatientRecord, opt Options, now time.Time) (int, error) {
	entries := Resources(rec, opt)
	b := Bundle{ResourceType: "Bundle", ID: model.NewID().String(), Type: "collection", Timestamp: now.UTC().Format(time.RFC3339)}
	for _, e := range entries {
		raw, err := json.Marshal(e.Body)
		if err != nil {
			return 0, err
		}
		b.Entry = append(b.Entry, BundleEntry{FullURL: "urn:dossier:" + e.Type + "/" + e.ID, Resource: raw})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return len(entries), enc.Encode(b)
}

// BulkWriter writes Bulk Data NDJSON: one file per resource type in a
// folder ("Patient.ndjson", "Encounter.ndjson" …), a resource a line,
// patient after patient, so memory holds one patient whatever the size
// of the clinic. Practitioners are written once.
type BulkWriter struct {
	dir     string
	opt     Options
	files   map[string]*os.File
	bufs    map[string]*bufio.Writer
	encs    map[string]*json.Encoder // one per file: its buffer is reused line after line
	counts  map[string]int
	written map[string]bool // Practitioner IDs written
}

// NewBulkWriter writes into dir, creating it.
func NewBulkWriter(dir string, opt Options) (*BulkWriter, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	opt.ImagesAsBinary = true
	return &BulkWriter{dir: dir, opt: opt, files: map[string]*os.File{}, bufs: map[string]*bufio.Writer{},
		encs: map[string]*json.Encoder{}, counts: map[string]int{}, written: map[string]bool{}}, nil
}

// Write adds one patient's resources.
func (w *BulkWriter) Write(rec exchange.PatientRecord) error {
	for _, e := range Resources(rec, w.opt) {
		if e.Type == "Practitioner" {
			if w.written[e.ID] {
				continue
			}
			w.written[e.ID] = true
		}
		enc, ok := w.encs[e.Type]
		if !ok {
			f, err := os.OpenFile(filepath.Join(w.dir, e.Type+".ndjson"), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
			if err != nil {
				return err
			}
			b := bufio.NewWriterSize(f, 64<<10)
			w.files[e.Type], w.bufs[e.Type] = f, b
			// Encode writes what Marshal returns and a newline: the
			// same line, without a new slice for each.
			enc = json.NewEncoder(b)
			w.encs[e.Type] = enc
		}
		if err := enc.Encode(e.Body); err != nil {
			return err
		}
		w.counts[e.Type]++
	}
	return nil
}

// Counts are the resources written by type.
func (w *BulkWriter) Counts() map[string]int { return w.counts }

// Files lists the files written, sorted.
func (w *BulkWriter) Files() []string {
	var out []string
	for t := range w.files {
		out = append(out, filepath.Join(w.dir, t+".ndjson"))
	}
	sort.Strings(out)
	return out
}

// Close flushes and syncs every file.
func (w *BulkWriter) Close() error {
	var errs []error
	for t, f := range w.files {
		errs = append(errs, w.bufs[t].Flush(), f.Sync(), f.Close())
	}
	return errors.Join(errs...)
}
