package printing

import (
	"bytes"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// RecordAuditJob renders an audit's report, with each question's change
// since earlier when one is given (nil: none).
func RecordAuditJob(sess *storage.Session, a model.RecordAudit, earlier *model.RecordAudit) (*Job, error) {
	clinic, err := sess.Clinic()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	var buf bytes.Buffer
	if err := reports.WriteRecordAuditReport(&buf, reports.RecordAuditReport{Clinic: clinic, Audit: a, Earlier: earlier,
		PrintedBy: sess.User().Username, PrintedAt: now, Words: printed.For(clinic.Language)}); err != nil {
		return nil, err
	}
	return &Job{Name: "record-audit-" + a.From.Format("2006-01") + ".pdf", Title: "Dossier record audit", PDF: buf.Bytes(),
		account: func(to string) error {
			return sess.Outputs().RecordPrint(model.KindRecordAudit, a.ID, withDest("record audit report "+a.Title(), to))
		}}, nil
}
