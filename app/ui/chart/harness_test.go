package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The chart's tabs tested alone: a store with users of every role and a
// few patients, a window, and a host signed in as one user. The whole
// window's tests are in app/ui.

const pw = "correct horse battery"

type harness struct {
	h     *kit.Host
	win   fyne.Window
	store *storage.Store
	sess  *storage.Session
}

// newHarness opens a demo store signed in as user, with an empty window.
func newHarness(t *testing.T, user string) *harness {
	t.Helper()
	path := filepath.Join(t.TempDir(), "chart.dossier")
	opts := storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true}
	s, admin, _, err := storage.Create(path, model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada Admin"}, pw, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []model.User{{Username: "clerk1", FullName: "Clara Clerk", Role: model.RoleClerk},
		{Username: "super1", FullName: "Sam Super", Role: model.RoleSupervisor}} {
		if _, err := admin.Admin().CreateUser(u, pw); err != nil {
			t.Fatal(err)
		}
	}
	ps := []model.Patient{
		{GivenName: "José", FamilyName: "Muñoz", Sex: model.SexMale, BirthDate: model.Date{Year: 1980, Month: 5, Day: 2}},
		{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1992, Month: 1, Day: 9}, Alerts: []string{"Allergy: penicillin"}},
		{GivenName: "Hidden", FamilyName: "Person", Sex: model.SexFemale, Restricted: true},
	}
	if err := admin.Patients().RegisterMany(ps, nil); err != nil {
		t.Fatal(err)
	}
	sess, err := s.SignIn(user, pw)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("Dossier")
	w.Resize(fyne.NewSize(1100, 720))
	x := &harness{h: kit.NewHost(a, w, "test"), win: w, store: s, sess: sess}
	x.h.SignedIn(sess)
	t.Cleanup(func() {
		x.h.Wait()
		x.h.SignedOut()
		w.Close()
		s.Close()
	})
	return x
}

// show puts o in the window the way the chart's tab would be.
func (x *harness) show(o fyne.CanvasObject) { x.onUI(func() { x.win.SetContent(o) }); x.wait() }

// onUI runs f never at the same time as a background completion.
func (x *harness) onUI(f func()) { x.h.Serialized(f) }

func (x *harness) wait() { x.h.Wait() }

func (x *harness) tap(b *widget.Button) { x.onUI(func() { test.Tap(b) }); x.wait() }

func (x *harness) setText(e *widget.Entry, s string) { x.onUI(func() { e.SetText(s) }); x.wait() }

// walk visits every object on the window and its overlays (dialogs).
func (x *harness) walk(fn func(fyne.CanvasObject) bool) {
	var visit func(o fyne.CanvasObject) bool
	visit = func(o fyne.CanvasObject) bool {
		if o == nil || !o.Visible() {
			return true
		}
		if !fn(o) {
			return false
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				if !visit(ch) {
					return false
				}
			}
		case *container.AppTabs:
			if sel := c.Selected(); sel != nil {
				return visit(sel.Content)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(c).Objects() {
				if !visit(ch) {
					return false
				}
			}
		}
		return true
	}
	for _, o := range x.win.Canvas().Overlays().List() {
		if !visit(o) {
			return
		}
	}
	visit(x.win.Canvas().Content())
}

// screenText joins every label and text on screen, for assertions.
func (x *harness) screenText() string {
	var b strings.Builder
	x.walk(func(o fyne.CanvasObject) bool {
		switch c := o.(type) {
		case *widget.Label:
			b.WriteString(c.Text + "\n")
		case *widget.Button:
			b.WriteString(c.Text + "\n")
		case *canvas.Text:
			b.WriteString(c.Text + "\n")
		}
		return true
	})
	return b.String()
}

func (x *harness) wantText(t *testing.T, want string) {
	t.Helper()
	if s := x.screenText(); !strings.Contains(s, want) {
		t.Fatalf("screen lacks %q; it shows:\n%s", want, s)
	}
}

func (x *harness) findButton(t *testing.T, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	x.walk(func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, text) {
			found = b
			return false
		}
		return true
	})
	if found == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return found
}

// findEntry finds an entry by its placeholder's start.
func (x *harness) findEntry(t *testing.T, placeholder string) *widget.Entry {
	t.Helper()
	var found *widget.Entry
	x.walk(func(o fyne.CanvasObject) bool {
		if e, ok := kit.EntryOf(o); ok && strings.HasPrefix(e.PlaceHolder, placeholder) {
			found = e
			return false
		}
		return true
	})
	if found == nil {
		t.Fatalf("no entry %q on screen", placeholder)
	}
	return found
}

func (x *harness) findSelectWith(t *testing.T, option string) *widget.Select {
	t.Helper()
	var found *widget.Select
	x.walk(func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok {
			for _, opt := range s.Options {
				if opt == option {
					found = s
				}
			}
		}
		return true
	})
	if found == nil {
		t.Fatalf("no choice offering %q", option)
	}
	return found
}

// patient finds a demo patient by a part of the name.
func (x *harness) patient(t *testing.T, name string) model.Patient {
	t.Helper()
	list, err := x.sess.Patients().List(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if strings.Contains(p.Name, name) {
			pt, _, err := x.sess.Patients().Get(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return pt
		}
	}
	t.Fatalf("no patient %q", name)
	return model.Patient{}
}

// tinyPage is a small JPEG page with one line on it.
func tinyPage(t *testing.T, shade uint8) storage.NewPage {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 120, 170))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	for x := 10; x < 110; x++ {
		img.SetGray(x, 40, color.Gray{Y: shade})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return storage.NewPage{Source: "test.jpg", Format: "jpeg", Original: buf.Bytes(), Display: buf.Bytes(), Thumb: buf.Bytes(), Width: 120, Height: 170}
}
