package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/app/flow/printing"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

// patientByMRN finds the patient with an MRN (the first, if a former MRN
// was merged into two charts).
func patientByMRN(sess *storage.Session, mrn string) (model.ID, error) {
	ids, err := sess.Patients().FindByIdentifier(mrn)
	if err != nil {
		return model.ID{}, err
	}
	if len(ids) == 0 {
		return model.ID{}, fmt.Errorf("no patient has the MRN %s", mrn)
	}
	return ids[0], nil
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
	to := addPrintFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	kinds := map[string]printing.LabelKind{printing.FolderLabels.Short(): printing.FolderLabels, printing.IDLabels.Short(): printing.IDLabels}
	k, ok := kinds[*kind]
	if *mrn == "" || !to.chosen() || !ok {
		return errors.New("usage: dossier labels --mrn MRN --kind folder|id --out FILE|--printer NAME [--layout NAME] [--skip N] [--copies N]")
	}
	if _, ok := reports.LayoutByName(*layout); !ok {
		return fmt.Errorf("no label layout %q; choose one of %s", *layout, layoutNames())
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
	j, p, err := printing.LabelsJob(sess, id, printing.LabelJob{Kind: k, Layout: *layout, Skip: *skip, Copies: *copies})
	if err != nil {
		return err
	}
	where, err := to.deliver(j)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d %s labels for %s %s. Print at actual size (not \"fit to page\").\n", *copies, *kind, p.MRN, where)
	return nil
}

// runCoverSheet prints cover sheets that file the pages scanned behind
// them to a patient, document type and date.
func runCoverSheet(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "coversheet")
	mrn := fs.String("mrn", "", "the patient's MRN")
	typ := fs.String("type", "", "document type: "+docTypeNames())
	date := fs.String("date", time.Now().Format("2006-01-02"), "the document's date, YYYY-MM-DD")
	to := addPrintFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	t := model.DocType(*typ)
	if *mrn == "" || !to.chosen() || !t.Valid() {
		return errors.New("usage: dossier coversheet --mrn MRN --type " + docTypeNames() + " [--date YYYY-MM-DD] --out FILE|--printer NAME")
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
	id, err := patientByMRN(sess, *mrn)
	if err != nil {
		return err
	}
	j, p, err := printing.CoverSheetsJob(sess, id, t, d, 1)
	if err != nil {
		return err
	}
	where, err := to.deliver(j)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Cover sheet for %s, %s of %s, %s.\n", p.MRN, t.Label(), d, where)
	return nil
}

func docTypeNames() string {
	var s []string
	for _, t := range model.DocTypes {
		s = append(s, string(t))
	}
	return strings.Join(s, "|")
}
