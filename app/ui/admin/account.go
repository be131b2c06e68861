package admin

import (
	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// AccountScreen is the My account section: it shows who is signed in and
// changes their password.
func AccountScreen(h *kit.Host) fyne.CanvasObject {
	sess := h.Session()
	if sess == nil {
		return kit.WrapLabel(lang.X("admin.account.sign_in_first", "Sign in first."))
	}
	u := sess.User()
	old, pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	status := kit.ErrorText()
	change := func() {
		h.Touch()
		if pw1.Text != pw2.Text {
			kit.SetError(status, lang.X("admin.account.passwords_differ", "The two new passwords differ."))
			return
		}
		o, n := old.Text, pw1.Text
		kit.SetError(status, lang.X("admin.account.changing", "Changing the password…"))
		kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.ChangePassword(o, n) },
			func(_ struct{}, err error) {
				msg := lang.X("admin.account.changed", "Password changed.")
				if err != nil {
					msg = kit.Plain(err)
				}
				old.SetText("")
				pw1.SetText("")
				pw2.SetText("")
				kit.SetError(status, msg)
			})
	}
	pw2.OnSubmitted = func(string) { change() }
	info := widget.NewForm(widget.NewFormItem(lang.X("admin.username", "Username"), widget.NewLabel(u.Username)),
		widget.NewFormItem(lang.X("col.name", "Name"), widget.NewLabel(u.FullName)), widget.NewFormItem(lang.X("admin.role", "Role"), widget.NewLabel(kit.RoleName(u.Role))))
	form := widget.NewForm(widget.NewFormItem(lang.X("admin.account.current_password", "Current password"), old), widget.NewFormItem(lang.X("admin.new_password", "New password"), pw1),
		widget.NewFormItem(lang.X("admin.account.new_password_again", "New password again"), pw2))
	btn := widget.NewButton(lang.X("admin.account.change_password_enter", "Change password (Enter)"), change)
	return container.NewVBox(kit.Heading(lang.X("nav.my_account", "My account")), info, widget.NewSeparator(), kit.Heading(lang.X("admin.account.change_password", "Change password")), form, btn, status)
}
