// Package admin is the administrator's sections (Users, Audit trail,
// Backups, Code sets, Settings) and every user's My account.
package admin

import (
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// UsersScreen is the Users section: it lists staff accounts;
// administrators add, change roles, reset passwords and disable accounts.
func UsersScreen(h *kit.Host) fyne.CanvasObject {
	var users []model.User
	cols := []kit.Column{{Title: lang.X("admin.username", "Username"), Width: 160}, {Title: lang.X("admin.role", "Role"), Width: 200}, {Title: lang.X("admin.full_name", "Full name"), Width: 320}, {Title: lang.X("admin.users.state", "State"), Width: 120}}
	list, view := kit.NewColumnTable(cols, func() int { return len(users) }, func(r, c int) string {
		u := users[r]
		state := lang.X("admin.users.active", "active")
		if u.Disabled {
			state = lang.X("admin.users.disabled", "disabled")
		}
		return []string{u.Username, kit.RoleName(u.Role), u.FullName, state}[c]
	})
	status := widget.NewLabel("")
	reload := func() {
		kit.Run(h, func(sess *storage.Session) ([]model.User, error) { return sess.Admin().Users() }, func(us []model.User, err error) {
			if err != nil {
				status.SetText(kit.Plain(err))
				return
			}
			users = us
			list.Refresh()
			status.SetText(lang.XN("admin.users.accounts", "{{.Count}} accounts", len(us), map[string]any{"Count": len(us)}))
		})
	}
	list.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(users) {
			editUser(h, users[id.Row], reload)
		}
		list.UnselectAll()
	}
	add := widget.NewButtonWithIcon(lang.X("admin.users.add_user", "Add user"), theme.ContentAddIcon(), h.Act(func() { addUser(h, reload) }))
	add.Importance = widget.HighImportance
	rot := &rotation{h: h, status: status}
	rotate := widget.NewButtonWithIcon(lang.X("admin.users.rotate_keys", "Rotate keys…"), theme.ViewRefreshIcon(), h.Act(rot.ask))
	reload()
	return container.NewBorder(container.NewHBox(kit.Heading(lang.X("nav.users", "Users")), kit.SpacerH(), rotate, add), status, nil, nil, view)
}

func roleLabels() []string {
	var out []string
	for _, r := range model.AllRoles {
		out = append(out, kit.RoleName(r))
	}
	return out
}

func addUser(h *kit.Host, done func()) {
	name, full, pw := widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry()
	role := widget.NewSelect(roleLabels(), nil)
	role.SetSelected(kit.RoleName(model.RoleClerk))
	items := []*widget.FormItem{widget.NewFormItem(lang.X("admin.username", "Username"), name), widget.NewFormItem(lang.X("admin.full_name", "Full name"), full),
		widget.NewFormItem(lang.X("admin.role", "Role"), role), widget.NewFormItem(lang.X("admin.users.first_password", "First password"), pw)}
	d := dialog.NewForm(lang.X("admin.users.add_user", "Add user"), lang.X("admin.users.create", "Create"), lang.X("common.cancel", "Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		r := roleFrom(role.Selected)
		u := model.User{Username: name.Text, FullName: strings.TrimSpace(full.Text), Role: r}
		password := pw.Text
		kit.Run(h, func(sess *storage.Session) (model.User, error) { return sess.Admin().CreateUser(u, password) },
			func(_ model.User, err error) {
				if err != nil {
					h.ShowError(err)
					return
				}
				done()
			})
	}, h.Win)
	d.Resize(fyne.NewSize(480, 320))
	d.Show()
	h.Win.Canvas().Focus(name)
}

func editUser(h *kit.Host, u model.User, done func()) {
	full := widget.NewEntry()
	full.SetText(u.FullName)
	role := widget.NewSelect(roleLabels(), nil)
	role.SetSelected(kit.RoleName(u.Role))
	disabled := widget.NewCheck(lang.X("admin.users.account_disabled", "Account disabled (the password no longer unlocks the store)"), nil)
	disabled.SetChecked(u.Disabled)
	pw := widget.NewPasswordEntry()
	pw.SetPlaceHolder(lang.X("admin.users.leave_empty", "Leave empty to keep the password"))
	reason := widget.NewEntry()
	reason.SetPlaceHolder(lang.X("admin.users.why", "Why? (recorded in the audit trail)"))
	items := []*widget.FormItem{widget.NewFormItem(lang.X("admin.username", "Username"), widget.NewLabel(u.Username)),
		widget.NewFormItem(lang.X("admin.full_name", "Full name"), full), widget.NewFormItem(lang.X("admin.role", "Role"), role), widget.NewFormItem("", disabled),
		widget.NewFormItem(lang.X("admin.new_password", "New password"), pw), widget.NewFormItem(lang.X("admin.reason", "Reason"), reason)}
	d := dialog.NewForm(lang.X("admin.users.change_account", "Change account"), lang.X("common.save", "Save"), lang.X("common.cancel", "Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		r := roleFrom(role.Selected)
		nu := u
		nu.FullName, nu.Role, nu.Disabled = strings.TrimSpace(full.Text), r, disabled.Checked
		newPw, why := pw.Text, strings.TrimSpace(reason.Text)
		kit.Run(h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Admin().UpdateUser(nu, newPw, why)
		},
			func(_ struct{}, err error) {
				if err != nil {
					h.ShowError(err)
					return
				}
				done()
			})
	}, h.Win)
	d.Resize(fyne.NewSize(520, 380))
	d.Show()
}

// roleFrom is the role a label of roleLabels names.
func roleFrom(label string) model.Role {
	for _, r := range model.AllRoles {
		if kit.RoleName(r) == label {
			return r
		}
	}
	return ""
}
