package chart

import (
	"image/color"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// patientBanner is the strip shown on every screen of a chart: who this is,
// their MRN, age and sex, and anything a clerk must not miss.
func patientBanner(h *kit.Host, p model.Patient, deleted bool) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(p.DisplayName(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	born := lang.X("banner.born", "born {{.Date}}", map[string]any{"Date": h.Date(p.BirthDate)})
	if p.BirthDate.IsZero() {
		born = lang.X("banner.birth_unknown", "birth date unknown")
	} else if p.BirthEstimated {
		born = lang.X("banner.born_about", "born about {{.Year}} (estimated)", map[string]any{"Year": h.Year(p.BirthDate)})
	}
	facts := widget.NewLabel(strings.Join([]string{lang.X("banner.mrn", "MRN {{.MRN}}", map[string]any{"MRN": p.MRN}), kit.AgeSex(p, time.Now()), born}, "   ·   "))
	row := container.NewHBox(name, facts)
	flags := container.NewHBox()
	if deleted {
		flags.Add(chip(lang.X("banner.deleted", "DELETED"), theme.Color(theme.ColorNameError)))
	}
	if p.Restricted {
		flags.Add(chip(lang.X("banner.restricted", "RESTRICTED RECORD"), theme.Color(theme.ColorNameWarning)))
	}
	for _, a := range p.Alerts {
		flags.Add(chip("⚠ "+a, theme.Color(theme.ColorNameError)))
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 6
	return container.NewStack(bg, container.NewPadded(container.NewVBox(row, flags)))
}

// chip is a small coloured label for alerts and flags.
func chip(text string, c color.Color) fyne.CanvasObject {
	bg := canvas.NewRectangle(c)
	bg.CornerRadius = 4
	t := canvas.NewText(" "+text+" ", color.White)
	t.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewStack(bg, container.NewPadded(t))
}
