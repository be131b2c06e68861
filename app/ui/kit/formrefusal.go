package kit

import (
	"dossier/storage"

	"fyne.io/fyne/v2/canvas"
)

// Refusal says which field a refused save is about (nil: none) and what
// to tell the user; ok is false for an error that is about no field.
type Refusal func(err error) (field *canvas.Text, msg string, ok bool)

// RunRefusable is Run for forms whose store refuses a save field by
// field: a refusal about one field shows beside it, any other as Run
// shows it. The form closes and ok runs only when the save worked.
func (m *Form) RunRefusable(work func(sess *storage.Session) error, refusal Refusal, ok func()) {
	m.save.Disable()
	m.Fail("")
	Run(m.h, func(s *storage.Session) (struct{}, error) { return struct{}{}, work(s) }, func(_ struct{}, err error) {
		m.save.Enable()
		if err == nil {
			m.Close()
			ok()
			return
		}
		if field, msg, about := refusal(err); about {
			msg = m.h.DatesIn(msg)
			if field != nil {
				SetError(field, msg)
				m.FailFields()
				return
			}
			m.Fail(nothingSaved(msg))
			return
		}
		m.Fail(nothingSaved(m.h.DatesIn(Plain(err))))
	})
}
