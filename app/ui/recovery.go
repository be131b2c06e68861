package ui

import (
	"errors"

	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// showRecovery is the screen for the day the administrator's password is
// lost: the recovery key sets a new one.
func (ui *UI) showRecovery() {
	key := widget.NewMultiLineEntry()
	key.SetPlaceHolder(lang.X("recovery.key_hint", "The 52-character key from the recovery sheet"))
	key.SetMinRowsVisible(2)
	user := widget.NewEntry()
	user.SetText(ui.store.DefaultUser())
	pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	var reset *widget.Button
	do := func() {
		rk, err := storage.ParseRecoveryKey(key.Text)
		switch {
		case err != nil:
			status.SetText(kit.Plain(err))
			return
		case pw1.Text != pw2.Text:
			status.SetText(lang.X("recovery.differ", "The two passwords differ."))
			return
		}
		reset.Disable()
		status.SetText(lang.X("recovery.checking", "Checking the key…"))
		u, pw := user.Text, pw1.Text
		kit.Go(ui.h, func() (*storage.Session, error) { return ui.store.RecoverWithKey(rk, u, pw) },
			func(sess *storage.Session, err error) {
				reset.Enable()
				if errors.Is(err, storage.ErrWrongRecoveryKey) {
					status.SetText(lang.X("recovery.wrong_key", "This recovery key does not open this store. Check each group against the sheet. Nothing was changed."))
					return
				}
				if err != nil {
					status.SetText(kit.Plain(err))
					return
				}
				ui.signedIn(sess)
				ui.h.Notice(lang.X("recovery.done", "The password of {{.User}} is reset. The reset is recorded and flagged in the audit trail.", map[string]any{"User": sess.User().Username}))
			})
	}
	pw2.OnSubmitted = func(string) { do() }
	reset = widget.NewButton(lang.X("recovery.reset", "Reset password"), do)
	reset.Importance = widget.HighImportance
	back := widget.NewButton(lang.X("recovery.back", "Back to sign in"), func() { ui.showSignIn("") })
	form := widget.NewForm(widget.NewFormItem(lang.X("recovery.key", "Recovery key"), key), widget.NewFormItem(lang.X("signin.username", "Username"), user),
		widget.NewFormItem(lang.X("recovery.new_password", "New password"), pw1), widget.NewFormItem(lang.X("recovery.new_password_again", "New password again"), pw2))
	ui.setContent(kit.Centered(container.NewVBox(kit.Heading(lang.X("recovery.title", "Recover access with the recovery key")), form,
		container.NewHBox(back, kit.SpacerH(), reset), status), 560))
	ui.win.Canvas().Focus(key)
}
