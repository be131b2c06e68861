package ui

import (
	"fmt"
	"strings"
	"testing"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// The smallest screens the clinics use are 1024×768 laptops; with the
// task bar and the title bar the window has 1024×700. Every section,
// chart tab and dialog must fit in that, or the window grows past the
// screen and pushes buttons off it.
var smallScreen = fyne.NewSize(1024, 700)

// tooBig names what does not fit in the small screen, with its size.
func tooBig(ui *UI, where string) string {
	var out []string
	if m := ui.win.Canvas().Content().MinSize(); m.Width > smallScreen.Width || m.Height > smallScreen.Height {
		out = append(out, fmt.Sprintf("%s: window content needs %.0f×%.0f", where, m.Width, m.Height))
	}
	for _, o := range ui.win.Canvas().Overlays().List() {
		if m := o.MinSize(); m.Width > smallScreen.Width || m.Height > smallScreen.Height {
			out = append(out, fmt.Sprintf("%s: dialog needs %.0f×%.0f", where, m.Width, m.Height))
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

func TestEverySectionAndChartTabFitsASmallScreen(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "admin")
	if _, err := ui.h.Session().Admin().CreateUser(model.User{Username: "coder1", FullName: "Cody Coder", Role: model.RoleCoder}, pw); err != nil {
		t.Fatal(err)
	}
	p := demoPatient(t, ui, "Nakato")
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	var bad []string
	for _, user := range []string{"clerk1", "coder1", "super1", "admin"} {
		signInAs(t, ui, user)
		onUI(ui, func() { ui.win.Resize(smallScreen) })
		for _, s := range ui.SectionTitles() {
			onUI(ui, func() { ui.OpenSection(s) })
			ui.Wait()
			if m := tooBig(ui, user+" "+s); m != "" {
				bad = append(bad, m)
			}
		}
		if ui.h.Can(model.PermReadRecord) {
			onUI(ui, func() { ui.h.OpenChart(p.ID) })
			ui.Wait()
			if tabs := chartTabs(ui); tabs != nil {
				for i, it := range tabs.Items {
					onUI(ui, func() { tabs.SelectIndex(i) })
					ui.Wait()
					if m := tooBig(ui, user+" chart "+it.Text); m != "" {
						bad = append(bad, m)
					}
				}
			}
		}
		onUI(ui, func() { ui.lock("lock") })
		ui.Wait()
	}
	if len(bad) > 0 {
		t.Fatalf("too big for a 1024×700 window:\n%s", strings.Join(bad, "\n"))
	}
}
