package storage

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"dossier/model"
	md "dossier/model/dhis2"

	bolt "go.etcd.io/bbolt"
)

// Returns keeps the ministry's monthly return: the report definition and
// the server (one record, set by administrators: PermSettings) and every
// return saved to a file or sent (records of their own kind, kept by those
// who prepare returns: PermExport, records supervisors and administrators).
// Each is a sealed record, so the server's password and the figures are
// never on disk in the clear, and each save is audited by the record engine.
type Returns struct{ sess *Session }

// Returns is the session's Returns service.
func (sess *Session) Returns() Returns { return Returns{sess} }

// returnSetupID is the fixed ID of the single return-settings record.
var returnSetupID = model.ID{0: 0xD2}

// maxReturnValues bounds a kept return (a definition's rows).
const maxReturnValues = md.MaxRows

func (svc Returns) requirePreparer() error {
	if svc.sess.Can(model.PermSettings) {
		return svc.sess.alive()
	}
	return svc.sess.require(model.PermExport)
}

func (sess *Session) returnSetupTx(tx *bolt.Tx) (md.Setup, bool, error) {
	s, _, err := getRecord[md.Setup](sess, tx, model.KindReturnSetup, returnSetupID)
	if errors.Is(err, ErrNotFound) {
		return md.Setup{}, false, nil
	}
	return s, err == nil, err
}

// Definition returns the imported report definition; ok is false when an
// administrator has imported none.
func (svc Returns) Definition() (d md.Definition, ok bool, err error) {
	if err := svc.requirePreparer(); err != nil {
		return md.Definition{}, false, err
	}
	var s md.Setup
	err = svc.sess.view(func(tx *bolt.Tx) (err error) { s, _, err = svc.sess.returnSetupTx(tx); return })
	return s.Definition, s.HasDefinition, wrap("read the report definition", err)
}

// ServerInfo says where returns are sent and as whom, without the password
// (for screens).
func (svc Returns) ServerInfo() (url, username string, err error) {
	s, err := svc.Server()
	return s.URL, s.Username, err
}

// Server returns the ministry's server with its credentials, for posting a
// return (PermExport). The zero Server when none is set.
func (svc Returns) Server() (md.Server, error) {
	if err := svc.requirePreparer(); err != nil {
		return md.Server{}, err
	}
	var s md.Setup
	err := svc.sess.view(func(tx *bolt.Tx) (err error) { s, _, err = svc.sess.returnSetupTx(tx); return })
	return s.Server, wrap("read the ministry's server", err)
}

// SetDefinition installs a report definition (administrators), checked
// again here whatever the screen did.
func (svc Returns) SetDefinition(d md.Definition, file string) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return svc.editSetup(fmt.Sprintf("report definition %q (%d rows) from %s", d.Name, len(d.Rows), oneLine(file)),
		func(s *md.Setup) { s.Definition, s.HasDefinition, s.DefinitionFile = d, true, oneLine(file) })
}

// SetServer sets the ministry's server and credentials (administrators);
// an empty URL clears them.
func (svc Returns) SetServer(srv md.Server) error {
	if err := srv.Validate(); err != nil {
		return err
	}
	what := "ministry's server cleared"
	if srv.Set() {
		what = fmt.Sprintf("ministry's server %s as %s", srv.URL, srv.Username)
	}
	return svc.editSetup(what, func(s *md.Setup) { s.Server = srv })
}

func (svc Returns) editSetup(reason string, edit func(*md.Setup)) error {
	sess := svc.sess
	if err := sess.require(model.PermSettings); err != nil {
		return err
	}
	return wrap("save the return settings", sess.update(func(tx *bolt.Tx) error {
		s, exists, err := sess.returnSetupTx(tx)
		if err != nil {
			return err
		}
		edit(&s)
		op := model.ActEdit
		if !exists {
			op = model.ActCreate
		}
		return sess.write(tx, writeOp{kind: model.KindReturnSetup, id: returnSetupID, body: s, op: op, reason: reason})
	}))
}

// Keep records a return saved or sent: the signed-in user and the time are
// set here. It returns the record as kept.
func (svc Returns) Keep(k md.Kept) (md.Kept, error) {
	sess := svc.sess
	if err := svc.requirePreparer(); err != nil {
		return md.Kept{}, err
	}
	if _, err := md.ParseMonth(k.Period); err != nil {
		return md.Kept{}, err
	}
	switch k.Action {
	case md.ActSavedJSON, md.ActSavedADX, md.ActDryRun, md.ActSent:
	default:
		return md.Kept{}, model.Errorf(model.Invalid, "a kept return must say what was done with it")
	}
	if len(k.Values) > maxReturnValues {
		return md.Kept{}, model.Errorf(model.Invalid, "a return holds at most %d values", maxReturnValues)
	}
	k.ID, k.By, k.At = model.NewID(), sess.user.Username, wallNow()
	k.File, k.Server, k.Failure = oneLine(k.File), oneLine(k.Server), oneLine(k.Failure)
	reason := fmt.Sprintf("return %s for %s: %s, %d values", k.Definition, k.Period, k.Action, len(k.Values))
	if k.Failure != "" {
		reason += " (failed)"
	}
	err := sess.update(func(tx *bolt.Tx) error {
		return sess.write(tx, writeOp{kind: model.KindReturn, id: k.ID, body: k, op: model.ActCreate, reason: reason})
	})
	return k, wrap("keep the return", err)
}

// Kept lists the returns kept for a period ("" = every period), newest
// first. It reads every kept return: a clinic keeps a few a month.
func (svc Returns) Kept(period string) ([]md.Kept, error) {
	if err := svc.requirePreparer(); err != nil {
		return nil, err
	}
	period = strings.TrimSpace(period)
	var out []md.Kept
	err := listRecords(svc.sess, model.KindReturn, false, func(k md.Kept, _ model.Revision) bool {
		if period == "" || k.Period == period {
			out = append(out, k)
		}
		return true
	})
	slices.SortFunc(out, func(a, b md.Kept) int { return b.At.Compare(a.At) })
	return out, wrap("list the kept returns", err)
}

// LastSent is the newest return of the period the server accepted; ok is
// false when none was.
func (svc Returns) LastSent(period string) (md.Kept, bool, error) {
	ks, err := svc.Kept(period)
	if err != nil {
		return md.Kept{}, false, err
	}
	for _, k := range ks {
		if k.Accepted() {
			return k, true, nil
		}
	}
	return md.Kept{}, false, nil
}
