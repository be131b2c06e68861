package kit

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// Where file dialogs start is remembered per user and purpose (storage
// Folders), never shared between the users of a computer.

// lastFolder reads the user's folder for purpose, then calls open on the
// UI goroutine with it ("" when none is remembered or it is gone).
func (h *Host) lastFolder(purpose string, open func(dir fyne.ListableURI)) {
	Run(h, func(sess *storage.Session) (string, error) { return sess.Folders().Last(purpose), nil },
		func(dir string, _ error) {
			// Never Fyne's own last folder: it is one for the whole computer.
			if st, err := os.Stat(dir); dir == "" || err != nil || !st.IsDir() {
				dir, _ = os.UserHomeDir()
			}
			var at fyne.ListableURI
			if dir != "" {
				at, _ = fstorage.ListerForURI(fstorage.NewFileURI(dir))
			}
			open(at)
		})
}

func (h *Host) rememberFolder(purpose, dir string) {
	Run(h, func(sess *storage.Session) (struct{}, error) {
		return struct{}{}, sess.Folders().Remember(purpose, dir)
	},
		func(struct{}, error) {})
}

// PickFile asks for one file of the types given (extensions with their
// dot: ".pdf"), starting in the folder the user last used for purpose.
func (h *Host) PickFile(purpose string, exts []string, chosen func(path string)) {
	h.lastFolder(purpose, func(at fyne.ListableURI) {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			r.Close()
			h.rememberFolder(purpose, filepath.Dir(path))
			chosen(path)
		}, h.Win)
		d.SetFilter(fstorage.NewExtensionFileFilter(exts))
		if at != nil {
			d.SetLocation(at)
		}
		d.Resize(h.Fit(800, 560))
		d.Show()
	})
}

// PickFolderFiles asks for a folder (Fyne's file dialog takes one file at
// a time), then lists its files of the types given with a tick box each,
// all ticked, to choose which to take. It starts where the user last was
// for purpose.
func (h *Host) PickFolderFiles(purpose, title string, exts []string, chosen func(paths []string)) {
	h.lastFolder(purpose, func(at fyne.ListableURI) {
		d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
			if err != nil || l == nil {
				return
			}
			dir := l.Path()
			h.rememberFolder(purpose, dir)
			files := FilesOfTypes(dir, exts)
			if len(files) == 0 {
				h.ShowInfo(title, lang.X("kit.no_such_files", "That folder has no {{.Types}} files.", map[string]any{"Types": strings.Join(exts, ", ")}))
				return
			}
			h.tickFiles(title, dir, files, chosen)
		}, h.Win)
		if at != nil {
			d.SetLocation(at)
		}
		d.Resize(h.Fit(800, 560))
		d.Show()
	})
}

// FilesOfTypes lists the regular files in dir whose extension is one of
// exts (any case), by name.
func FilesOfTypes(dir string, exts []string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && slices.Contains(exts, strings.ToLower(filepath.Ext(e.Name()))) {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out
}

// tickFiles is the checklist of a folder's files.
func (h *Host) tickFiles(title, dir string, files []string, chosen func(paths []string)) {
	ticked := make([]bool, len(files))
	for i := range ticked {
		ticked[i] = true
	}
	var dlg dialog.Dialog
	count := widget.NewLabel("")
	ok := widget.NewButton("", nil)
	ok.Importance = widget.HighImportance
	update := func() {
		n := 0
		for _, t := range ticked {
			if t {
				n++
			}
		}
		count.SetText(lang.XN("kit.files_ticked", "{{.Ticked}} of {{.Count}} files ticked", len(files), map[string]any{"Ticked": n, "Count": len(files)}))
		ok.SetText(lang.XN("kit.import_files", "Import {{.Count}} files (Enter)", n, map[string]any{"Count": n}))
		if n == 0 {
			ok.Disable()
		} else {
			ok.Enable()
		}
	}
	longest := "" // the rows are as wide as the longest name
	for _, f := range files {
		if len(f) > len(longest) {
			longest = f
		}
	}
	list := widget.NewList(func() int { return len(files) },
		func() fyne.CanvasObject { return widget.NewCheck(longest, nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*widget.Check)
			c.OnChanged = nil
			c.SetText(files[i])
			c.SetChecked(ticked[i])
			c.OnChanged = func(on bool) { ticked[i] = on; update() }
		})
	all := func(on bool) func() {
		return func() {
			for i := range ticked {
				ticked[i] = on
			}
			list.Refresh()
			update()
		}
	}
	run := func() {
		var paths []string
		for i, f := range files {
			if ticked[i] {
				paths = append(paths, filepath.Join(dir, f))
			}
		}
		if len(paths) == 0 {
			return
		}
		dlg.Hide()
		chosen(paths)
	}
	ok.OnTapped = h.Act(run)
	update()
	body := container.NewBorder(WrapLabel(dir),
		container.NewVBox(count, container.NewHBox(widget.NewButton(lang.X("kit.tick_all", "Tick all"), all(true)), widget.NewButton(lang.X("kit.tick_none", "Tick none"), all(false)),
			SpacerH(), widget.NewButton(lang.X("common.cancel", "Cancel"), func() { dlg.Hide() }), ok)), nil, nil, list)
	dlg = dialog.NewCustomWithoutButtons(title, body, h.Win)
	dlg.Resize(h.Fit(640, 520))
	c := h.Win.Canvas()
	dlg.SetOnClosed(func() { c.SetOnTypedKey(nil) })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			run()
		case fyne.KeyEscape:
			dlg.Hide()
		}
	})
	dlg.Show()
}
