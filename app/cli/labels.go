package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

// patientByMRN finds the one current patient with an MRN.
func patientByMRN(sess *storage.Session, mrn string) (model.Patient, error) {
	ids, err := sess.Patients().FindByIdentifier(mrn)
	if err != nil {
		return model.Patient{}, err
	}
	if len(ids) == 0 {
		return model.Patient{}, fmt.Errorf("no patient has the MRN %s", mrn)
	}
	p, _, err := sess.Patients().Get(ids[0])
	return p, err
}

// writePDF writes a PDF to path, removing a half-written file on error.
func writePDF(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func layoutNames() string {
	var names []string
	for _, l := range reports.LabelLayouts {
		names = append(names, `"`+l.Name+`"`)
	}
	return strings.Join(names, ", ")
}

// runLabels prints folder or patient ID labels for one patient.
func runLabels(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "labels")
	mrn := fs.String("mrn", "", "the patient's MRN")
	kind := fs.String("kind", "folder", "folder or id")
	layout := fs.String("layout", reports.LabelLayouts[0].Name, "label sheet layout")
	skip := fs.Int("skip", 0, "labels already used on the sheet")
	copies := fs.Int("copies", 1, "labels to print")
	out := fs.String("out", "", "the PDF to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *mrn == "" || *out == "" || (*kind != "folder" && *kind != "id") {
		return errors.New("usage: dossier labels --mrn MRN --kind folder|id --out FILE [--layout NAME] [--skip N] [--copies N]")
	}
	l, ok := reports.LayoutByName(*layout)
	if !ok {
		return fmt.Errorf("no label layout %q; choose one of %s", *layout, layoutNames())
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := patientByMRN(sess, *mrn)
	if err != nil {
		return err
	}
	sheet := reports.LabelSheet{Layout: l, Skip: *skip, Copies: *copies}
	born := p.BirthDate.String()
	err = writePDF(*out, func(w io.Writer) error {
		if *kind == "folder" {
			return reports.WriteFolderLabels(w, sheet, []reports.FolderLabel{{Name: p.DisplayName(), MRN: p.MRN, Born: born, Sex: p.Sex.Label()}})
		}
		return reports.WriteIDLabels(w, sheet, []reports.IDLabel{{Name: p.DisplayName(), MRN: p.MRN, Born: born, Sex: p.Sex.Label()}})
	})
	if err != nil {
		return err
	}
	sess.LogAction(model.ActPrint, model.KindPatient, p.ID, fmt.Sprintf("labels: %s ×%d", *kind, *copies))
	fmt.Fprintf(env.Stdout, "%d %s labels for %s written to %s. Print at actual size (not \"fit to page\").\n", *copies, *kind, p.MRN, *out)
	return nil
}

// runCoverSheet prints cover sheets that file the pages scanned behind
// them to a patient, document type and date.
func runCoverSheet(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "coversheet")
	mrn := fs.String("mrn", "", "the patient's MRN")
	typ := fs.String("type", "", "document type: "+docTypeNames())
	date := fs.String("date", time.Now().Format("2006-01-02"), "the document's date, YYYY-MM-DD")
	out := fs.String("out", "", "the PDF to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	t := model.DocType(*typ)
	if *mrn == "" || *out == "" || !t.Valid() {
		return errors.New("usage: dossier coversheet --mrn MRN --type " + docTypeNames() + " [--date YYYY-MM-DD] --out FILE")
	}
	d, err := model.ParseISODate(*date)
	if err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := patientByMRN(sess, *mrn)
	if err != nil {
		return err
	}
	clinic, err := sess.Clinic()
	if err != nil {
		return err
	}
	sheet := reports.CoverSheet{Clinic: clinic.Name, Patient: p.DisplayName(), Cover: model.Cover{MRN: p.MRN, Type: t, Date: d},
		PrintedBy: sess.User().FullName, Printed: time.Now()}
	if err := writePDF(*out, func(w io.Writer) error { return reports.WriteCoverSheets(w, []reports.CoverSheet{sheet}) }); err != nil {
		return err
	}
	sess.LogAction(model.ActPrint, model.KindPatient, p.ID, "cover sheet: "+t.Label()+" "+d.String())
	fmt.Fprintf(env.Stdout, "Cover sheet for %s, %s of %s, written to %s.\n", p.MRN, t.Label(), d, *out)
	return nil
}

func docTypeNames() string {
	var s []string
	for _, t := range model.DocTypes {
		s = append(s, string(t))
	}
	return strings.Join(s, "|")
}
