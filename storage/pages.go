package storage

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// NewPage is a scanned page's images and measurements, ready to store.
type NewPage struct {
	Source                   string
	Format                   string
	Original, Display, Thumb []byte
	Width, Height, DPI       int
	Rotation                 int // clockwise turn the scan needs to be upright (orientation tags)
	Ink                      float64
	Blank                    bool
}

// ErrPageFiled is returned when filing a page that already belongs to a
// document.
var ErrPageFiled = &model.Error{Code: model.Conflict, Message: "the page is already filed in a document"}

func (sess *Session) putPage(tx *bolt.Tx, np NewPage, batch model.ID) (model.Page, error) {
	p := model.Page{ID: model.NewID(), BatchID: batch, Source: np.Source, Format: np.Format,
		Width: np.Width, Height: np.Height, DPI: np.DPI, Rotation: np.Rotation, Ink: np.Ink, Blank: np.Blank,
		Imported: sess.now(), ImportedBy: sess.user.Username}
	var err error
	if p.Original, err = sess.putBlob(tx, np.Original); err != nil {
		return p, err
	}
	if p.Display, err = sess.putBlob(tx, np.Display); err != nil {
		return p, err
	}
	if p.Thumb, err = sess.putBlob(tx, np.Thumb); err != nil {
		return p, err
	}
	return p, sess.write(tx, writeOp{kind: model.KindPage, id: p.ID, body: p, op: model.ActImport, reason: np.Source})
}

// Import stores pages in the unfiled tray, all in one transaction: a
// file's pages arrive together or not at all.
func (svc Pages) Import(batch model.ID, pages []NewPage) ([]model.Page, error) {
	sess := svc.sess
	if err := sess.require(model.PermDigitize); err != nil {
		return nil, err
	}
	out := make([]model.Page, 0, len(pages))
	err := sess.update(func(tx *bolt.Tx) error {
		out = out[:0]
		for _, np := range pages {
			p, err := sess.putPage(tx, np, batch)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("store the scanned pages", err)
	}
	return out, nil
}

// Import stores pages and files them at once as a new document
// (pages that followed a cover sheet).
func (svc Documents) Import(doc *model.Document, pages []NewPage) error {
	sess := svc.sess
	if err := sess.require(model.PermDigitize); err != nil {
		return err
	}
	return wrap("file the scanned document", sess.update(func(tx *bolt.Tx) error {
		doc.Pages = doc.Pages[:0]
		for _, np := range pages {
			p, err := sess.putPage(tx, np, doc.BatchID)
			if err != nil {
				return err
			}
			doc.Pages = append(doc.Pages, p.ID)
		}
		return sess.fileTx(tx, doc)
	}))
}

// File files unfiled pages as a new document of a patient.
func (svc Documents) File(doc *model.Document) error {
	sess := svc.sess
	if err := sess.require(model.PermDigitize); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, doc.PatientID); err != nil {
		return err
	}
	return wrap("file the document", sess.update(func(tx *bolt.Tx) error { return sess.fileTx(tx, doc) }))
}

func (sess *Session) fileTx(tx *bolt.Tx, doc *model.Document) error {
	doc.ID = model.NewID()
	doc.IndexedBy, doc.IndexedAt = sess.user.Username, sess.now()
	if err := doc.Validate(sess.now()); err != nil {
		return err
	}
	if err := sess.checkDocumentLinks(tx, *doc); err != nil {
		return err
	}
	for _, pid := range doc.Pages {
		p, _, err := getRecord[model.Page](sess, tx, model.KindPage, pid)
		if err != nil {
			return fmt.Errorf("page %s: %w", pid, err)
		}
		if p.Filed() {
			return ErrPageFiled
		}
		p.PatientID, p.DocumentID = doc.PatientID, doc.ID
		if err := sess.write(tx, writeOp{kind: model.KindPage, id: p.ID, body: p, op: model.ActFile, owner: doc.PatientID}); err != nil {
			return err
		}
	}
	return sess.write(tx, writeOp{kind: model.KindDocument, id: doc.ID, body: doc, op: model.ActCreate, owner: doc.PatientID,
		reason: doc.Type.Label() + " " + doc.Date.String()})
}

// checkDocumentLinks makes sure the patient exists and the encounter, if
// any, is theirs.
func (sess *Session) checkDocumentLinks(tx *bolt.Tx, doc model.Document) error {
	pt, m, err := getRecord[model.Patient](sess, tx, model.KindPatient, doc.PatientID)
	if err != nil {
		return fmt.Errorf("the patient: %w", err)
	}
	if m.Deleted || !pt.MergedInto.IsZero() {
		return model.Errorf(model.Conflict, "the patient's record is deleted or merged; file the pages to the current record")
	}
	if doc.EncounterID.IsZero() {
		return nil
	}
	e, _, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, doc.EncounterID)
	if err != nil {
		return fmt.Errorf("the encounter: %w", err)
	}
	if e.PatientID != doc.PatientID {
		return model.Errorf(model.Invalid, "the encounter belongs to another patient")
	}
	return nil
}

// Update saves a reordered or corrected document. Pages taken out
// of it go back to the unfiled tray; pages added must be unfiled.
func (svc Documents) Update(doc model.Document, expectRev uint32, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermDigitize); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	if err := sess.checkRestricted(model.KindDocument, doc.ID); err != nil {
		return err
	}
	return wrap("save the document", sess.update(func(tx *bolt.Tx) error {
		old, _, err := getRecord[model.Document](sess, tx, model.KindDocument, doc.ID)
		if err != nil {
			return err
		}
		if old.EncounterID != doc.EncounterID {
			// The encounter it leaves may now lack it.
			sess.stageReview(tx, model.KindEncounter, old.EncounterID, nil)
		}
		if old.PatientID != doc.PatientID {
			return model.Errorf(model.Invalid, "to move a document to another patient, take its pages out and file them again")
		}
		if err := doc.Validate(sess.now()); err != nil {
			return err
		}
		if err := sess.checkDocumentLinks(tx, doc); err != nil {
			return err
		}
		keep := map[model.ID]bool{}
		for _, id := range doc.Pages {
			keep[id] = true
		}
		for _, id := range old.Pages {
			if !keep[id] {
				if err := sess.setPagePlace(tx, id, model.ZeroID, model.ZeroID, reason); err != nil {
					return err
				}
			}
		}
		was := map[model.ID]bool{}
		for _, id := range old.Pages {
			was[id] = true
		}
		for _, id := range doc.Pages {
			if !was[id] {
				if err := sess.setPagePlace(tx, id, doc.PatientID, doc.ID, reason); err != nil {
					return err
				}
			}
		}
		return sess.write(tx, writeOp{kind: model.KindDocument, id: doc.ID, body: doc, op: model.ActEdit,
			reason: reason, expectRev: expectRev, owner: doc.PatientID})
	}))
}

// setPagePlace files a page into a document, or (zero IDs) back to the
// unfiled tray, keeping the owner index in step.
func (sess *Session) setPagePlace(tx *bolt.Tx, id, patient, doc model.ID, reason string) error {
	p, _, err := getRecord[model.Page](sess, tx, model.KindPage, id)
	if err != nil {
		return fmt.Errorf("page %s: %w", id, err)
	}
	if !doc.IsZero() && p.Filed() {
		return ErrPageFiled
	}
	if !p.PatientID.IsZero() && p.PatientID != patient {
		if err := tx.Bucket(bOwner).Delete(ownerKey(p.PatientID, model.KindPage, p.ID)); err != nil {
			return err
		}
	}
	p.PatientID, p.DocumentID = patient, doc
	return sess.write(tx, writeOp{kind: model.KindPage, id: id, body: p, op: model.ActFile, reason: reason, owner: patient})
}

// Get reads a page record.
func (svc Pages) Get(id model.ID) (model.Page, model.Revision, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return model.Page{}, model.Revision{}, err
	}
	if err := sess.checkRestricted(model.KindPage, id); err != nil {
		return model.Page{}, model.Revision{}, err
	}
	return getRecord[model.Page](sess, nil, model.KindPage, id)
}

// Image decrypts one of a page's images. Reads are not audited one by
// one (a chart view shows hundreds of thumbnails); opening the document or
// the unfiled tray is.
func (svc Pages) Image(ref model.BlobRef) ([]byte, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var out []byte
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		out, err = sess.readBlob(tx, ref)
		return err
	})
	return out, wrap("read the page image", err)
}

// Rotate turns a page by quarter turns; the image is never re-encoded.
func (svc Pages) Rotate(id model.ID, quarterTurns int) (model.Page, error) {
	sess := svc.sess
	return sess.editPage(id, "rotated", func(p *model.Page) error { p.Rotate(quarterTurns); return nil })
}

func (sess *Session) editPage(id model.ID, reason string, change func(*model.Page) error) (model.Page, error) {
	var p model.Page
	if err := sess.require(model.PermDigitize); err != nil {
		return p, err
	}
	if err := sess.checkRestricted(model.KindPage, id); err != nil {
		return p, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if p, _, err = getRecord[model.Page](sess, tx, model.KindPage, id); err != nil {
			return err
		}
		if err := change(&p); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindPage, id: id, body: p, op: model.ActEdit, reason: reason, owner: p.PatientID})
	})
	return p, wrap("save the page", err)
}

// Discard sets a page aside (a blank back, a double feed) with a
// reason. It stays in its place and Restore brings it back.
func (svc Pages) Discard(id model.ID, reason string) error {
	sess := svc.sess
	return sess.setPageDeleted(id, reason, true)
}

// Restore undoes Discard.
func (svc Pages) Restore(id model.ID, reason string) error {
	sess := svc.sess
	return sess.setPageDeleted(id, reason, false)
}

func (sess *Session) setPageDeleted(id model.ID, reason string, del bool) error {
	if err := sess.require(model.PermDigitize); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	if err := sess.checkRestricted(model.KindPage, id); err != nil {
		return err
	}
	op := model.ActDelete
	if !del {
		op = model.ActRestore
	}
	return wrap("set the page aside", sess.update(func(tx *bolt.Tx) error {
		env, err := sess.readRevision(tx, model.KindPage, id, 0)
		if err != nil {
			return err
		}
		if env.Meta.Deleted == del {
			return nil
		}
		return sess.write(tx, writeOp{kind: model.KindPage, id: id, body: env.Body, op: op, reason: reason, deleted: del})
	}))
}

// PageView is a page with whether it has been set aside.
type PageView struct {
	model.Page
	Discarded bool
}

// Unfiled lists the tray of pages not yet filed, oldest first.
// Audited as a view of the tray.
func (svc Pages) Unfiled(withDiscarded bool) ([]PageView, error) {
	sess := svc.sess
	return sess.listPages(withDiscarded, "unfiled tray", func(p model.Page) bool { return !p.Filed() })
}

// OfBatch lists every page brought in for a batch.
func (svc Pages) OfBatch(batch model.ID, withDiscarded bool) ([]PageView, error) {
	sess := svc.sess
	return sess.listPages(withDiscarded, "batch "+batch.String(), func(p model.Page) bool { return p.BatchID == batch })
}

func (sess *Session) listPages(withDiscarded bool, what string, keep func(model.Page) bool) ([]PageView, error) {
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var all []PageView
	err := listRecords(sess, model.KindPage, withDiscarded, func(p model.Page, m model.Revision) bool {
		if keep(p) {
			all = append(all, PageView{Page: p, Discarded: m.Deleted})
		}
		return true
	})
	if err != nil {
		return nil, wrap("list pages", err)
	}
	// Pages filed to a restricted patient the user may not open are left
	// out, as the patient list masks them.
	allowed := map[model.ID]bool{}
	out := all[:0]
	for _, p := range all {
		if p.PatientID.IsZero() {
			out = append(out, p)
			continue
		}
		ok, seen := allowed[p.PatientID]
		if !seen {
			ok = sess.checkRestricted(model.KindPatient, p.PatientID) == nil
			allowed[p.PatientID] = ok
		}
		if ok {
			out = append(out, p)
		}
	}
	return out, sess.logAction(model.ActView, model.KindPage, model.ZeroID, what)
}

// DocumentView is a filed document with its pages in order.
type DocumentView struct {
	Doc   model.Document
	Rev   uint32
	Pages []PageView
}

// OfPatient lists a patient's documents, newest first, with their
// pages. Audited as a view.
func (svc Documents) OfPatient(patient model.ID) ([]DocumentView, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	if err := sess.checkRestricted(model.KindPatient, patient); err != nil {
		return nil, err
	}
	var out []DocumentView
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		out, err = sess.documentsTx(tx, patient)
		return err
	})
	if err != nil {
		return nil, wrap("read the documents", err)
	}
	return out, sess.logAction(model.ActView, model.KindPatient, patient, "documents")
}

func (sess *Session) documentsTx(tx *bolt.Tx, patient model.ID) ([]DocumentView, error) {
	var out []DocumentView
	for _, id := range sess.owned(tx, patient, model.KindDocument) {
		d, m, err := getRecord[model.Document](sess, tx, model.KindDocument, id)
		if err != nil {
			return nil, err
		}
		if m.Deleted {
			continue
		}
		dv := DocumentView{Doc: d, Rev: m.Rev}
		for _, pid := range d.Pages {
			env, err := sess.readRevision(tx, model.KindPage, pid, 0)
			if err != nil {
				return nil, fmt.Errorf("page %s of a document: %w", pid, err)
			}
			var p model.Page
			if err := json.Unmarshal(env.Body, &p); err != nil {
				return nil, fmt.Errorf("page %s does not parse: %w", pid, err)
			}
			dv.Pages = append(dv.Pages, PageView{Page: p, Discarded: env.Meta.Deleted})
		}
		out = append(out, dv)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Doc.Date.Time().After(out[j].Doc.Date.Time()) })
	return out, nil
}
