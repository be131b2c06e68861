package ui

import (
	"errors"
	"io"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// setupForm is the first-run form that creates the clinic and its
// administrator.
type setupForm struct {
	clinic, prefix, username, fullName, pw1, pw2 *widget.Entry
	status                                       *widget.Label
	create                                       *widget.Button
	busy                                         *widget.ProgressBarInfinite
}

// firstAdminUsername is the administrator's suggested sign-in name: an
// identifier typed at sign-in, the same in every language.
const firstAdminUsername = "admin"

func (ui *UI) showSetup() {
	f := &setupForm{clinic: widget.NewEntry(), prefix: widget.NewEntry(), username: widget.NewEntry(),
		fullName: widget.NewEntry(), pw1: widget.NewPasswordEntry(), pw2: widget.NewPasswordEntry(),
		status: widget.NewLabel(""), busy: widget.NewProgressBarInfinite()}
	f.status.Wrapping = fyne.TextWrapWord
	f.busy.Hide()
	f.clinic.SetPlaceHolder(lang.X("setup.clinic_hint", "e.g. Kasese District Hospital"))
	f.prefix.SetPlaceHolder(lang.X("setup.prefix_hint", "2–5 letters, e.g. KDH (starts every MRN)"))
	f.username.SetText(firstAdminUsername)
	f.fullName.SetPlaceHolder(lang.X("setup.full_name_hint", "The administrator's full name"))
	f.pw2.OnSubmitted = func(string) { ui.createClinic(f) }
	f.create = widget.NewButton(lang.X("setup.create_clinic", "Create clinic"), func() { ui.createClinic(f) })
	f.create.Importance = widget.HighImportance
	intro := widget.NewLabel(lang.X("setup.intro", "No clinic store was found at {{.Path}}. Set up the clinic and its administrator. Every record will be encrypted; the administrator's password and a recovery key unlock it.",
		map[string]any{"Path": ui.dbPath}))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.X("setup.clinic_name", "Clinic name"), f.clinic), widget.NewFormItem(lang.X("setup.mrn_prefix", "MRN prefix"), f.prefix),
		widget.NewFormItem(lang.X("setup.admin_username", "Administrator username"), f.username), widget.NewFormItem(lang.X("setup.full_name", "Full name"), f.fullName),
		widget.NewFormItem(lang.X("setup.password", "Password"), f.pw1), widget.NewFormItem(lang.X("setup.password_again", "Password again"), f.pw2))
	ui.setContent(kit.Centered(container.NewVBox(kit.Heading(lang.X("setup.title", "Set up Dossier")), intro, form, f.create, f.busy, f.status), 560))
	ui.win.Canvas().Focus(f.clinic)
}

func (f *setupForm) validate() (model.Clinic, model.User, error) {
	c := model.DefaultClinic(strings.TrimSpace(f.clinic.Text), strings.ToUpper(strings.TrimSpace(f.prefix.Text)))
	u := model.User{Username: f.username.Text, FullName: strings.TrimSpace(f.fullName.Text)}
	if err := c.Validate(); err != nil {
		return c, u, err
	}
	if err := model.ValidateUsername(u.Username); err != nil {
		return c, u, err
	}
	if err := model.ValidatePassword(f.pw1.Text); err != nil {
		return c, u, err
	}
	if f.pw1.Text != f.pw2.Text {
		return c, u, errors.New(lang.X("setup.passwords_differ", "The two passwords differ."))
	}
	return c, u, nil
}

// createClinic calibrates the key derivation and creates the store in the
// background (it takes a few seconds), then shows the recovery key once.
func (ui *UI) createClinic(f *setupForm) {
	c, u, err := f.validate()
	if err != nil {
		f.status.SetText(kit.Plain(err))
		return
	}
	f.create.Disable()
	f.busy.Show()
	f.status.SetText(lang.X("setup.creating", "Creating the encrypted store…"))
	pw := f.pw1.Text
	type created struct {
		store *storage.Store
		sess  *storage.Session
		key   storage.RecoveryKey
	}
	kit.Go(ui.h, func() (created, error) {
		s, sess, rk, err := storage.Create(ui.dbPath, c, u, pw, ui.kdf)
		return created{s, sess, rk}, err
	}, func(r created, err error) {
		f.create.Enable()
		f.busy.Hide()
		if err != nil {
			f.status.SetText(kit.Plain(err))
			return
		}
		ui.store = r.store
		ui.showRecoveryKey(r.sess, c, r.key)
	})
}

// showRecoveryKey shows the key once, offers the printable sheet, and only
// continues when the administrator confirms it is stored.
func (ui *UI) showRecoveryKey(sess *storage.Session, c model.Clinic, rk storage.RecoveryKey) {
	key := widget.NewLabelWithStyle(rk.String(), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	key.Wrapping = fyne.TextWrapWord
	key.Selectable = true
	explain := widget.NewLabel(lang.X("setup.key_explain", "This recovery key unlocks the clinic's records if every administrator password is lost. It is shown only now. Print the sheet or write the key down, and keep it locked away from this computer."))
	explain.Wrapping = fyne.TextWrapWord
	var cont *widget.Button
	confirm := widget.NewCheck(lang.X("setup.key_stored", "I have printed or written down the recovery key and stored it safely"), func(on bool) {
		if on {
			cont.Enable()
		} else {
			cont.Disable()
		}
	})
	save := widget.NewButton(lang.X("setup.save_sheet", "Save recovery sheet as PDF…"), func() { ui.saveRecoverySheet(sess, c, rk) })
	cont = widget.NewButton(lang.X("setup.continue", "Continue"), func() { ui.signedIn(sess) })
	cont.Importance = widget.HighImportance
	cont.Disable()
	ui.setContent(kit.Centered(container.NewVBox(kit.Heading(lang.X("setup.your_key", "Your recovery key")), explain, key, save, confirm, cont), 600))
}

func (ui *UI) saveRecoverySheet(sess *storage.Session, c model.Clinic, rk storage.RecoveryKey) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		kit.Go(ui.h, func() (struct{}, error) {
			err := kit.WritePrivateFile(path, func(w io.Writer) error {
				return reports.WriteRecoverySheet(w, reports.RecoverySheet{Clinic: c.Name, ClinicID: ui.store.ClinicID(),
					Key: rk.String(), Created: time.Now(), StoreAt: ui.store.Path(), RootFingerprint: ui.store.RootFingerprint()})
			})
			if err == nil {
				err = sess.Outputs().RecordPrint("", model.ZeroID, "recovery key sheet")
			}
			return struct{}{}, err
		}, func(_ struct{}, err error) {
			if err != nil {
				ui.h.ShowError(err)
				return
			}
			ui.h.Notice(lang.X("setup.sheet_saved", "Recovery sheet saved to {{.Path}}. Print it, then delete the file.", map[string]any{"Path": path}))
		})
	}, ui.win)
	d.SetFileName("dossier-recovery-key.pdf")
	d.Show()
}
