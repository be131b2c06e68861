package printing

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	printflow "dossier/app/flow/printing"
	"dossier/model"
	"dossier/reports"
)

func layoutNamed(t *testing.T, prefix string) string {
	t.Helper()
	for _, l := range reports.LabelLayouts {
		if strings.HasPrefix(l.Name, prefix) {
			return l.Name
		}
	}
	t.Fatalf("no label layout %s", prefix)
	return ""
}

func TestSaveEveryKindOfLabelAndCoverSheets(t *testing.T) {
	h, store, p := testHost(t)
	s := model.Specimen{PatientID: p.ID, Type: "Blood", Tests: "FBC", Collected: time.Now().Add(-time.Hour)}
	if err := h.Session().Specimens().Log(&s); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, k := range []LabelKind{FolderLabels, IDLabels, SpecimenLabels} {
		path := filepath.Join(dir, k.Short()+".pdf")
		job := printflow.LabelJob{Kind: k, Layout: layoutNamed(t, "Avery L7160"), Skip: 2, Copies: 2, Specimens: []model.Specimen{s}}
		saveThroughDialog(t, h, path, func() { outputLabels(h, p, job) })
		wantDialog(t, h, k.String()+" saved to "+path)
		h.Serialized(func() { clearDialogs(h) })
		want := []string{p.MRN}
		if k == SpecimenLabels {
			want = append(want, s.Code)
		}
		wantPDF(t, path, want...)
	}
	cover := filepath.Join(dir, "cover.pdf")
	saveThroughDialog(t, h, cover, func() {
		outputCoverSheets(h, p, model.Cover{MRN: p.MRN, Type: model.DocLab, Date: model.DateOf(time.Now())}, 2)
	})
	wantDialog(t, h, "2 cover sheets saved to "+cover)
	wantPDF(t, cover, p.MRN, "Test Clinic", "Clara Clerk")

	super, err := store.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Lock("sign-out")
	entries, err := super.Admin().Audit(model.AuditFilter{Action: model.ActPrint, Record: p.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, e := range entries {
		details = append(details, e.Detail)
	}
	got := strings.Join(details, "\n")
	for _, w := range []string{"labels: folder ×2", "labels: id ×2", "labels: specimen ×2 (" + s.Code + ")", "cover sheets: Lab result"} {
		if !strings.Contains(got, w) {
			t.Errorf("audit lacks %q:\n%s", w, got)
		}
	}
}

// The chart's "Print case notes…" button is tested with the chart
// (app/ui/casenotes_test.go); this is what happens once the clerk said for
// whom and where.
func TestWriteCaseNotes(t *testing.T) {
	h, _, p := testHost(t)
	path := filepath.Join(t.TempDir(), "notes.pdf")
	saveThroughDialog(t, h, path, func() { outputCaseNotes(h, p, "Ward 3") })
	wantDialog(t, h, "Case notes saved to")
	wantPDF(t, path, p.MRN, "Ward 3")
}
