package storage

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"dossier/model"
	"dossier/model/coding"

	bolt "go.etcd.io/bbolt"
)

// The clinic's shorthand list and the index books a clinic installs are
// kept as code-set records (sealed, with revisions and audit like the
// sets), told apart by their format.
const (
	shorthandName    = "Clinic shorthand"
	shorthandVersion = "list"
	shorthandFormat  = "shorthand"
	indexFormat      = "index-" // + the book's kind: "index-drug"
)

// IndexKindOf says whether an installed code-set record is an index book,
// and which.
func IndexKindOf(cs model.CodeSet) (coding.IndexKind, bool) {
	if !strings.HasPrefix(cs.Format, indexFormat) {
		return 0, false
	}
	return coding.ParseIndexKind(strings.TrimPrefix(cs.Format, indexFormat))
}

// isShorthand is the shorthand list's record (not a set to load).
func isShorthand(cs model.CodeSet) bool { return cs.Format == shorthandFormat }

// ReadIndex reads an installed book's data (the index line format, gzip).
func ReadIndex(data []byte) (*coding.Index, error) {
	return coding.LoadIndex(bytes.NewReader(data))
}

// InstallIndex stores a book imported from the official XML
// (administrators). Its name is "ICD-10-CM Table of Drugs and Chemicals"
// (or the book's title), so the Code sets screen lists it by what it is.
func (svc CodeSets) InstallIndex(kind coding.IndexKind, version string, rows int, data []byte) error {
	if rows == 0 || len(data) == 0 {
		return model.Errorf(model.Invalid, "the index is empty: nothing was installed")
	}
	name := "ICD-10-CM " + kind.Title()
	if kind == coding.ProcedureIndex {
		name = kind.Title()
	}
	return svc.Install(model.CodeSet{Name: name, Version: version, Format: indexFormat + kind.String(), Codes: rows, Data: data})
}

// Shorthand is the clinic's abbreviation list: the shipped defaults until
// an administrator has saved one.
func (svc CodeSets) Shorthand() (coding.Shorthand, error) {
	text, _, err := svc.ShorthandText()
	if err != nil {
		return nil, err
	}
	return coding.ParseShorthand(text)
}

// ShorthandText is the list as saved (or the defaults), and whether the
// clinic has saved one.
func (svc CodeSets) ShorthandText() (text string, saved bool, err error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return "", false, err
	}
	cs, _, err := getRecord[model.CodeSet](sess, nil, model.KindCodeSet, model.CodeSetID(shorthandName, shorthandVersion))
	if errors.Is(err, ErrNotFound) || model.CodeOf(err) == model.NotFound {
		return coding.DefaultShorthand, false, nil
	}
	if err != nil {
		return "", false, wrap("read the shorthand list", err)
	}
	return string(cs.Data), true, nil
}

// SaveShorthand replaces the clinic's abbreviation list (administrators),
// as a new revision with the reason given; a list with a bad line is
// refused whole, with the lines named.
func (svc CodeSets) SaveShorthand(text, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermSettings); err != nil {
		return err
	}
	list, err := coding.ParseShorthand(text)
	if err != nil {
		return model.Errorf(model.Invalid, "%s", err.Error())
	}
	if strings.TrimSpace(reason) == "" {
		return model.Errorf(model.Invalid, "say why the list changes")
	}
	cs := model.CodeSet{Name: shorthandName, Version: shorthandVersion, Format: shorthandFormat,
		Codes: len(list), Data: []byte(text), Installed: sess.now()}
	cs.ID = model.CodeSetID(cs.Name, cs.Version)
	return wrap("save the shorthand list", sess.update(func(tx *bolt.Tx) error {
		op := model.ActEdit
		if heads, _, _ := kindBuckets(tx, model.KindCodeSet, false); heads == nil || heads.Get(cs.ID[:]) == nil {
			op = model.ActCreate
		}
		return sess.write(tx, writeOp{kind: model.KindCodeSet, id: cs.ID, body: cs, op: op,
			reason: fmt.Sprintf("shorthand list (%d abbreviations): %s", len(list), reason)})
	}))
}
