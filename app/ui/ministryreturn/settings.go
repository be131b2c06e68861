package ministryreturn

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"dossier/app/ui/kit"
	md "dossier/model/dhis2"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// importDefinition reads a report definition file, checks it and installs
// it (administrators; storage checks again).
func (r *room) importDefinition() {
	dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		path := rc.URI().Path()
		data, err := io.ReadAll(io.LimitReader(rc, 8<<20))
		rc.Close()
		if err != nil {
			r.h.ShowError(fmt.Errorf("%s: %w", lang.X("ministryreturn.read_failed", "{{.File}} could not be read", map[string]any{"File": filepath.Base(path)}), err))
			return
		}
		r.installDefinition(path, data)
	}, r.h.Win).Show()
}

func (r *room) installDefinition(path string, data []byte) {
	d, err := md.ParseDefinition(bytes.NewReader(data))
	if err != nil {
		r.h.ShowError(fmt.Errorf("%s: %w", filepath.Base(path), err))
		return
	}
	kit.Run(r.h, func(sess *storage.Session) (struct{}, error) {
		return struct{}{}, sess.Returns().SetDefinition(d, path)
	}, func(_ struct{}, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		r.status.SetText(lang.XN("ministryreturn.definition_imported", "Imported the report definition “{{.Name}}”: {{.Count}} rows.", len(d.Rows), map[string]any{"Name": d.Name, "Count": len(d.Rows)}))
	})
}

// editServer asks for the ministry's server and the facility's account.
func (r *room) editServer() {
	kit.Run(r.h, func(sess *storage.Session) (md.Server, error) {
		return sess.Returns().Server()
	}, func(cur md.Server, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		url, user, pw := widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry()
		url.SetPlaceHolder(lang.X("ministryreturn.server_hint", "address, e.g. https://hmis.example.org/dhis"))
		url.SetText(cur.URL)
		user.SetText(cur.Username)
		pw.SetPlaceHolder(lang.X("ministryreturn.unchanged", "unchanged"))
		items := []*widget.FormItem{widget.NewFormItem(lang.X("ministryreturn.server", "Server"), url), widget.NewFormItem(lang.X("signin.username", "Username"), user),
			widget.NewFormItem(lang.X("signin.password", "Password"), pw)}
		r.h.FormDialog(lang.X("ministryreturn.server_title", "The ministry's server"), items, url, func(done func(msg string)) {
			srv := md.Server{URL: url.Text, Username: user.Text, Password: pw.Text}
			if srv.Password == "" {
				srv.Password = cur.Password
			}
			kit.Run(r.h, func(sess *storage.Session) (struct{}, error) {
				return struct{}{}, sess.Returns().SetServer(srv)
			}, func(_ struct{}, err error) {
				if err != nil {
					done(kit.Plain(err))
					return
				}
				done("")
				r.status.SetText(lang.X("ministryreturn.server_saved", "Saved the ministry's server (sealed in the store)."))
			})
		})
	})
}
