// Package exchange is FHIR export and import for the window and the
// command line alike: it reads through the session (permissions, matching
// and auditing are the store's), writes and reads the files with
// reports/fhir, and reports progress and honours Cancel.
package exchange

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"dossier/app/flow/privatefile"
	"dossier/model"
	"dossier/model/exchange"
	"dossier/reports/fhir"
	"dossier/storage"
)

// ExportResult is what an export wrote.
type ExportResult struct {
	exchange.ExportSummary
	Resources map[string]int // by resource type
	Files     []string
}

// String is the one-line report of an export.
func (r ExportResult) String() string {
	s := fmt.Sprintf("%d patients exported (%d encounters, %d observations)", r.Patients, r.Encounters, r.Observations)
	if r.Restricted > 0 {
		s += fmt.Sprintf("; %d restricted patients included and flagged", r.Restricted)
	}
	if r.Images > 0 || r.Withheld > 0 {
		s += fmt.Sprintf("; %d page images", r.Images)
		if r.Withheld > 0 {
			s += fmt.Sprintf(" (%d sensitive documents' images withheld)", r.Withheld)
		}
	}
	if r.LeftOut > 0 {
		s += fmt.Sprintf("; %d restricted patients left out (exporting them needs release authority)", r.LeftOut)
	}
	return s
}

func options(sess *storage.Session) (fhir.Options, error) {
	c, err := sess.Clinic()
	if err != nil {
		return fhir.Options{}, err
	}
	opt := fhir.Options{Clinic: c, Clinicians: map[model.ID]model.User{}}
	if cs, err := sess.Encounters().Clinicians(); err == nil {
		for _, u := range cs {
			opt.Clinicians[u.ID] = u
		}
	}
	return opt, nil
}

// ExportPatient writes one patient's record as a FHIR Bundle to path;
// withImages puts the documents' page images in (inline).
func ExportPatient(sess *storage.Session, patient model.ID, path, forWhom string, withImages bool) (ExportResult, error) {
	var res ExportResult
	opt, err := options(sess)
	if err != nil {
		return res, err
	}
	var n int
	res.ExportSummary, err = sess.Exchange().Export(exchange.Scope{Patient: patient, ForWhom: forWhom, Where: path, WithImages: withImages},
		func(rec exchange.PatientRecord) error {
			return privatefile.Write(path, func(w io.Writer) error {
				var err error
				n, err = fhir.WriteBundle(w, rec, opt, time.Now())
				return err
			})
		})
	res.Resources = map[string]int{"Bundle entries": n}
	res.Files = []string{path}
	return res, err
}

// ExportBulk writes the whole clinic (or the patients changed since since,
// when not zero) as Bulk Data NDJSON files in dir. progress, when not nil,
// is called every 1,000 patients; ctx cancels (what was written stays, and
// the audit says the export stopped part way). withImages puts the
// documents' page images in, as Binary resources.
func ExportBulk(ctx context.Context, sess *storage.Session, dir string, since time.Time, forWhom string, withImages bool,
	progress func(patients int)) (ExportResult, error) {
	var res ExportResult
	opt, err := options(sess)
	if err != nil {
		return res, err
	}
	w, err := fhir.NewBulkWriter(dir, opt)
	if err != nil {
		return res, err
	}
	// The store decrypts and decodes while another goroutine encodes and
	// writes: two cores share the work, and the queue bounds the memory.
	queue := make(chan exchange.PatientRecord, 64)
	var failed atomic.Bool
	var werr error
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		for rec := range queue {
			if werr == nil {
				if werr = w.Write(rec); werr != nil {
					failed.Store(true)
				}
			}
		}
	}()
	n := 0
	res.ExportSummary, err = sess.Exchange().Export(exchange.Scope{All: true, Since: since, ForWhom: forWhom, Where: dir, WithImages: withImages},
		func(rec exchange.PatientRecord) error {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("export cancelled: %w", err)
			}
			if failed.Load() {
				return errors.New("writing the files failed")
			}
			queue <- rec
			if n++; progress != nil && n%1000 == 0 {
				progress(n)
			}
			return nil
		})
	close(queue)
	<-wrote
	if werr != nil && err == nil {
		err = werr
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	res.Resources, res.Files = w.Counts(), w.Files()
	return res, err
}
