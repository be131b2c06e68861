package clinical

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/model"
)

// Signing rules for model.Note. They are functions, not methods, because
// Go allows methods only in the package that declares the type.
//
// A signed note is the clinician's statement as it stood when signed: it is
// never edited again, by anyone. A correction or a later finding is an
// Addendum: a record of its own that points at the note. Screens and
// printouts show a note followed by its addenda in time order, and the
// note's text stays as signed, so a reader can always see what was known
// when.

// signedStamp is how signing times read in messages.
const signedStamp = "2006-01-02 15:04"

// Sign signs the note as by at the time at. mayAs is whether the signer's
// role may sign notes (model.PermSignNote: clinicians); the caller knows
// the user, this package does not. The note is changed only when signing
// succeeds.
func Sign(n *model.Note, by string, at time.Time, mayAs bool) error {
	switch {
	case n == nil:
		return errors.New("there is no note to sign")
	case !mayAs:
		return errors.New("only a clinician can sign a note")
	case n.SignedBy != "":
		return fmt.Errorf("the note is already signed by %s on %s", n.SignedBy, n.SignedAt.Format(signedStamp))
	case strings.TrimSpace(n.Text) == "":
		return errors.New("an empty note can't be signed; write the note first")
	case strings.TrimSpace(by) == "":
		return errors.New("the note must be signed by a named user")
	case at.IsZero():
		return errors.New("the time of signing is missing")
	case !n.Written.IsZero() && at.Before(n.Written):
		return fmt.Errorf("the signature (%s) is before the note was written (%s)", at.Format(signedStamp), n.Written.Format(signedStamp))
	}
	n.SignedBy, n.SignedAt = strings.TrimSpace(by), at
	return nil
}

// Addendum is text added to a signed note. The storage engineer stores it
// as a record of its own (a new ID, NoteID pointing at the note, the
// patient of the note), never by changing the note: the signed text must
// stay exactly as it was. An addendum is itself never edited; a wrong
// addendum is corrected by another addendum. Its author is its signature,
// so addenda need no separate signing step, and anyone who may write notes
// may add one (model.PermWriteNote; the caller checks).
type Addendum struct {
	ID        model.ID  `json:"id"`
	NoteID    model.ID  `json:"note"`
	PatientID model.ID  `json:"patient"`
	Text      string    `json:"text"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// AddAddendum makes an addendum to a signed note. An unsigned note is
// edited instead: an addendum to it would be a second place to look for
// what its author meant.
func AddAddendum(n model.Note, text, by string, at time.Time) (Addendum, error) {
	text = strings.TrimSpace(text)
	switch {
	case n.ID.IsZero():
		return Addendum{}, errors.New("save the note before adding to it")
	case n.SignedBy == "":
		return Addendum{}, errors.New("the note is not signed yet; edit it instead of adding an addendum")
	case text == "":
		return Addendum{}, errors.New("write the addendum")
	case strings.TrimSpace(by) == "":
		return Addendum{}, errors.New("the addendum must be written by a named user")
	case at.IsZero():
		return Addendum{}, errors.New("the time of the addendum is missing")
	case at.Before(n.SignedAt):
		return Addendum{}, fmt.Errorf("the addendum (%s) is before the note was signed (%s)", at.Format(signedStamp), n.SignedAt.Format(signedStamp))
	}
	return Addendum{ID: model.NewID(), NoteID: n.ID, PatientID: n.PatientID, Text: text, By: strings.TrimSpace(by), At: at}, nil
}
