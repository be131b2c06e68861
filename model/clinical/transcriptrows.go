package clinical

import (
	"strings"
	"time"

	"dossier/model"
)

// A keyed document printed as a typed record (in case notes, in a release
// packet) shows every field keyed, under the form's own labels and in the
// words the form shows (an outcome as "Discharged home"), so the print says
// all the paper said and nothing is lost between keying and printing.

// Rows are a keying's fields in the form's order, as label and value,
// leaving out empty ones; narrative fields (multi-line boxes) are returned
// apart, as paragraphs headed by their label, because they read as text,
// not as a table row.
func (t Template) Rows(e Entry) (rows [][2]string, narrative []string) {
	for _, f := range t.Fields {
		v := strings.TrimSpace(e[f.Key])
		if v == "" {
			continue
		}
		v = f.Shown(v)
		if f.Multiline {
			narrative = append(narrative, f.Label+": "+v)
			continue
		}
		rows = append(rows, [2]string{f.Label, v})
	}
	return rows, narrative
}

// Settled reports a keying whose values are of record: keyed once where
// the clinic keys once, or verified by a second keying or a supervisor.
func (tr Transcript) Settled() bool {
	return tr.Status == TranscriptKeyed || tr.Status == TranscriptVerified
}

// datedBy are the fields, most telling first, that give the date a
// document is dated: a discharge summary is dated by the discharge, a lab
// report by its report, a note by when it was written.
var datedBy = []string{"discharged", "written", "date", "reported", "collected", "admitted"}

// Dated is the date the document is dated, as keyed from it; ok is false
// when no date field was keyed. Relative dates ("yesterday") are read as
// of the keying.
func (tr Transcript) Dated(order DateOrder) (d model.Date, ok bool) {
	ref := tr.First.At
	if ref.IsZero() {
		ref = time.Now()
	}
	for _, k := range datedBy {
		v := strings.TrimSpace(tr.Final[k])
		if v == "" {
			continue
		}
		if at, err := ParseDateTime(v, order, ref.Local()); err == nil {
			return model.DateOf(at), true
		}
	}
	return model.Date{}, false
}
