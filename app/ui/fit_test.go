package ui

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dossier/app/ui/kit"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The clinics' laptops have 1024×768 and 1366×768 screens; with the task
// bar and the title bar the window has 1024×700 on the smaller. Every
// section, chart tab and dialog must fit, or the window grows past the
// screen and pushes buttons off it.
var screens = []fyne.Size{{Width: 1024, Height: 700}, {Width: 1366, Height: 768}}

// tooBig names what does not fit on the screen, with its size.
func tooBig(ui *UI, screen fyne.Size, where string) string {
	var out []string
	if m := ui.win.Canvas().Content().MinSize(); m.Width > screen.Width || m.Height > screen.Height {
		out = append(out, fmt.Sprintf("%s: the window needs %.0f×%.0f", where, m.Width, m.Height))
	}
	for _, o := range ui.win.Canvas().Overlays().List() {
		if m := o.MinSize(); m.Width > screen.Width || m.Height > screen.Height {
			out = append(out, fmt.Sprintf("%s: a dialog needs %.0f×%.0f", where, m.Width, m.Height))
		}
	}
	return strings.Join(out, "\n")
}

// chartTabs is the open chart's tab bar, if a chart is shown.
func chartTabs(ui *UI) *container.AppTabs {
	var tabs *container.AppTabs
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*container.AppTabs); ok && tabs == nil {
			tabs = x
		}
		return true
	})
	return tabs
}

// dialogButtons are the enabled buttons on the window (not in a dialog)
// whose label ends in "…": by the window's convention, each opens a
// dialog or asks before acting.
func dialogButtons(ui *UI) []string {
	var out []string
	seen := map[string]bool{}
	add := func(b *widget.Button) {
		if strings.HasSuffix(b.Text, "…") && !b.Disabled() && !seen[b.Text] {
			seen[b.Text] = true
			out = append(out, b.Text)
		}
	}
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		for _, b := range kit.ToolsOf(o) { // folded into "More…" too
			add(b)
		}
		switch x := o.(type) {
		case *widget.Button:
			add(x)
		case *fyne.Container:
			for _, ch := range x.Objects {
				visit(ch)
			}
		case *container.AppTabs:
			if sel := x.Selected(); sel != nil {
				visit(sel.Content)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				visit(ch)
			}
		}
	}
	visit(ui.win.Canvas().Content())
	return out
}

// tour visits what a user sees at one screen size: every section, every
// chart tab, and every dialog their buttons open; it saves a picture of
// each in DOSSIER_SHOTS when set, and returns what did not fit.
type tour struct {
	t      *testing.T
	ui     *UI
	screen fyne.Size
	dir    string
	bad    []string
	n      int
	seen   map[string]bool // dialogs already opened by this user
}

// relayout lays out o and everything in it at their current sizes,
// parents before children.
func relayout(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
		for _, c := range x.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		r.Layout(x.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9]+`)

func (x *tour) look(where string) {
	if m := tooBig(x.ui, x.screen, where); m != "" {
		x.bad = append(x.bad, m)
	}
	if x.dir == "" {
		return
	}
	// The test driver does not lay a container out again when a child's
	// minimum size changes (a banner shown, a label filled in after a
	// load), as the real window does each frame: do it before the picture.
	onUI(x.ui, func() {
		relayout(x.ui.win.Canvas().Content())
		for _, o := range x.ui.win.Canvas().Overlays().List() {
			relayout(o)
		}
	})
	x.n++
	name := fmt.Sprintf("%.0fx%.0f-%03d-%s.png", x.screen.Width, x.screen.Height, x.n, strings.Trim(unsafeName.ReplaceAllString(where, "-"), "-"))
	f, err := os.Create(filepath.Join(x.dir, name))
	if err != nil {
		x.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, x.ui.win.Canvas().Capture()); err != nil {
		x.t.Fatal(err)
	}
}

// dialogs opens each dialog that show offers, one at a time, showing the
// place again before each.
func (x *tour) dialogs(where string, show func()) {
	for _, text := range dialogButtons(x.ui) {
		if x.seen[text] { // the chart's header buttons are on every tab
			continue
		}
		x.seen[text] = true
		show()
		b := findButton(x.t, x.ui, text)
		tap(x.ui, b)
		if x.ui.win.Canvas().Overlays().Top() != nil {
			x.look(where + " " + text)
		}
		onUI(x.ui, func() { x.ui.clearOverlays() })
	}
	show()
}

func (x *tour) visit(user string, p model.Patient) {
	ui := x.ui
	x.seen = map[string]bool{}
	signInAs(x.t, ui, user)
	onUI(ui, func() { ui.win.Resize(x.screen) })
	for _, s := range ui.SectionTitles() {
		open := func() { onUI(ui, func() { ui.clearOverlays(); ui.OpenSection(s) }); ui.Wait() }
		open()
		x.look(user + " " + s)
		x.dialogs(user+" "+s, open)
	}
	if ui.h.Can(model.PermReadRecord) {
		openChart := func() { onUI(ui, func() { ui.clearOverlays(); ui.h.OpenChart(p.ID) }); ui.Wait() }
		openChart()
		if tabs := chartTabs(ui); tabs != nil {
			for i, it := range tabs.Items {
				show := func() {
					openChart()
					if tabs := chartTabs(ui); tabs != nil {
						onUI(ui, func() { tabs.SelectIndex(i) })
						ui.Wait()
					}
				}
				show()
				x.look(user + " chart " + it.Text)
				x.dialogs(user+" chart "+it.Text, show)
			}
		}
	}
	onUI(ui, func() { ui.clearOverlays(); ui.lock("lock") })
	ui.Wait()
}

// TestTourFitsSmallScreens: every section, chart tab and dialog of every
// role fits 1024×700 and 1366×768. DOSSIER_SHOTS=DIR saves a picture of
// each (the real-window smoke test, .ci/smoke.sh, saves them in shots/).
func TestTourFitsSmallScreens(t *testing.T) {
	dir := os.Getenv("DOSSIER_SHOTS")
	for i, screen := range screens {
		if i > 0 && dir == "" {
			// Minimum sizes do not depend on the screen: what fits the
			// smallest fits the others, which are toured for pictures.
			break
		}
		path := newDemoStore(t)
		ui := openUI(t, path)
		signInAs(t, ui, "admin")
		if _, err := ui.h.Session().Admin().CreateUser(model.User{Username: "coder1", FullName: "Cody Coder", Role: model.RoleCoder}, pw); err != nil {
			t.Fatal(err)
		}
		p := demoPatient(t, ui, "Nakato")
		onUI(ui, func() { ui.lock("lock") })
		ui.Wait()
		x := &tour{t: t, ui: ui, screen: screen, dir: dir}
		for _, user := range []string{"clerk1", "coder1", "super1", "admin"} {
			x.visit(user, p)
		}
		if len(x.bad) > 0 {
			t.Errorf("too big for a %.0f×%.0f screen:\n%s", screen.Width, screen.Height, strings.Join(x.bad, "\n"))
		}
		if x.n == 0 && dir != "" {
			t.Error("the tour saw nothing")
		}
	}
}
