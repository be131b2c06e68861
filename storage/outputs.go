package storage

import (
	"strings"

	"dossier/model"
)

// RecordPrint checks that the user may print (PermPrint, the permission the
// window shows print buttons for) and audits the print: kind and id name
// the record printed from (model.KindPatient and the patient for labels
// and cover sheets; empty for a sheet about no record), detail what was
// printed. Call it before handing the document to the user.
func (svc Outputs) RecordPrint(kind model.Kind, id model.ID, detail string) error {
	sess := svc.sess
	if err := sess.require(model.PermPrint); err != nil {
		return err
	}
	if err := sess.checkOutputRecord(kind, id); err != nil {
		return err
	}
	return wrap("audit the print", sess.logAction(model.ActPrint, kind, id, strings.TrimSpace(detail)))
}

// RecordExport checks that the user may export records (PermExport) and
// audits the export: kind and id name the record exported from (empty for a
// list, register or statistics file), detail what was exported and where.
// Every export of store data to a file calls it before writing.
func (svc Outputs) RecordExport(kind model.Kind, id model.ID, detail string) error {
	sess := svc.sess
	if err := sess.require(model.PermExport); err != nil {
		return err
	}
	if err := sess.checkOutputRecord(kind, id); err != nil {
		return err
	}
	return wrap("audit the export", sess.logAction(model.ActExport, kind, id, strings.TrimSpace(detail)))
}

// checkOutputRecord refuses printing or exporting from a restricted patient
// the user may not open.
func (sess *Session) checkOutputRecord(kind model.Kind, id model.ID) error {
	if id.IsZero() || kind == "" {
		return nil
	}
	return sess.checkRestricted(kind, id)
}
