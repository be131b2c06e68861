package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// accountScreen shows who is signed in and changes their password.
func (ui *UI) accountScreen() fyne.CanvasObject {
	u := ui.sess.User()
	old, pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	status := errorText()
	change := func() {
		ui.touch()
		if pw1.Text != pw2.Text {
			showError(status, "The two new passwords differ.")
			return
		}
		o, n := old.Text, pw1.Text
		showError(status, "Changing the password…")
		background(ui, func() (struct{}, error) { return struct{}{}, ui.sess.ChangePassword(o, n) },
			func(_ struct{}, err error) {
				msg := "Password changed."
				if err != nil {
					msg = plain(err)
				}
				old.SetText("")
				pw1.SetText("")
				pw2.SetText("")
				showError(status, msg)
			})
	}
	pw2.OnSubmitted = func(string) { change() }
	info := widget.NewForm(widget.NewFormItem("Username", widget.NewLabel(u.Username)),
		widget.NewFormItem("Name", widget.NewLabel(u.FullName)), widget.NewFormItem("Role", widget.NewLabel(u.Role.Label())))
	form := widget.NewForm(widget.NewFormItem("Current password", old), widget.NewFormItem("New password", pw1),
		widget.NewFormItem("New password again", pw2))
	btn := widget.NewButton("Change password (Enter)", change)
	return container.NewVBox(heading("My account"), info, widget.NewSeparator(), heading("Change password"), form, btn, status)
}
