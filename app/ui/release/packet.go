package release

import (
	"context"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"os"

	releaseflow "dossier/app/flow/release"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/reports/packet"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// buildPacket saves the choices, asks where to write the packet (and for
// a password when it is to be protected) and builds it with progress and
// Cancel. A packet that fails is deleted: none is left half-made.
func (rq *requestScreen) buildPacket() {
	rq.saveThen(func() {
		if rq.m.GroundErr != nil {
			rq.h.ShowError(rq.m.GroundErr)
			return
		}
		rq.h.AskSavePathFor("packets", rq.m.Request.Number+".pdf", func(path string) {
			if rq.m.Request.Encrypt {
				rq.askPacketPassword(func(pw string) { rq.buildPacketTo(path, pw) })
				return
			}
			rq.buildPacketTo(path, "")
		})
	})
}

// askPacketPassword asks for the password the recipient will be told
// separately (by phone, never in the same envelope).
func (rq *requestScreen) askPacketPassword(then func(string)) {
	pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	msg := kit.ErrorText()
	var dlg dialog.Dialog
	ok := func() {
		switch {
		case len([]rune(pw.Text)) < 8:
			kit.SetError(msg, lang.X("release.use_at_least_8", "Use at least 8 characters"))
		case pw.Text != again.Text:
			kit.SetError(msg, lang.X("release.the_two_passwords_differ", "The two passwords differ"))
		default:
			dlg.Hide()
			then(pw.Text)
		}
	}
	pw.OnSubmitted = func(string) { ok() }
	again.OnSubmitted = func(string) { ok() }
	form := widget.NewForm(widget.NewFormItem(lang.X("signin.password", "Password"), pw), widget.NewFormItem(lang.X("release.again", "Again"), again))
	help := widget.NewLabel(lang.X("release.give_the_password_to", "Give the password to the recipient separately, by phone, never with the packet."))
	help.Wrapping = fyne.TextWrapWord
	dlg = dialog.NewCustomWithoutButtons(lang.X("release.password_for_the_packet", "Password for the packet"), container.NewVBox(help, form, msg,
		container.NewHBox(kit.SpacerH(), widget.NewButton(lang.X("common.cancel", "Cancel"), func() { dlg.Hide() }), widget.NewButton(lang.X("release.build_enter", "Build (Enter)"), ok))), rq.h.Win)
	dlg.Resize(fyne.NewSize(480, 260))
	dlg.Show()
	rq.h.Win.Canvas().Focus(pw)
}

// buildPacketTo builds the packet into path and records it on the request.
func (rq *requestScreen) buildPacketTo(path, password string) {
	m, clinic := rq.m, rq.h.Clinic()
	var (
		res packet.Result
		rel packet.Release
	)
	rq.h.WithProgress(lang.X("release.building_the_release_packet", "Building the release packet"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		rel = releaseflow.PacketRelease(sess, m, clinic, sess.User().FullName, password)
		var err error
		res, err = releaseflow.WritePacket(ctx, path, rel, func(done, total int) { progress(float64(done) / float64(max(total, 1))) })
		return err
	}, func(err error) {
		if err != nil {
			rq.h.ShowError(fmt.Errorf("the packet was not made: %w", err))
			return
		}
		info := model.PacketInfo{BatesFirst: res.BatesFirst, BatesLast: res.BatesLast, Pages: res.Pages, SHA256: res.SHA256,
			Encrypted: password != "", Selection: rq.m.Selection}
		for _, it := range rel.Items {
			info.What = append(info.What, it.Title)
		}
		id, rev := rq.id, m.Rev
		kit.Run(rq.h, func(sess *storage.Session) (model.Request, error) {
			r, _, err := sess.Release().SetPacket(id, rev, info)
			return r, err
		}, func(_ model.Request, err error) {
			if err != nil {
				os.Remove(path)
				rq.h.ShowError(err)
				return
			}
			rq.h.ShowInfo(lang.X("release.packet_ready", "Packet ready"), fmt.Sprintf(lang.X("release.to_saved_to_look", "%s, %s to %s, saved to %s.\nLook through every page, then release it."),
				kit.PagesCount(res.Pages), res.BatesFirst, res.BatesLast, path))
			rq.reload()
			if password == "" { // a protected packet opens in a PDF reader, with its password
				rq.h.PreviewFile(fmt.Sprintf(lang.X("release.packet_number", "packet %s"), m.Request.Number), path, res.Pages)
			}
		})
	})
}
