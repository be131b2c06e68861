package kit

import (
	"regexp"
	"strconv"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
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

// DateOrder is how the clinic writes dates: the order of day, month and
// year, in the clinic's calendar (Settings); every date shown or read on a
// form goes through it.
func (h *Host) DateOrder() clinical.DateOrder { return clinical.ClinicOrder(h.Clinic()) }

// ParseDate reads a date typed into any form the way the clinic writes
// dates (Settings: day/month/year, month/day/year or year-month-day), plus
// ISO dates and "today", "yesterday", "3 days ago". Birth dates on the
// registration form keep their own reader.
func (h *Host) ParseDate(s string) (model.Date, bool) {
	d, err := clinical.ParseDate(s, h.DateOrder(), time.Now())
	return d, err == nil
}

// DocTypeTicks is a tick box per document type, in three columns so a
// form with them stays narrower than a small screen (a horizontal check
// group of every type is 1,400 px wide).
type DocTypeTicks struct {
	Box    *fyne.Container // what to place on a form
	checks []*widget.Check
	types  []model.DocType
}

// NewDocTypeTicks makes the tick boxes, none ticked.
func NewDocTypeTicks() *DocTypeTicks {
	d := &DocTypeTicks{Box: container.NewGridWithColumns(3)}
	for _, t := range model.DocTypes {
		c := widget.NewCheck(DocTypeName(t), nil)
		d.checks = append(d.checks, c)
		d.types = append(d.types, t)
		d.Box.Add(c)
	}
	return d
}

// Chosen is the document types ticked.
func (d *DocTypeTicks) Chosen() []model.DocType {
	var out []model.DocType
	for i, c := range d.checks {
		if c.Checked {
			out = append(out, d.types[i])
		}
	}
	return out
}

// Date writes a date the way the clinic writes dates (Settings).
func (h *Host) Date(d model.Date) string { return clinical.FormatDate(d, h.DateOrder()) }

// Year writes the year of d in the clinic's calendar (estimated birth dates).
func (h *Host) Year(d model.Date) string { return strconv.Itoa(clinical.YearOf(d, h.DateOrder())) }

// Day writes the local day of a moment the clinic's way.
func (h *Host) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return h.Date(model.DateOf(t.Local()))
}

// When writes a moment as the clinic's date and the local time.
func (h *Host) When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return h.Day(t) + " " + t.Local().Format("15:04")
}

// DateHint is how to type a date here, for messages about a date field.
func (h *Host) DateHint() string {
	ex := h.Date(model.Date{Year: 2024, Month: time.March, Day: 12})
	return lang.X("kit.date_hint", "type the date as {{.Example}} (or today, yesterday, 3 days ago)", map[string]any{"Example": ex})
}

var isoDate = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)

// DatesIn rewrites the ISO dates in a message from the rules (storage and
// model write dates one way) the way the clinic writes them, so an error
// about a field quotes the date as it was typed.
func (h *Host) DatesIn(msg string) string {
	if h.DateOrder() == clinical.OrderYMD { // already the clinic's way
		return msg
	}
	return isoDate.ReplaceAllStringFunc(msg, func(s string) string {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return s
		}
		return h.Date(model.DateOf(t))
	})
}
