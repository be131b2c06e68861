package storage

import (
	"errors"
	"fmt"
	"slices"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// keyedOfPatientTx lists a patient's keyed documents whose document is
// still filed. Each transcript's EncounterID is set (in memory) to the
// encounter its document is filed to now: a document refiled after keying
// belongs with its new encounter.
func (sess *Session) keyedOfPatientTx(tx *bolt.Tx, patient model.ID) ([]clinical.Transcript, error) {
	var out []clinical.Transcript
	for _, id := range sess.owned(tx, patient, model.KindTranscript) {
		tr, m, err := getRecord[clinical.Transcript](sess, tx, model.KindTranscript, id)
		if err != nil {
			return nil, fmt.Errorf("a keyed document: %w", err)
		}
		if m.Deleted {
			continue
		}
		doc, dm, err := getRecord[model.Document](sess, tx, model.KindDocument, tr.DocumentID)
		switch {
		case errors.Is(err, ErrNotFound):
			continue
		case err != nil:
			return nil, fmt.Errorf("the document of a keyed document: %w", err)
		case dm.Deleted:
			continue
		}
		tr.EncounterID = doc.EncounterID
		out = append(out, tr)
	}
	return out, nil
}

// keyedSelectionTx adds to a release selection the keyings a packet prints
// from: those of documents filed to a chosen encounter (the typed record
// shows every keyed field) and of chosen documents (their title gives the
// keyed date). A corrected keying then asks for the packet to be built again.
func (sess *Session) keyedSelectionTx(tx *bolt.Tx, r model.Request, add func(model.Kind, model.ID) error) error {
	keyed, err := sess.keyedOfPatientTx(tx, r.PatientID)
	if err != nil {
		return err
	}
	for _, tr := range keyed {
		if containsID(r.Encounters, tr.EncounterID) || containsID(r.Documents, tr.DocumentID) {
			if err := add(model.KindTranscript, tr.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsID(ids []model.ID, id model.ID) bool { return !id.IsZero() && slices.Contains(ids, id) }
