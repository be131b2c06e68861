package kit

import (
	"time"

	"dossier/model"
	"dossier/model/clinical"

	"fyne.io/fyne/v2/widget"
)

// Clinic is the clinic's settings, read once per sign-in and kept (the
// store caches it too); Settings calls ClinicChanged after a save.
func (h *Host) Clinic() model.Clinic {
	h.clinicMu.Lock()
	defer h.clinicMu.Unlock()
	if h.clinic != nil {
		return *h.clinic
	}
	sess := h.Session()
	if sess == nil {
		return model.Clinic{}
	}
	c, err := sess.Clinic()
	if err != nil {
		return model.Clinic{}
	}
	h.clinic = &c
	return c
}

// ClinicChanged forgets the kept clinic settings.
func (h *Host) ClinicChanged() {
	h.clinicMu.Lock()
	h.clinic = nil
	h.clinicMu.Unlock()
}

// DateOrder is how the clinic writes dates.
func (h *Host) DateOrder() clinical.DateOrder {
	if c := h.Clinic(); c.DateOrder != "" {
		return clinical.DateOrder(c.DateOrder)
	}
	return clinical.OrderDMY
}

// ParseDate reads a date typed into any form the way the clinic writes
// dates (Settings: day/month/year, month/day/year or year-month-day), plus
// ISO dates and "today", "yesterday", "3 days ago". Birth dates on the
// registration form keep their own reader.
func (h *Host) ParseDate(s string) (model.Date, bool) {
	d, err := clinical.ParseDate(s, h.DateOrder(), time.Now())
	return d, err == nil
}

// DocTypesChosen reads the document types ticked in a check group of
// their labels.
func DocTypesChosen(g *widget.CheckGroup) []model.DocType {
	var out []model.DocType
	for _, l := range g.Selected {
		if t, ok := model.DocTypeByLabel(l); ok {
			out = append(out, t)
		}
	}
	return out
}
