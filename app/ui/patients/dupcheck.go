package patients

import (
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/match"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// registerChecked looks for existing patients like p before registering
// it. With none, it registers; otherwise the clerk sees them and either
// opens one or confirms a new patient (recorded and audited).
func registerChecked(h *kit.Host, p model.Patient, done func(error)) {
	kit.Run(h, func(sess *storage.Session) ([]storage.Candidate, error) { return sess.Duplicates().Likely(p) },
		func(cands []storage.Candidate, err error) {
			if err != nil {
				done(err)
				return
			}
			if len(cands) == 0 {
				registerNew(h, p, nil, done)
				return
			}
			showCandidates(h, p, cands, done)
		})
}

func registerNew(h *kit.Host, p model.Patient, reviewed []model.ID, done func(error)) {
	kit.Run(h, func(sess *storage.Session) (model.Patient, error) {
		if len(reviewed) > 0 {
			return p, sess.Duplicates().RegisterNotDuplicate(&p, reviewed)
		}
		return p, sess.Patients().Register(&p)
	}, func(p model.Patient, err error) {
		done(err)
		if err == nil {
			h.OpenChart(p.ID)
		}
	})
}

// candidateText describes one possible duplicate for the clerk: who, how
// likely the same person in plain words, and what differs, value against
// value ("born 21/04/1990 here, 22/04/1990 on the record").
func candidateText(h *kit.Host, p model.Patient, c storage.Candidate) string {
	born := func(d model.Date, estimated bool) string {
		if estimated {
			return lang.X("dup.about_year", "about {{.Year}}", map[string]any{"Year": d.Year})
		}
		return h.Date(d)
	}
	head := lang.X("dup.head", "{{.Name}} · MRN {{.MRN}} · {{.Sex}} · born {{.Born}}", map[string]any{"Name": c.Name, "MRN": c.MRN, "Sex": kit.SexName(c.Sex), "Born": born(c.BirthDate, c.Estimated)})
	if c.Village != "" {
		head += " · " + c.Village
	}
	likely := map[match.Decision]string{match.Match: lang.X("dup.very_likely", "Very likely the same person."), match.Review: lang.X("dup.possibly", "Possibly the same person: check.")}[c.Decision]
	if likely == "" {
		likely = lang.X("dup.probably_not", "Probably a different person.")
	}
	lines := []string{head, likely}
	if len(c.Agree) > 0 {
		lines = append(lines, lang.X("dup.same", "Same: {{.List}}", map[string]any{"List": strings.Join(c.Agree, ", ")}))
	}
	var differ []string
	village := ""
	if n := len(p.Address); n > 0 {
		village = p.Address[n-1]
	}
	for _, d := range []struct{ what, here, there string }{
		{lang.X("dup.what_name", "name"), p.DisplayName(), c.Name},
		{lang.X("dup.what_sex", "sex"), kit.SexName(p.Sex), kit.SexName(c.Sex)},
		{lang.X("dup.what_born", "born"), born(p.BirthDate, p.BirthEstimated), born(c.BirthDate, c.Estimated)},
		{lang.X("dup.what_village", "village"), village, c.Village},
	} {
		if d.here != "" && d.there != "" && !strings.EqualFold(d.here, d.there) {
			differ = append(differ, lang.X("dup.differs", "{{.What}} {{.Here}} here, {{.There}} on the record", map[string]any{"What": d.what, "Here": d.here, "There": d.there}))
		}
	}
	if len(differ) == 0 && len(c.Differ) > 0 {
		differ = c.Differ
	}
	if len(differ) > 0 {
		lines = append(lines, lang.X("dup.different", "Different: {{.List}}", map[string]any{"List": strings.Join(differ, "; ")}))
	}
	return strings.Join(lines, "\n")
}

func showCandidates(h *kit.Host, p model.Patient, cands []storage.Candidate, done func(error)) {
	var dlg dialog.Dialog
	rows := container.NewVBox()
	ids := make([]model.ID, 0, len(cands))
	for _, c := range cands {
		c := c
		ids = append(ids, c.ID)
		open := widget.NewButton(lang.X("dup.open", "Open this patient"), func() {
			dlg.Hide()
			done(nil)
			h.OpenChart(c.ID)
		})
		rows.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, open, kit.WrapLabel(candidateText(h, p, c)))))
	}
	intro := kit.WrapLabel(lang.XN("dup.intro", "{{.Name}} may already be registered. Check these {{.Count}} records before registering a new patient.", len(cands), map[string]any{"Name": p.DisplayName(), "Count": len(cands)}))
	confirm := widget.NewButton(lang.X("dup.new_patient", "New patient — not any of these"), func() {
		dlg.Hide()
		registerNew(h, p, ids, done)
	})
	confirm.Importance = widget.WarningImportance
	back := widget.NewButton(lang.X("dup.back", "Back to the form"), func() { dlg.Hide(); done(kit.ErrCancelled) })
	body := container.NewBorder(intro, container.NewHBox(back, kit.SpacerH(), confirm), nil, nil, container.NewVScroll(rows))
	dlg = dialog.NewCustomWithoutButtons(lang.X("dup.title", "Possible existing patient"), body, h.Win)
	dlg.Resize(fyne.NewSize(760, 520))
	dlg.Show()
}
