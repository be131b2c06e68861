package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// findSelectOffering is the select on the window that offers an option
// starting with prefix.
func findSelectOffering(t *testing.T, ui *UI, prefix string) (*widget.Select, string) {
	t.Helper()
	var found *widget.Select
	var option string
	onUI(ui, func() {
		walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
			if s, ok := o.(*widget.Select); ok {
				if i := slices.IndexFunc(s.Options, func(x string) bool { return strings.HasPrefix(x, prefix) }); i >= 0 {
					found, option = s, s.Options[i]
					return false
				}
			}
			return true
		})
	})
	if found == nil {
		t.Fatalf("no choice of %q on the screen:\n%s", prefix, screenText(ui))
	}
	return found, option
}

// An administrator puts the clinic on the Ethiopian calendar and French:
// dates are then shown and read in the Ethiopian calendar at once, and the
// language waits for the next start.
func TestSettingsEthiopianCalendarAndLanguage(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Settings")
	cal, ethiopian := findSelectOffering(t, ui, "Ethiopian")
	lang, french := findSelectOffering(t, ui, "Français")
	onUI(ui, func() { cal.SetSelected(ethiopian); lang.SetSelected(french) })
	tap(ui, findButton(t, ui, "Save settings"))
	wantText(t, ui, "The new language applies when Dossier next starts.")
	c, _ := ui.h.Session().Clinic()
	if c.Calendar != "ethiopian" || c.Language != "fr" {
		t.Fatalf("saved calendar %q language %q", c.Calendar, c.Language)
	}
	mar12 := model.Date{Year: 2024, Month: time.March, Day: 12}
	if got := ui.h.Date(mar12); got != "03/07/2016" {
		t.Errorf("12 March 2024 shown as %q, want 03/07/2016", got)
	}
	for _, typed := range []string{"03/07/2016", "3 Megabit 2016", "መጋቢት 3 2016", "12/03/2024 GC"} {
		if d, ok := ui.h.ParseDate(typed); !ok || d != mar12 {
			t.Errorf("%q read as %v %v", typed, d, ok)
		}
	}
	if got := ui.h.DatesIn("admitted on 2024-03-12"); got != "admitted on 03/07/2016" {
		t.Errorf("message dates: %q", got)
	}
}
