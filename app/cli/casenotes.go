package cli

import (
	"errors"
	"fmt"

	"dossier/app/flow/printing"
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
	id, err := patientByMRN(sess, *mrn)
	if err != nil {
		return err
	}
	p, err := printing.CaseNotes(sess, id, *forWhom, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Case notes of %s (%s) written to %s.\n", p.DisplayName(), p.MRN, *out)
	return nil
}
