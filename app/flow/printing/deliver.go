// Package printing is what the window and the command line print for one
// patient: case notes, labels and cover sheets. Each job reads what it
// needs through the session (permission checked), renders the PDF in
// memory, opens the private file, accounts for the print (audit entry or
// disclosure) and only then writes the PDF into the file, so no PDF is
// left without its record.
package printing

import (
	"io"

	"dossier/app/flow/privatefile"
	"dossier/model"
	"dossier/storage"
)

// deliver writes pdf to path as a private file, recording it first with
// account. The file is opened before account runs, so a path that cannot
// be written records nothing; if account fails, the (still empty) file is
// removed and nothing is left unaccounted.
func deliver(path string, pdf []byte, account func() error) error {
	return privatefile.Write(path, func(w io.Writer) error {
		if err := account(); err != nil {
			return err
		}
		_, err := w.Write(pdf)
		return err
	})
}

// mayPrint refuses users whose role may not print.
func mayPrint(sess *storage.Session) error {
	if sess.Can(model.PermPrint) {
		return nil
	}
	e := model.Errorf(model.Denied, "%s may not %s: ask a user with that role", sess.User().Username, model.PermPrint.String())
	e.Fields = map[string]string{"user": sess.User().Username, "permission": model.PermPrint.String()}
	return e
}
