package ui

import (
	"dossier/app/ui/kit"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const pw = "correct horse battery"

// walk visits every object on the window and its overlays (dialogs).
func walk(c fyne.Canvas, fn func(fyne.CanvasObject) bool) {
	var visit func(o fyne.CanvasObject) bool
	visit = func(o fyne.CanvasObject) bool {
		if o == nil || !o.Visible() {
			return true
		}
		if !fn(o) {
			return false
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, ch := range x.Objects {
				if !visit(ch) {
					return false
				}
			}
		case *container.AppTabs:
			if sel := x.Selected(); sel != nil {
				return visit(sel.Content)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				if !visit(ch) {
					return false
				}
			}
		}
		return true
	}
	for _, o := range c.Overlays().List() {
		if !visit(o) {
			return
		}
	}
	visit(c.Content())
}

func findButton(t *testing.T, ui *UI, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, text) {
			found = b
			return false
		}
		// A button folded into a tool row's "More…" menu is hidden but
		// offered.
		for _, b := range kit.ToolsOf(o) {
			if strings.HasPrefix(b.Text, text) && b.Hidden {
				found = b
				return false
			}
		}
		return true
	})
	if found == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return found
}

// findEntry finds an entry by its placeholder's start.
func findEntry(t *testing.T, ui *UI, placeholder string) *widget.Entry {
	t.Helper()
	var found *widget.Entry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
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

// screenText joins every label and text on screen, for assertions.
func screenText(ui *UI) string {
	var b strings.Builder
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString(x.Text + "\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		}
		return true
	})
	return b.String()
}

func wantText(t *testing.T, ui *UI, want string) {
	t.Helper()
	if s := screenText(ui); !strings.Contains(s, want) {
		t.Fatalf("screen lacks %q; it shows:\n%s", want, s)
	}
}

// newDemoStore makes a store with users of every role and a few patients.
func newDemoStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ui.dossier")
	s, sess, _, err := storage.Create(path, model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada Admin"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []model.User{{Username: "clerk1", FullName: "Clara Clerk", Role: model.RoleClerk},
		{Username: "super1", FullName: "Sam Super", Role: model.RoleSupervisor}} {
		if _, err := sess.Admin().CreateUser(u, pw); err != nil {
			t.Fatal(err)
		}
	}
	ps := []model.Patient{
		{GivenName: "José", FamilyName: "Muñoz", Sex: model.SexMale, BirthDate: model.Date{Year: 1980, Month: 5, Day: 2}, Address: []string{"North", "Gulu", "Laroo"}},
		{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1992, Month: 1, Day: 9}, Alerts: []string{"Allergy: penicillin"}},
		{GivenName: "Hidden", FamilyName: "Person", Sex: model.SexFemale, Restricted: true},
	}
	if err := sess.Patients().RegisterMany(ps, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// openUI starts the window on path with a fast KDF.
func openUI(t *testing.T, path string) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	ui := &UI{app: a, dbPath: path, version: "test"}
	ui.SetTestKDF()
	ui.win = a.NewWindow("Dossier")
	ui.win.Resize(fyne.NewSize(1100, 720))
	ui.h = kit.NewHost(a, ui.win, "test")
	ui.h.Activity = func() { ui.touch() }
	ui.wireLinks()
	ui.idle = newIdleLock(func() { ui.h.Serialized(ui.lockForIdle) })
	ui.start()
	t.Cleanup(func() { ui.shutdown(); ui.win.Close() })
	return ui
}

// onUI runs a test's action the way the window would: never at the same
// time as a background job's completion.
func onUI(ui *UI, f func()) {
	ui.h.Serialized(f)
}

func tap(ui *UI, b *widget.Button) { onUI(ui, func() { test.Tap(b) }); ui.Wait() }

func setText(ui *UI, e *widget.Entry, s string) { onUI(ui, func() { e.SetText(s) }); ui.Wait() }

func signInAs(t *testing.T, ui *UI, user string) {
	t.Helper()
	setText(ui, findEntry(t, ui, "Username"), user)
	setText(ui, findEntry(t, ui, "Password"), pw)
	tap(ui, findButton(t, ui, "Sign in"))
	if ui.h.Session() == nil {
		t.Fatalf("sign-in as %s failed: %s", user, screenText(ui))
	}
}

func testRenderer(w fyne.Widget) []fyne.CanvasObject { return test.WidgetRenderer(w).Objects() }

// reasonBox is the multi-line entry of the open reason dialog.
func reasonBox(t *testing.T, ui *UI) *widget.Entry {
	t.Helper()
	var found *widget.Entry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := kit.EntryOf(o); ok && e.MultiLine {
			found = e
			return false
		}
		return true
	})
	if found == nil {
		t.Fatal("no reason dialog on screen")
	}
	return found
}

// passwordEntries lists the password fields on screen in order.
func passwordEntries(ui *UI) []*widget.Entry {
	var out []*widget.Entry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := kit.EntryOf(o); ok && e.Password {
			out = append(out, e)
		}
		return true
	})
	return out
}

// firstTable is the table on screen (list screens have one).
func firstTable(t *testing.T, ui *UI) *widget.Table {
	t.Helper()
	var table *widget.Table
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*widget.Table); ok {
			table = x
			return false
		}
		return true
	})
	if table == nil {
		t.Fatal("no table on screen")
	}
	return table
}

// Wait blocks until background work has finished.
func (ui *UI) Wait() { ui.h.Wait() }

// SetTestKDF makes key derivation fast.
func (ui *UI) SetTestKDF() {
	ui.kdf = storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true}
}

// SectionTitles lists what the navigation shows.
func (ui *UI) SectionTitles() []string {
	var out []string
	for _, s := range ui.shell.sections {
		out = append(out, s.title)
	}
	return out
}
