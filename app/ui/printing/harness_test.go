package printing

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const pw = "correct horse battery"

// testHost is a window signed in as a clerk over a store with one
// patient; the store is returned for checking the audit trail.
func testHost(t *testing.T) (*kit.Host, *storage.Store, model.Patient) {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "print.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada Admin"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []model.User{{Username: "clerk1", FullName: "Clara Clerk", Role: model.RoleClerk},
		{Username: "super1", FullName: "Sam Super", Role: model.RoleSupervisor}} {
		if _, err := admin.Admin().CreateUser(u, pw); err != nil {
			t.Fatal(err)
		}
	}
	p := model.Patient{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1990, Month: 3, Day: 4}}
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	sess, err := s.SignIn("clerk1", pw)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("Dossier")
	w.Resize(fyne.NewSize(1100, 720))
	h := kit.NewHost(a, w, "test")
	h.SignedIn(sess)
	t.Cleanup(func() { h.Wait(); h.SignedOut(); sess.Lock("sign-out"); w.Close(); s.Close() })
	return h, s, p
}

// dialogText joins the texts of the open dialogs.
func dialogText(h *kit.Host) string {
	var b strings.Builder
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case *fyne.Container:
			for _, ch := range x.Objects {
				visit(ch)
			}
			return
		}
		if wd, ok := o.(fyne.Widget); ok {
			for _, ch := range test.WidgetRenderer(wd).Objects() {
				visit(ch)
			}
		}
	}
	for _, o := range h.Win.Canvas().Overlays().List() {
		visit(o)
	}
	return b.String()
}

func wantDialog(t *testing.T, h *kit.Host, want string) {
	t.Helper()
	if s := dialogText(h); !strings.Contains(s, want) {
		t.Fatalf("no dialog says %q; they say:\n%s", want, s)
	}
}

func clearDialogs(h *kit.Host) {
	ov := h.Win.Canvas().Overlays()
	for top := ov.Top(); top != nil; top = ov.Top() {
		ov.Remove(top)
	}
}

// wantPDF checks path is a private PDF whose text (pdftotext) holds every
// one of want.
func wantPDF(t *testing.T, path string, want ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF: %v", path, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s is not private: %v %v", path, fi.Mode(), err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	for _, w := range want {
		if !strings.Contains(string(out), w) {
			t.Errorf("%s lacks %q; its text:\n%s", filepath.Base(path), w, out)
		}
	}
}

// saveThroughDialog opens a print dialog with open and presses its
// "Save PDF…", answering the file dialog with path.
func saveThroughDialog(t *testing.T, h *kit.Host, path string, open func()) {
	t.Helper()
	h.PickSavePath = func(_ string, chosen func(string)) { chosen(path) }
	h.Serialized(open)
	h.Wait()
	b := dialogButton(h, "Save PDF…")
	if b == nil {
		t.Fatalf("no Save PDF… button; the dialogs say:\n%s", dialogText(h))
	}
	h.Serialized(func() { test.Tap(b) })
	h.Wait()
}

// dialogButton is the button with this text in the open dialogs.
func dialogButton(h *kit.Host, text string) *widget.Button {
	var found *widget.Button
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				visit(ch)
			}
			return
		}
		if wd, ok := o.(fyne.Widget); ok {
			for _, ch := range test.WidgetRenderer(wd).Objects() {
				visit(ch)
			}
		}
	}
	for _, o := range h.Win.Canvas().Overlays().List() {
		visit(o)
	}
	return found
}
