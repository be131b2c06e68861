package ui

import (
	"dossier/app/ui/keying"
	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// signInScreen holds the sign-in form's widgets.
type signInScreen struct {
	username, password *widget.Entry
	status             *widget.Label
	button             *widget.Button
	busy               *widget.ProgressBarInfinite
}

// showSignIn shows the sign-in form; user pre-fills the username (after a lock).
func (ui *UI) showSignIn(user string) {
	ui.h.SignedOut()
	ui.win.SetMainMenu(nil) // no menu acts without a session
	ui.idle.stop()
	s := &signInScreen{username: widget.NewEntry(), password: widget.NewPasswordEntry(),
		status: widget.NewLabel(""), busy: widget.NewProgressBarInfinite()}
	s.status.Wrapping = fyne.TextWrapWord
	s.busy.Hide()
	s.username.SetPlaceHolder(lang.X("signin.username", "Username"))
	s.username.SetText(user)
	s.password.SetPlaceHolder(lang.X("signin.password", "Password"))
	submit := func() { ui.signIn(s) }
	s.username.OnSubmitted = func(string) { ui.win.Canvas().Focus(s.password) }
	s.password.OnSubmitted = func(string) { submit() }
	s.button = widget.NewButton(lang.X("signin.button", "Sign in"), submit)
	s.button.Importance = widget.HighImportance
	recover := widget.NewButton(lang.X("signin.recovery", "Use recovery key…"), ui.showRecovery)
	recover.Importance = widget.LowImportance
	title := lang.X("signin.title", "Sign in to Dossier")
	if user != "" {
		title = lang.X("signin.locked", "Locked — sign in to continue")
	}
	form := container.NewVBox(
		kit.Heading(title),
		widget.NewLabel(ui.store.Path()),
		widget.NewForm(widget.NewFormItem(lang.X("signin.username", "Username"), s.username), widget.NewFormItem(lang.X("signin.password", "Password"), s.password)),
		s.button, s.busy, s.status, recover,
	)
	ui.setContent(kit.Centered(form, 420))
	if user == "" {
		ui.win.Canvas().Focus(s.username)
	} else {
		ui.win.Canvas().Focus(s.password)
	}
}

// signIn unlocks the store off the UI goroutine (Argon2id takes about a
// second by design) and opens the main window on success.
func (ui *UI) signIn(s *signInScreen) {
	user, pw := s.username.Text, s.password.Text
	if user == "" || pw == "" {
		s.status.SetText(lang.X("signin.empty", "Enter your username and password."))
		return
	}
	s.button.Disable()
	s.busy.Show()
	s.status.SetText(lang.X("signin.unlocking", "Unlocking…"))
	kit.Go(ui.h, func() (*storage.Session, error) { return ui.store.SignIn(user, pw) },
		func(sess *storage.Session, err error) {
			s.button.Enable()
			s.busy.Hide()
			if err != nil {
				s.password.SetText("")
				s.status.SetText(kit.Plain(err) + " " + lang.X("common.nothing_changed", "Nothing was changed."))
				ui.win.Canvas().Focus(s.password)
				return
			}
			ui.signedIn(sess)
		})
}

// signedIn builds the main window for the session.
func (ui *UI) signedIn(sess *storage.Session) {
	ui.h.SignedIn(sess)
	ui.loadAppearance()
	ui.shell = newShell(ui)
	ui.h.Shell = ui.shell
	ui.setContent(ui.shell.root)
	ui.shell.open(0)
	ui.armIdleLock()
	ui.startSync(sess)
	ui.dailyBackupIfDue() // a backup due while the store was locked
	if n := sess.FailedSignInsSinceLast(); n > 0 {
		ui.shell.flash(failedSignInText(n))
	}
}

func failedSignInText(n int) string {
	return lang.XN("signin.failed", "{{.Count}} failed sign-in attempts since the last sign-in. They are recorded in the audit trail.", n, map[string]any{"Count": n})
}

// clearOverlays closes every dialog, so nothing from a session stays on
// screen after it locks.
func (ui *UI) clearOverlays() {
	ov := ui.win.Canvas().Overlays()
	for top := ov.Top(); top != nil; top = ov.Top() {
		ov.Remove(top)
	}
}

// lock forgets the keys and returns to the sign-in screen with the same user.
func (ui *UI) lock(reason string) {
	if ui.h.Session() == nil {
		return
	}
	sess := ui.h.Session()
	user := sess.User().Username
	keep := keying.DraftNow(ui.h)
	waitSync := ui.syncWhileLocking()
	ui.h.SignedOut()
	ui.h.Shell = nil
	if ui.appearance != (Appearance{}) { // the sign-in screen is everyone's
		ui.applyAppearance(Appearance{})
	}
	ui.h.Thumbs.Clear()
	ui.clearOverlays()
	ui.setContent(kit.Centered(kit.Heading(lang.X("lock.locking", "Locking…")), 300))
	kit.Go(ui.h, func() (struct{}, error) { waitSync(); keep(sess); return struct{}{}, sess.Lock(actionFor(reason)) },
		func(_ struct{}, err error) {
			ui.showSignIn(user)
			ui.startLockedSync() // pulls into the sealed inbox until the next sign-in
			ui.h.ShowError(err)  // the keys are gone either way; say if the sign-out was not audited
		})
}

func (ui *UI) lockForIdle() { ui.lock("idle") }
