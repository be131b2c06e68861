package storage

import (
	"fmt"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// A discharge summary keyed from paper says how and when the stay ended;
// dischargeToStay carries that to the stay (the inpatient encounter) in the
// transaction that saves the keying, as a revision of the stay with its
// reason, so the chart and the packet never disagree with the paper.
//
// The choice when the stay already records a discharge: the keyed values
// fill only what is not recorded (no outcome, or the right day at 00:00,
// which is how a discharge entered without its time is stored). A recorded
// value that differs is left as it is and the clerk is told, plainly, what
// the stay says and what the summary says: the stay may have been
// discharged by someone who saw the patient leave, and a keying is one
// clerk's reading of handwriting, so neither silently wins. The one
// exception is a correction of this same document's keying: values the
// stay holds because the earlier keying put them there follow the
// correction.
//
// Values are carried only once they are the values of record: at once when
// the clinic keys discharge summaries once, and after the second keying
// agrees (or a supervisor settles the differences) when it keys them twice.

// dischargeToStay applies the discharge of a keyed discharge summary to its
// stay and says what it did, or why it did not, for the clerk; "" when the
// document is not a discharge summary. prev are the values of record of
// the keying being corrected, nil when there were none.
func (sess *Session) dischargeToStay(tx *bolt.Tx, doc model.Document, tr clinical.Transcript, prev clinical.Entry, c model.Clinic) (string, error) {
	if doc.Type != model.DocDischarge {
		return "", nil
	}
	switch tr.Status {
	case clinical.TranscriptAwaitingSecond, clinical.TranscriptMismatched:
		return "The stay takes this discharge once the two keyings agree.", nil
	}
	order := dateOrder(c)
	// Relative dates ("yesterday 14:30") are read as of the keying, and in
	// the workstation's time zone, as the Discharge dialog reads times.
	ref := tr.First.At.Local()
	if ref.IsZero() {
		ref = sess.now().Local()
	}
	at, d, ok := keyedDischarge(tr.Final, order, ref)
	if !ok {
		return "", nil
	}
	e, found, why, err := sess.stayOfDocument(tx, doc, tr.Final, order, ref)
	if err != nil || !found {
		return why, err
	}
	shown := func(t time.Time) string {
		t = t.Local()
		return clinical.FormatDate(model.DateOf(t), order) + " " + t.Format("15:04")
	}
	if e.End.IsZero() {
		if err := clinical.StayOf(e).CheckDischarge(at, d, sess.now()); err != nil {
			return "The stay was not discharged: " + plainErr(err) + ". Check the keyed discharge date, or the stay in Admissions.", nil
		}
		e.End, e.Disposition = at, string(d)
		return fmt.Sprintf("The stay is discharged: %s, %s.", d.Label(), shown(at)),
			sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActEdit, owner: e.PatientID,
				reason: "discharge keyed from the discharge summary: " + d.Label()})
	}

	var filled, differ []string
	prevAt, prevD, hadPrev := keyedDischarge(prev, order, ref)
	switch rec := clinical.Disposition(e.Disposition); {
	case rec == d:
	case rec == "" || hadPrev && rec == prevD:
		e.Disposition = string(d)
		filled = append(filled, "how the patient left ("+d.Label()+")")
	default:
		differ = append(differ, fmt.Sprintf("how the patient left: the stay says %s, the summary %s", rec.Label(), d.Label()))
	}
	end := e.End.Local()
	sameDay := model.DateOf(end) == model.DateOf(at.Local())
	switch {
	case e.End.Equal(at), sameDay && isMidnight(at):
		// the same, or the summary gives the day only
	case hadPrev && e.End.Equal(prevAt), sameDay && isMidnight(end):
		e.End = at
		filled = append(filled, "the time of discharge ("+at.Local().Format("15:04")+")")
	default:
		differ = append(differ, fmt.Sprintf("the discharge: the stay says %s, the summary %s", shown(e.End), shown(at)))
	}
	var note []string
	if len(filled) > 0 {
		// The new discharge is checked as the Discharge dialog checks one
		// (after the admission and the last transfer, not in the future),
		// not the whole stay: an old stay short of, say, its ward still
		// takes the outcome its summary gives.
		open := clinical.StayOf(e)
		open.Discharged, open.Disposition = time.Time{}, ""
		if err := open.CheckDischarge(e.End, clinical.Disposition(e.Disposition), sess.now()); err != nil {
			return "The stay was not changed: " + plainErr(err) + ". Check the keyed discharge date, or the stay in Admissions.", nil
		}
		note = append(note, "The stay now records "+strings.Join(filled, " and ")+".")
		if err := sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActEdit, owner: e.PatientID,
			reason: "discharge completed from the keyed discharge summary: " + strings.Join(filled, ", ")}); err != nil {
			return "", err
		}
	}
	if len(differ) > 0 {
		note = append(note, "The stay keeps its recorded "+strings.Join(differ, "; and ")+
			". If the summary is right, correct the stay in Admissions.")
	}
	return strings.Join(note, " "), nil
}

// keyedDischarge reads the discharge time and outcome of a keyed summary.
func keyedDischarge(fields clinical.Entry, order clinical.DateOrder, ref time.Time) (time.Time, clinical.Disposition, bool) {
	if fields == nil {
		return time.Time{}, "", false
	}
	at, err := clinical.ParseDateTime(fields["discharged"], order, ref)
	if err != nil {
		return time.Time{}, "", false
	}
	d, ok := clinical.DispositionByLabel(strings.TrimSpace(fields["disposition"]))
	if !ok {
		return time.Time{}, "", false
	}
	return at, d, true
}

func isMidnight(t time.Time) bool {
	t = t.Local()
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0
}

// stayOfDocument finds the stay a discharge summary closes: the encounter
// it is filed to, or else the patient's one stay admitted on the keyed
// admission date. why says, for the clerk, why there is none.
func (sess *Session) stayOfDocument(tx *bolt.Tx, doc model.Document, fields clinical.Entry, order clinical.DateOrder, ref time.Time) (e model.Encounter, found bool, why string, err error) {
	const noStay = "No stay was discharged: the summary is not filed to an inpatient stay. File it to the stay, or discharge the patient in Admissions."
	if !doc.EncounterID.IsZero() {
		e, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, doc.EncounterID)
		if err != nil {
			return e, false, "", fmt.Errorf("the document's encounter: %w", err)
		}
		if m.Deleted || e.Type != model.EncInpatient {
			return e, false, noStay, nil
		}
		return e, true, "", nil
	}
	admitted, err := clinical.ParseDate(fields["admitted"], order, ref)
	if err != nil {
		return e, false, noStay, nil
	}
	n := 0
	for _, id := range sess.owned(tx, doc.PatientID, model.KindEncounter) {
		o, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
		if err != nil {
			return e, false, "", err
		}
		if !m.Deleted && o.Type == model.EncInpatient && model.DateOf(o.Start.Local()) == admitted {
			e, n = o, n+1
		}
	}
	if n != 1 {
		return model.Encounter{}, false, noStay, nil
	}
	return e, true, "", nil
}

// plainErr is an error's message without a trailing full stop.
func plainErr(err error) string { return strings.TrimSuffix(err.Error(), ".") }
