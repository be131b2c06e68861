package kit

import (
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// WritePrivateFile is the one way the window writes a file that may hold
// patient data: readable by the user only (even over a file the save
// dialog already created), synced before it counts as written, and
// removed again if anything failed so no half file is left behind.
func WritePrivateFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = f.Chmod(0o600)
	if err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// AskSavePath asks where to save a file, suggesting name.
func (h *Host) AskSavePath(name string, chosen func(path string)) {
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
