package admissions

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// StaysTab is the "Stays" tab of a patient's chart: every inpatient stay,
// newest first, with its ward history, how it ended and its length; an
// open stay has the transfer and discharge actions.
func StaysTab(h *kit.Host, p model.Patient) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabel(lang.X("common.loading", "Loading…")))
	bar := container.NewHBox()
	var reload func(done string)
	status := kit.WrapLabel("")
	reload = func(done string) {
		type loaded struct {
			stays []model.Encounter
			order clinical.DateOrder
		}
		kit.Run(h, func(sess *storage.Session) (loaded, error) {
			c, err := sess.Clinic()
			if err != nil {
				return loaded{}, err
			}
			ch, err := sess.Encounters().Chart(p.ID)
			var stays []model.Encounter
			for _, e := range ch.Encounters {
				if e.Type == model.EncInpatient {
					stays = append(stays, e)
				}
			}
			return loaded{stays, clinical.DateOrder(c.DateOrder)}, err
		}, func(l loaded, err error) {
			box.Objects, bar.Objects = nil, nil
			status.SetText(done)
			if err != nil {
				box.Add(kit.WrapLabel(kit.Plain(err)))
				box.Refresh()
				return
			}
			open := false
			for _, e := range l.stays {
				open = open || e.End.IsZero()
			}
			may := h.Can(model.PermRegisterPatient)
			if may && !open {
				admit := widget.NewButtonWithIcon(lang.X("stays.admit", "Admit…"), theme.ContentAddIcon(), h.Act(func() {
					loadStayContext(h, func(ctx stayContext) {
						showAdmitForm(h, &p, ctx, func(e model.Encounter) { reload(fmt.Sprintf(lang.X("stays.admitted_to", "Admitted to %s."), e.Ward)) })
					})
				}))
				admit.Importance = widget.HighImportance
				bar.Add(admit)
			}
			box.Add(widget.NewLabel(staysSummary(l.stays)))
			for _, e := range l.stays {
				box.Add(stayCard(h, p, e, l.order, may, reload))
			}
			box.Refresh()
			bar.Refresh()
		})
	}
	reload("")
	return container.NewBorder(bar, status, nil, nil, container.NewVScroll(box))
}

// staysSummary is the line above a patient's stays.
func staysSummary(stays []model.Encounter) string {
	if len(stays) == 0 {
		return lang.X("stays.no_inpatient_stays", "No inpatient stays.")
	}
	days := 0
	for _, e := range stays {
		days += clinical.StayOf(e).LengthOfStay(time.Now())
	}
	return fmt.Sprintf(lang.X("stays.summary", "%s, %s in hospital in all."), kit.CountOf(len(stays), "stay"), kit.CountOf(days, "day"))
}

// stayCard shows one stay: its title line, ward history and, for an open
// stay, the transfer and discharge buttons.
func stayCard(h *kit.Host, p model.Patient, e model.Encounter, order clinical.DateOrder, may bool, reload func(string)) fyne.CanvasObject {
	s := clinical.StayOf(e)
	los := s.LengthOfStay(time.Now())
	var title, sub string
	if s.Open() {
		title = fmt.Sprintf(lang.X("stays.card_open_title", "Admitted since %s · now in %s"), stayTime(e.Start, order), s.CurrentWard())
		sub = fmt.Sprintf(lang.X("stays.card_still_admitted", "Still admitted · %s so far"), kit.CountOf(los, "day"))
	} else {
		title = fmt.Sprintf(lang.X("stays.card_closed_title", "%s to %s · %s"), stayTime(e.Start, order), stayTime(e.End, order), kit.CountOf(los, "day"))
		sub = kit.DispositionName(clinical.Disposition(e.Disposition))
		if sub == "" {
			sub = lang.X("stays.discharged_how_unknown", "Discharged (how is not recorded)")
		}
	}
	lines := container.NewVBox()
	for _, l := range stayHistory(e, order) {
		lines.Add(kit.WrapLabel(l))
	}
	if s.Open() && may {
		who := p.DisplayName()
		ctxThen := func(show func(stayContext)) func() {
			return h.Act(func() { loadStayContext(h, show) })
		}
		transfer := widget.NewButton(lang.X("stays.transfer", "Transfer…"), ctxThen(func(ctx stayContext) {
			showTransferForm(h, e, who, ctx, func(e model.Encounter) {
				reload(lang.X("stays.moved", "Moved to {{.Ward}}.", map[string]any{"Ward": clinical.StayOf(e).CurrentWard()}))
			})
		}))
		discharge := widget.NewButton(lang.X("stays.discharge", "Discharge…"), ctxThen(func(ctx stayContext) {
			showDischargeForm(h, e, who, ctx, func(e model.Encounter) {
				reload(lang.X("stays.ended", "Stay ended: {{.How}}.", map[string]any{"How": kit.DispositionName(clinical.Disposition(e.Disposition))}))
			})
		}))
		lines.Add(container.NewHBox(transfer, discharge))
	}
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	subLabel := widget.NewLabel(sub)
	subLabel.Importance = widget.LowImportance
	if s.Open() {
		subLabel.Importance = widget.HighImportance
	}
	return widget.NewCard("", "", container.NewVBox(head, subLabel, widget.NewSeparator(), lines))
}

// stayHistory is a stay's course line by line: admission, each transfer,
// the discharge.
func stayHistory(e model.Encounter, order clinical.DateOrder) []string {
	bed := func(b string) string {
		if strings.TrimSpace(b) == "" {
			return ""
		}
		return fmt.Sprintf(lang.X("stays.history_bed", ", bed %s"), strings.TrimSpace(b))
	}
	first := fmt.Sprintf(lang.X("stays.history_admitted", "%s   Admitted to %s%s"), stayTime(e.Start, order), e.Ward, bed(e.Bed))
	if e.AdmittedBy != "" {
		first += fmt.Sprintf(lang.X("stays.history_by", " by %s"), e.AdmittedBy)
	}
	if e.Reason != "" {
		first += " — " + e.Reason
	}
	out := []string{first}
	for _, t := range e.Transfers {
		l := fmt.Sprintf(lang.X("stays.history_moved_from", "%s   Moved from %s to %s%s"), stayTime(t.At, order), t.FromWard, t.ToWard, bed(t.Bed))
		if t.FromWard == "" {
			l = fmt.Sprintf(lang.X("stays.history_moved_to", "%s   Moved to %s%s"), stayTime(t.At, order), t.ToWard, bed(t.Bed))
		}
		if t.By != "" {
			l += fmt.Sprintf(lang.X("stays.history_recorded_by", " (recorded by %s)"), t.By)
		}
		out = append(out, l)
	}
	if !e.End.IsZero() {
		d := clinical.Disposition(e.Disposition)
		l := fmt.Sprintf("%s   %s", stayTime(e.End, order), kit.DispositionName(d))
		switch {
		case d == clinical.DispDied:
			l += " " + lang.X("stays.history_time_of_death", "(time of death)")
		case d == "":
			l += lang.X("stays.history_discharged", "Discharged")
		}
		if e.DischargeNote != "" {
			l += " — " + e.DischargeNote
		}
		out = append(out, l)
	}
	return out
}
