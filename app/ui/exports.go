package ui

import (
	"context"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"time"

	"dossier/app/flow/export"
	"dossier/storage"

	"fyne.io/fyne/v2"
)

// exportMenu is File › Export list as CSV: the lists this role may export
// (nil when none).
func (sh *shell) exportMenu() *fyne.MenuItem {
	sess := sh.ui.h.Session()
	var items []*fyne.MenuItem
	for _, l := range export.Lists {
		if l.Allowed(sess) {
			items = append(items, fyne.NewMenuItem(l.Title+"…", func() { sh.ui.touch(); sh.exportList(l) }))
		}
	}
	if len(items) == 0 {
		return nil
	}
	it := fyne.NewMenuItem(lang.X("exports.export_list_as_csv", "Export list as CSV"), nil)
	it.ChildMenu = fyne.NewMenu("", items...)
	return it
}

// exportList asks where to save the list, then writes it (audited as an
// export) with progress: the audit trail of a busy clinic is long.
func (sh *shell) exportList(l export.List) {
	h := sh.ui.h
	name := fmt.Sprintf("%s-%s.csv", l.Name, time.Now().Format("2006-01-02"))
	h.AskSavePath(name, func(path string) {
		var rows int
		h.WithProgress(lang.X("exports.exporting", "Exporting {{.List}}", map[string]any{"List": l.Title}), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			n, err := l.Save(sess, path)
			rows = n
			progress(1)
			return err
		}, func(err error) {
			if err != nil {
				h.ShowError(err)
				return
			}
			h.Notice(lang.XN("exports.written_to", "{{.List}}: {{.Count}} rows written to {{.Path}}.", rows, map[string]any{"List": l.Title, "Count": rows, "Path": path}))
		})
	})
}
