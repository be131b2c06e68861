package ministryreturn

import (
	"io"
	"time"

	"dossier/app/flow/privatefile"
	"dossier/model"
	md "dossier/model/dhis2"
	rd "dossier/reports/dhis2"
	"dossier/storage"
)

// Encode writes the prepared return as ADX XML or dataValueSet JSON.
func Encode(p Prepared, adx bool, exported time.Time) ([]byte, error) {
	if adx {
		return rd.ADX(p.Return(exported))
	}
	return rd.DataValueSetJSON(p.Return(exported))
}

// SaveFile writes the return to path for upload by USB or e-mail, audits
// the export and keeps the return.
func SaveFile(sess *storage.Session, p Prepared, adx bool, path string) (md.Kept, error) {
	action, format := md.ActSavedJSON, "dataValueSet JSON"
	if adx {
		action, format = md.ActSavedADX, "ADX XML"
	}
	body, err := Encode(p, adx, time.Now())
	if err != nil {
		return md.Kept{}, err
	}
	if err := sess.Outputs().RecordExport(model.KindReturn, model.ZeroID,
		"ministry's return "+p.Month.String()+" as "+format+" to "+path); err != nil {
		return md.Kept{}, err
	}
	if err := privatefile.Write(path, func(w io.Writer) error { _, err := w.Write(body); return err }); err != nil {
		return md.Kept{}, err
	}
	k := p.kept(action)
	k.File = path
	return sess.Returns().Keep(k)
}
