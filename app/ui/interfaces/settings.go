package interfaces

import (
	"strconv"
	"strings"

	"dossier/model"
	"dossier/storage"

	"dossier/app/ui/kit"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// editSettings is the administrator's form for the clinic's HL7 settings.
func (r *room) editSettings() {
	sess := r.h.Session()
	if sess == nil {
		return
	}
	c, err := sess.Clinic()
	if err != nil {
		r.h.ShowError(err)
		return
	}
	set := c.Interfaces
	port := widget.NewEntry()
	if set.MLLPPort > 0 {
		port.SetText(strconv.Itoa(set.MLLPPort))
	}
	port.SetPlaceHolder(lang.X("interfaces.port_hint", "e.g. 2575; empty: no listener"))
	lan := widget.NewCheck(lang.X("interfaces.allow_lan", "Answer other computers on the local network (otherwise this computer only)"), nil)
	lan.SetChecked(set.AllowLAN)
	send := widget.NewCheck(lang.X("interfaces.send_adt", "Send ADT (A01, A02, A03, A08) for admissions, transfers, discharges and patient changes"), nil)
	send.SetChecked(set.SendADT)
	folder := widget.NewEntry()
	folder.SetText(set.OutFolder)
	folder.SetPlaceHolder(lang.X("interfaces.folder_hint", "a folder the other system reads"))
	peer := widget.NewEntry()
	peer.SetText(set.PeerAddr)
	peer.SetPlaceHolder(lang.X("interfaces.peer_hint", "host:port of the other system's MLLP listener"))
	items := []*widget.FormItem{widget.NewFormItem(lang.X("interfaces.mllp_port", "MLLP port"), port), widget.NewFormItem("", lan), widget.NewFormItem("", send),
		widget.NewFormItem(lang.X("interfaces.out_folder", "Out folder"), folder), widget.NewFormItem(lang.X("interfaces.or_peer", "Or MLLP peer"), peer)}
	r.h.FormDialog(lang.X("interfaces.settings_title", "Interface settings"), items, port, func(done func(msg string)) {
		next := model.InterfaceSettings{AllowLAN: lan.Checked, SendADT: send.Checked,
			OutFolder: strings.TrimSpace(folder.Text), PeerAddr: strings.TrimSpace(peer.Text)}
		if p := strings.TrimSpace(port.Text); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 65535 {
				done(lang.X("interfaces.bad_port", "The port is a number from 1 to 65535."))
				return
			}
			next.MLLPPort = n
		}
		if next.SendADT && next.OutFolder == "" && next.PeerAddr == "" {
			done(lang.X("interfaces.adt_needs_way", "Sending ADT needs an out folder or an MLLP peer."))
			return
		}
		kit.Run(r.h, func(sess *storage.Session) (struct{}, error) {
			c, err := sess.Clinic()
			if err != nil {
				return struct{}{}, err
			}
			c.Interfaces = next
			return struct{}{}, sess.Admin().UpdateClinic(c, "interface settings")
		}, func(_ struct{}, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			r.h.ClinicChanged()
			r.out.reload()
			r.listener.SetText(lang.X("interfaces.settings_saved", "Interface settings saved (listener port {{.Port}}).", map[string]any{"Port": next.MLLPPort}))
		})
	})
}
