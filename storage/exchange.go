package storage

import (
	"fmt"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/exchange"

	bolt "go.etcd.io/bbolt"
)

// Exchange moves records between the store and other systems (FHIR): the
// export hands each patient's whole record to a writer, the import
// matches each incoming patient against the index and saves it in one
// transaction (exchangeimport.go). Both are permission-checked and audited
// here, whichever front end asks.
type Exchange struct{ sess *Session }

// Exchange is the session's Exchange service.
func (sess *Session) Exchange() Exchange { return Exchange{sess} }

// Export hands the records in scope to fn, one patient at a time, inside
// one read transaction (memory stays that of a few patients, whatever the
// clinic's size: a whole clinic's records are opened on every core a window
// ahead, exchangeread.go). It needs PermExport and a recipient. Restricted patients
// need release authority (PermReleaseInfo, as for a release of
// information): without it one patient's export is refused and a whole
// clinic's leaves them out and counts them. Merged and deleted patients are
// not exported (a survivor carries its merged patients' MRNs). What left,
// for whom and where is audited when the export ends, also when fn fails
// part way, since part of it may have left; a restricted patient included
// is audited by name, flagged.
func (svc Exchange) Export(scope exchange.Scope, fn func(exchange.PatientRecord) error) (exchange.ExportSummary, error) {
	sess := svc.sess
	var sum exchange.ExportSummary
	if err := sess.require(model.PermExport); err != nil {
		return sum, err
	}
	if strings.TrimSpace(scope.ForWhom) == "" {
		return sum, model.Errorf(model.Invalid, "say who the records are for: the export is audited with its recipient")
	}
	if !scope.All && scope.Patient.IsZero() {
		return sum, model.Errorf(model.Invalid, "choose one patient or the whole clinic")
	}
	mayRestricted := sess.Can(model.PermReleaseInfo)
	if scope.WithImages && !mayRestricted {
		// The page images are the paper chart itself: they leave with the
		// authority of a release.
		return sum, model.Errorf(model.Denied, "exporting page images needs release authority (a records supervisor)")
	}
	type disclosed struct {
		id           model.ID
		docs, images int
	}
	var withImages []disclosed
	if !scope.All {
		if err := sess.checkRestricted(model.KindPatient, scope.Patient); err != nil {
			return sum, err
		}
	}
	var flagged []model.ID
	fnErr := sess.view(func(tx *bolt.Tx) error {
		visit := func(d decodedPatient) error {
			id, rec, changed := d.id, d.rec, d.changed
			if !d.ok {
				return nil
			}
			if scope.All && !scope.Since.IsZero() && changed.Before(scope.Since) {
				return nil
			}
			if rec.Patient.Restricted {
				if !mayRestricted {
					sum.LeftOut++
					return nil
				}
				rec.Restricted = true
				sum.Restricted++
				flagged = append(flagged, id)
			}
			if scope.WithImages {
				withheld, err := sess.exportImages(tx, &rec)
				if err != nil {
					return err
				}
				sum.Withheld += withheld
				if len(rec.Images) > 0 {
					withImages = append(withImages, disclosed{id, len(rec.Documents) - withheld, len(rec.Images)})
				}
			}
			if err := fn(rec); err != nil {
				return err
			}
			sum.Patients++
			sum.Encounters += len(rec.Encounters)
			sum.Observations += len(rec.Observations)
			sum.Images += len(rec.Images)
			return nil
		}
		if !scope.All {
			d := decodedPatient{id: scope.Patient}
			var err error
			if d.rec, d.changed, d.ok, err = sess.exportRecord(tx, scope.Patient); err != nil {
				return err
			}
			return visit(d)
		}
		// The whole clinic: records opened on every core (exchangeread.go).
		return sess.exportAll(tx, visit)
	})
	auditErr := sess.update(func(tx *bolt.Tx) error {
		what := "FHIR Bundle of one patient"
		if scope.All {
			what = "FHIR bulk NDJSON of the whole clinic"
			if !scope.Since.IsZero() {
				what += " (changes since " + scope.Since.Format("2006-01-02") + ")"
			}
		}
		detail := fmt.Sprintf("%s for %s to %s: %d patients, %d encounters, %d observations; %d restricted included, %d restricted left out",
			what, strings.TrimSpace(scope.ForWhom), scope.Where, sum.Patients, sum.Encounters, sum.Observations, sum.Restricted, sum.LeftOut)
		if scope.WithImages {
			detail += fmt.Sprintf("; with page images: %d images, %d sensitive documents' images withheld", sum.Images, sum.Withheld)
		}
		if fnErr != nil {
			detail += "; stopped part way: " + fnErr.Error()
		}
		var rec model.ID
		if !scope.All {
			rec = scope.Patient
		}
		if err := sess.appendAudit(tx, model.AuditEntry{Action: model.ActExport, Kind: model.KindPatient, Record: rec,
			Detail: detail, Flagged: sum.Restricted > 0}); err != nil {
			return err
		}
		// Each patient whose page images left: a disclosure of images in
		// the patient's trail.
		for _, d := range withImages {
			if err := sess.appendAudit(tx, model.AuditEntry{Action: model.ActExport, Kind: model.KindPatient, Record: d.id,
				Detail: fmt.Sprintf("page images disclosed (FHIR; documents: %d, images: %d) for %s to %s", d.docs, d.images,
					strings.TrimSpace(scope.ForWhom), scope.Where)}); err != nil {
				return err
			}
		}
		for _, id := range flagged {
			if err := sess.appendAudit(tx, model.AuditEntry{Action: model.ActExport, Kind: model.KindPatient, Record: id,
				Detail: "restricted record exported (FHIR) for " + strings.TrimSpace(scope.ForWhom), Flagged: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if fnErr != nil {
		return sum, wrap("export the records", fnErr)
	}
	return sum, wrap("audit the export", auditErr)
}

// exportRecord reads one patient's record and the time of its latest
// change. ok is false for a merged patient.
func (sess *Session) exportRecord(tx *bolt.Tx, id model.ID) (rec exchange.PatientRecord, changed time.Time, ok bool, err error) {
	p, m, err := getRecord[model.Patient](sess, tx, model.KindPatient, id)
	if err != nil {
		return rec, changed, false, err
	}
	if m.Deleted || !p.MergedInto.IsZero() {
		return rec, changed, false, nil
	}
	rec.Patient, changed = p, m.Time
	if err := ownedInto(sess, tx, id, model.KindEncounter, &rec.Encounters, &changed); err != nil {
		return rec, changed, false, err
	}
	if err := ownedInto(sess, tx, id, model.KindProblem, &rec.Problems, &changed); err != nil {
		return rec, changed, false, err
	}
	if err := ownedInto(sess, tx, id, model.KindAllergy, &rec.Allergies, &changed); err != nil {
		return rec, changed, false, err
	}
	if err := ownedInto(sess, tx, id, model.KindObservation, &rec.Observations, &changed); err != nil {
		return rec, changed, false, err
	}
	if err := ownedInto(sess, tx, id, model.KindMedication, &rec.Medications, &changed); err != nil {
		return rec, changed, false, err
	}
	if err := ownedInto(sess, tx, id, model.KindDocument, &rec.Documents, &changed); err != nil {
		return rec, changed, false, err
	}
	return rec, changed, true, nil
}

// ownedInto appends the patient's live records of a kind to out and moves
// changed to the latest revision time seen.
func ownedInto[T any](sess *Session, tx *bolt.Tx, owner model.ID, kind model.Kind, out *[]T, changed *time.Time) error {
	for _, id := range sess.owned(tx, owner, kind) {
		r, m, err := getRecord[T](sess, tx, kind, id)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return err
		}
		if m.Deleted {
			continue
		}
		if m.Time.After(*changed) {
			*changed = m.Time
		}
		*out = append(*out, r)
	}
	return nil
}

// exportImages reads the page images of rec's documents into rec.Images,
// the original scans in the documents' page order. A document flagged
// sensitive keeps its images (they need the patient's consent, which a
// release records); withheld counts those documents.
func (sess *Session) exportImages(tx *bolt.Tx, rec *exchange.PatientRecord) (withheld int, err error) {
	for _, d := range rec.Documents {
		if len(d.Sensitive) > 0 {
			withheld++
			continue
		}
		for i, pid := range d.Pages {
			pg, _, err := getRecord[model.Page](sess, tx, model.KindPage, pid)
			if err != nil {
				return withheld, err
			}
			data, err := sess.readBlob(tx, pg.Original)
			if err != nil {
				return withheld, err
			}
			ct := "image/jpeg"
			if pg.Format == "png" {
				ct = "image/png"
			}
			rec.Images = append(rec.Images, exchange.PageImage{Document: d.ID, Page: i + 1, ContentType: ct, Data: data})
		}
	}
	return withheld, nil
}
