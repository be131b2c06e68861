package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// NewWorking is the window's "Working…" sign: hidden until background
// work has run longer than BusyAfter (a first load of the coding queue, a
// big search), hidden again when it is done. It becomes h's Busy.
func NewWorking(h *Host) fyne.CanvasObject {
	spin := widget.NewActivity()
	sign := container.NewHBox(spin, widget.NewLabel(lang.X("common.working", "Working…")))
	sign.Hide()
	h.Busy = func(on bool) {
		if on {
			sign.Show()
			spin.Start()
			return
		}
		spin.Stop()
		sign.Hide()
	}
	return sign
}
