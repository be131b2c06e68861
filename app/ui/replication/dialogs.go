package replication

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"

	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2/widget"
)

// askServer sets the clinic server this desk replicates with.
func (r *room) askServer() {
	url, user, pass, ca := widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry(), widget.NewEntry()
	url.SetPlaceHolder(lang.X("repl.https_server_6984_clinic", "https://server:6984/clinic"))
	ca.SetPlaceHolder(lang.X("repl.optional_the_ca_s", "optional: the CA's PEM file"))
	kit.Run(r.h, func(sess *storage.Session) (storage.SyncSettings, error) { return sess.Sync().Settings() },
		func(st storage.SyncSettings, err error) {
			if err != nil {
				r.h.ShowError(err)
				return
			}
			url.SetText(st.URL)
			user.SetText(st.User)
			ca.SetText(st.CAFile)
			items := []*widget.FormItem{widget.NewFormItem(lang.X("repl.server_database", "Server database"), url), widget.NewFormItem(lang.X("repl.this_desk_s_user", "This desk's user"), user),
				widget.NewFormItem(lang.X("signin.password", "Password"), pass), widget.NewFormItem(lang.X("repl.ca_file", "CA file"), ca)}
			r.h.FormDialog(lang.X("repl.replication_server", "Replication server"), items, url, func(done func(string)) {
				st.URL, st.User, st.CAFile = strings.TrimSpace(url.Text), strings.TrimSpace(user.Text), strings.TrimSpace(ca.Text)
				if pass.Text != "" {
					st.Password = pass.Text
				}
				st.Revoked = false
				kit.Run(r.h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Sync().SetSettings(st) },
					func(_ struct{}, err error) {
						if err != nil {
							done(kit.Plain(err))
							return
						}
						done("")
						r.showStatus()
						r.checkServer()
						if b, ok := background[r.h]; ok && b.kick != nil {
							b.kick() // sync with the new server now
						}
					})
			})
		})
}

// choose asks, field by field, which desk's value the record keeps.
func (r *room) choose(c storage.SyncConflict) {
	var items []*widget.FormItem
	picks := map[string]*widget.RadioGroup{}
	for _, f := range c.Fields {
		a := fmt.Sprintf(lang.X("repl.desk_a_value", "Desk A (%s): %s"), c.UserA, value(f.A))
		b := fmt.Sprintf(lang.X("repl.desk_b_value", "Desk B (%s): %s"), c.UserB, value(f.B))
		g := widget.NewRadioGroup([]string{a, b}, func(string) { r.h.Touch() })
		if f.Chosen == "b" {
			g.SetSelected(b)
		} else {
			g.SetSelected(a)
		}
		picks[f.Field] = g
		items = append(items, widget.NewFormItem(f.Field, g))
	}
	r.h.FormDialog(lang.X("repl.choose_the_values_of", "Choose the values of {{.Record}}", map[string]any{"Record": describe(c)}), items, nil, func(done func(string)) {
		choice := map[string]string{}
		for field, g := range picks {
			choice[field] = "a"
			if len(g.Options) == 2 && g.Selected == g.Options[1] { // desk B's value
				choice[field] = "b"
			}
		}
		kit.Run(r.h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Sync().Resolve(c.Kind, c.ID, choice)
		}, func(_ struct{}, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			r.result.SetText(lang.X("repl.settled_every_desk_takes", "Settled: every desk takes the choice at its next sync."))
			r.showStatus()
			r.reload()
		})
	})
}

// value shows a field's JSON value as text ("(empty)" when absent).
func value(raw []byte) string {
	s := strings.Trim(string(raw), `"`)
	if s == "" || s == "null" {
		return lang.X("repl.empty_value", "(empty)")
	}
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return s
}
