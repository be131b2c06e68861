package admissions

import (
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// attendingPicker offers the clinic's clinicians (users with role
// clinician) for the admitting clinician's field: choosing one writes
// their name, which storage links to the user, so the stay's deficiencies
// reach that person. A name typed that is no user stays as written.
func attendingPicker(h *kit.Host, by *widget.Entry) *widget.Select {
	pick := widget.NewSelect(nil, func(name string) {
		h.Touch()
		if name != "" {
			by.SetText(name)
		}
	})
	pick.PlaceHolder = lang.X("stays.choose_clinician", "(choose a clinician who uses Dossier)")
	kit.Run(h, func(sess *storage.Session) ([]model.User, error) { return sess.Encounters().Clinicians() },
		func(us []model.User, err error) {
			if err != nil || len(us) == 0 {
				pick.PlaceHolder = lang.X("stays.no_clinician_account", "(no clinician has a Dossier account)")
				pick.Disable()
				pick.Refresh()
				return
			}
			names := make([]string, len(us))
			for i, u := range us {
				names[i] = u.FullName
			}
			pick.SetOptions(names)
		})
	return pick
}
