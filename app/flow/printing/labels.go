package printing

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"dossier/model"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// LabelKind is what a sheet of labels is for.
type LabelKind int

const (
	FolderLabels LabelKind = iota
	IDLabels
	SpecimenLabels
)

var labelKindNames = []string{"Folder labels", "Patient ID labels", "Specimen labels"}

func (k LabelKind) String() string { return labelKindNames[k] }

// Short names the kind in the audit trail, file names, preferences and
// the command line.
func (k LabelKind) Short() string { return []string{"folder", "id", "specimen"}[k] }

// MaxLabelCopies keeps a slip of the keyboard from printing a box of
// label sheets.
const MaxLabelCopies = 200

// LabelJob is one PDF of labels for one patient.
type LabelJob struct {
	Kind         LabelKind
	Layout       string // a reports.LabelLayouts name
	Skip, Copies int    // labels already used on the first sheet; copies of each label
	Specimens    []model.Specimen
}

// Count is how many labels the job prints.
func (j LabelJob) Count() int {
	n := 1
	if j.Kind == SpecimenLabels {
		n = len(j.Specimens)
	}
	return n * max(j.Copies, 1)
}

// check refuses a job that cannot be printed as asked.
func (j LabelJob) check() (reports.LabelLayout, error) {
	l, ok := reports.LayoutByName(j.Layout)
	switch {
	case !ok:
		return l, fmt.Errorf("there is no label sheet called %q", j.Layout)
	case j.Skip < 0 || j.Skip >= l.PerSheet():
		return l, fmt.Errorf("a sheet holds %d labels: from 0 to %d can be already used", l.PerSheet(), l.PerSheet()-1)
	case j.Copies < 1 || j.Copies > MaxLabelCopies:
		return l, fmt.Errorf("print from 1 to %d of each label", MaxLabelCopies)
	case j.Kind == SpecimenLabels && len(j.Specimens) == 0:
		return l, fmt.Errorf("choose at least one specimen")
	}
	return l, nil
}

// auditDetail is the audit entry's text, e.g. "labels: specimen ×2 (S-1)".
func (j LabelJob) auditDetail() string {
	detail := fmt.Sprintf("labels: %s ×%d", j.Kind.Short(), j.Count())
	if j.Kind == SpecimenLabels {
		codes := make([]string, len(j.Specimens))
		for i, s := range j.Specimens {
			codes[i] = s.Code
		}
		detail += " (" + strings.Join(codes, ", ") + ")"
	}
	return detail
}

// BornText is the birth date as every label shows it: an estimated date
// only by its year, "~1980", as the day and month were never known.
func BornText(p model.Patient) string {
	if p.BirthEstimated && !p.BirthDate.IsZero() {
		return "~" + strconv.Itoa(p.BirthDate.Year)
	}
	return p.BirthDate.String()
}

// Labels prints the job's labels for a patient to a PDF at path. The
// patient is read afresh (restricted records follow the usual rule); the
// print is audited before the file is written. It returns the patient.
func Labels(sess *storage.Session, patient model.ID, j LabelJob, path string) (model.Patient, error) {
	job, p, err := LabelsJob(sess, patient, j)
	if err != nil {
		return p, err
	}
	return p, job.Save(path)
}

// LabelsJob renders the labels for saving, printing (at actual size) or
// preview; Save and Print audit them.
func LabelsJob(sess *storage.Session, patient model.ID, j LabelJob) (*Job, model.Patient, error) {
	if err := mayPrint(sess); err != nil {
		return nil, model.Patient{}, err
	}
	p, _, err := sess.Patients().Get(patient)
	if err != nil {
		return nil, p, err
	}
	clinic, err := sess.Clinic()
	if err != nil {
		return nil, p, err
	}
	var buf bytes.Buffer
	if err := writeLabels(&buf, p, j, printed.For(clinic.Language)); err != nil {
		return nil, p, err
	}
	return &Job{Name: "labels-" + j.Kind.Short() + "-" + p.MRN + ".pdf", Title: "Dossier " + strings.ToLower(j.Kind.String()),
		ActualSize: true, PDF: buf.Bytes(),
		account: func(to string) error {
			return sess.Outputs().RecordPrint(model.KindPatient, p.ID, withDest(j.auditDetail(), to))
		}}, p, nil
}

// writeLabels draws the job's labels for p.
func writeLabels(w io.Writer, p model.Patient, j LabelJob, words printed.Words) error {
	layout, err := j.check()
	if err != nil {
		return err
	}
	sheet := reports.LabelSheet{Layout: layout, Skip: j.Skip, Copies: j.Copies, Words: words}
	name, born, sex := p.DisplayName(), BornText(p), words.Sex(p.Sex)
	switch j.Kind {
	case FolderLabels:
		return reports.WriteFolderLabels(w, sheet, []reports.FolderLabel{{Name: name, MRN: p.MRN, Born: born, Sex: sex}})
	case IDLabels:
		return reports.WriteIDLabels(w, sheet, []reports.IDLabel{{Name: name, MRN: p.MRN, Born: born, Sex: sex}})
	}
	ls := make([]reports.SpecimenLabel, len(j.Specimens))
	for i, s := range j.Specimens {
		ls[i] = reports.SpecimenLabel{Name: name, MRN: p.MRN, Born: born, Specimen: s.Type, Tests: s.Tests,
			Collected: s.Collected.Local().Format("2006-01-02 15:04"), Code: s.Code}
	}
	return reports.WriteSpecimenLabels(w, sheet, ls)
}
