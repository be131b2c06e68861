package admin

import (
	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// AccountScreen is the My account section: it shows who is signed in and
// changes their password.
func AccountScreen(h *kit.Host) fyne.CanvasObject {
	sess := h.Session()
	if sess == nil {
		return kit.WrapLabel("Sign in first.")
	}
	u := sess.User()
	old, pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	status := kit.ErrorText()
	change := func() {
		h.Touch()
		if pw1.Text != pw2.Text {
			kit.SetError(status, "The two new passwords differ.")
			return
		}
		o, n := old.Text, pw1.Text
		kit.SetError(status, "Changing the password…")
		kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.ChangePassword(o, n) },
			func(_ struct{}, err error) {
				msg := "Password changed."
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
	info := widget.NewForm(widget.NewFormItem("Username", widget.NewLabel(u.Username)),
		widget.NewFormItem("Name", widget.NewLabel(u.FullName)), widget.NewFormItem("Role", widget.NewLabel(kit.RoleName(u.Role))))
	form := widget.NewForm(widget.NewFormItem("Current password", old), widget.NewFormItem("New password", pw1),
		widget.NewFormItem("New password again", pw2))
	btn := widget.NewButton("Change password (Enter)", change)
	return container.NewVBox(kit.Heading("My account"), info, widget.NewSeparator(), kit.Heading("Change password"), form, btn, status)
}
