package cli

import (
	"errors"
	"fmt"

	"dossier/app/flow/printing"
)

// runCaseNotes prints a patient's case notes to a PDF or a printer without the window.
func runCaseNotes(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "casenotes")
	mrn := fs.String("mrn", "", "the patient's MRN")
	to := addPrintFlags(fs)
	forWhom := fs.String("for", "", "who the notes are for (ward, clinician)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *mrn == "" || !to.chosen() || *forWhom == "" {
		return errors.New(`usage: dossier casenotes --mrn MRN --out FILE|--printer NAME --for "Ward 3, Dr. Achieng"`)
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
	j, p, err := printing.CaseNotesJob(sess, id, *forWhom)
	if err != nil {
		return err
	}
	where, err := to.deliver(j)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Case notes of %s (%s) %s.\n", p.DisplayName(), p.MRN, where)
	return nil
}
