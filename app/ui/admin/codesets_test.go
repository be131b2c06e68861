package admin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	codeimport "dossier/reports/imports/codes"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// shownText joins the labels on the window and its dialogs.
func shownText(c fyne.Canvas) string {
	var b strings.Builder
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *fyne.Container:
			for _, ch := range x.Objects {
				visit(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				visit(ch)
			}
		}
	}
	for _, o := range c.Overlays().List() {
		visit(o)
	}
	visit(c.Content())
	return b.String()
}

func TestImportCodeSetTellsCodingAndRefusesBadRows(t *testing.T) {
	h, _ := signedInHost(t)
	changed := 0
	h.Links.CodeSetsChanged = func() { changed++ }
	h.Serialized(func() { h.Win.SetContent(CodeSetsScreen(h)) })
	h.Wait()
	if s := shownText(h.Win.Canvas()); !strings.Contains(s, "ICD-10-CM 2021 — shipped with Dossier") {
		t.Fatalf("code sets screen shows:\n%s", s)
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "reports", "imports", "codes", "testdata", "icpc2-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	h.Serialized(func() {
		runCodeSetImport(h, "icpc2-sample.csv", data, "", codeimport.Options{Format: codeimport.ICPC2, Name: "ICPC-2", Version: "2015"},
			func() { h.Win.SetContent(CodeSetsScreen(h)) })
	})
	h.Wait()
	s := shownText(h.Win.Canvas())
	if !strings.Contains(s, "ICPC-2 2015 installed") || !strings.Contains(s, "ICPC-2 2015 —") {
		t.Fatalf("after the import the window shows:\n%s", s)
	}
	if changed != 1 {
		t.Fatalf("coding was told %d times that code sets changed, want 1", changed)
	}

	bad := []byte("code,title\nA01,Pain general\n,No code\n")
	h.Serialized(func() {
		runCodeSetImport(h, "bad.csv", bad, "", codeimport.Options{Format: codeimport.Table, Name: "Clinic list", Version: "1"}, func() {})
	})
	h.Wait()
	s = shownText(h.Win.Canvas())
	if !strings.Contains(s, "Nothing was installed.") || !strings.Contains(s, "line 3") {
		t.Fatalf("a refused import shows:\n%s", s)
	}
	if changed != 1 {
		t.Fatal("a refused import told coding that code sets changed")
	}
}
