package kit

import (
	"dossier/app/flow/privatefile"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// WritePrivateFile is the one way the window writes a file that may hold
// patient data (privatefile.Write: readable by the user only, synced,
// removed again if anything failed).
func WritePrivateFile(path string, write func(io.Writer) error) error {
	return privatefile.Write(path, write)
}

// AskSavePath asks where to save a file, suggesting name.
func (h *Host) AskSavePath(name string, chosen func(path string)) {
	if h.PickSavePath != nil {
		h.PickSavePath(name, chosen)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		chosen(path)
	}, h.Win)
	d.SetFileName(name)
	d.Show()
}
