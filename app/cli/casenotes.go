package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"dossier/reports"
)

// runCaseNotes prints a patient's case notes to a PDF without the window.
func runCaseNotes(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "casenotes")
	mrn := fs.String("mrn", "", "the patient's MRN")
	out := fs.String("out", "", "the PDF to write")
	forWhom := fs.String("for", "", "who the notes are for (ward, clinician)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *mrn == "" || *out == "" || *forWhom == "" {
		return errors.New(`usage: dossier casenotes --mrn MRN --out FILE --for "Ward 3, Dr. Achieng"`)
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	ids, err := sess.Patients().FindByIdentifier(*mrn)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("no patient has the MRN %s", *mrn)
	}
	p, ch, err := sess.Encounters().CaseNotes(ids[0], *forWhom)
	if err != nil {
		return err
	}
	clinic, err := sess.Clinic()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = reports.WriteCaseNotes(&buf, reports.CaseNotes{Clinic: clinic, Patient: p, Encounters: ch.Encounters, Notes: ch.Notes,
		For: *forWhom, PrintedBy: sess.User().Username, PrintedAt: time.Now()})
	if err != nil {
		return err
	}
	if err := writePDF(*out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	if _, err := sess.Release().RecordInternal(p.ID, *forWhom, []string{"Case notes"}, reports.PageCount(buf.Bytes()), hex.EncodeToString(sum[:])); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Case notes of %s (%s) written to %s.\n", p.DisplayName(), p.MRN, *out)
	return nil
}
