package kit

import (
	"dossier/app/flow/privatefile"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// WritePrivateFile is the one way the window writes a file that may hold
// patient data (privatefile.Write: readable by the user only, synced,
// removed again if anything failed).
func WritePrivateFile(path string, write func(io.Writer) error) error {
	return privatefile.Write(path, write)
}

// savePurpose begins the name under which the folder last saved in is
// remembered ("save pdf"): a setting's key, not shown.
const savePurpose = "save "

// AskSavePath asks where to save a file, suggesting name; it starts in
// the folder this user last saved such a file in (the purpose is the
// name's extension: "pdf", "dbak").
func (h *Host) AskSavePath(name string, chosen func(path string)) {
	h.AskSavePathFor(savePurpose+strings.TrimPrefix(filepath.Ext(name), "."), name, chosen)
}

// AskSavePathFor is AskSavePath with the folder remembered for purpose.
func (h *Host) AskSavePathFor(purpose, name string, chosen func(path string)) {
	if h.PickSavePath != nil {
		h.PickSavePath(name, chosen)
		return
	}
	h.lastFolder(purpose, func(at fyne.ListableURI) {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			h.rememberFolder(purpose, filepath.Dir(path))
			chosen(path)
		}, h.Win)
		d.SetFileName(name)
		if at != nil {
			d.SetLocation(at)
		}
		d.Resize(h.Fit(800, 560))
		d.Show()
	})
}
