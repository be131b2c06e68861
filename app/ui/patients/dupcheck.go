package patients

import (
	"fmt"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/match"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
			return fmt.Sprintf("about %d", d.Year)
		}
		return h.Date(d)
	}
	head := fmt.Sprintf("%s · MRN %s · %s · born %s", c.Name, c.MRN, c.Sex.Label(), born(c.BirthDate, c.Estimated))
	if c.Village != "" {
		head += " · " + c.Village
	}
	likely := map[match.Decision]string{match.Match: "Very likely the same person.", match.Review: "Possibly the same person: check."}[c.Decision]
	if likely == "" {
		likely = "Probably a different person."
	}
	lines := []string{head, likely}
	if len(c.Agree) > 0 {
		lines = append(lines, "Same: "+strings.Join(c.Agree, ", "))
	}
	var differ []string
	village := ""
	if n := len(p.Address); n > 0 {
		village = p.Address[n-1]
	}
	for _, d := range []struct{ what, here, there string }{
		{"name", p.DisplayName(), c.Name},
		{"sex", p.Sex.Label(), c.Sex.Label()},
		{"born", born(p.BirthDate, p.BirthEstimated), born(c.BirthDate, c.Estimated)},
		{"village", village, c.Village},
	} {
		if d.here != "" && d.there != "" && !strings.EqualFold(d.here, d.there) {
			differ = append(differ, fmt.Sprintf("%s %s here, %s on the record", d.what, d.here, d.there))
		}
	}
	if len(differ) == 0 && len(c.Differ) > 0 {
		differ = c.Differ
	}
	if len(differ) > 0 {
		lines = append(lines, "Different: "+strings.Join(differ, "; "))
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
		open := widget.NewButton("Open this patient", func() {
			dlg.Hide()
			done(nil)
			h.OpenChart(c.ID)
		})
		rows.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, open, kit.WrapLabel(candidateText(h, p, c)))))
	}
	which := fmt.Sprintf("these %d records", len(cands))
	if len(cands) == 1 {
		which = "this record"
	}
	intro := kit.WrapLabel(fmt.Sprintf("%s may already be registered. Check %s before registering a new patient.", p.DisplayName(), which))
	confirm := widget.NewButton("New patient — not any of these", func() {
		dlg.Hide()
		registerNew(h, p, ids, done)
	})
	confirm.Importance = widget.WarningImportance
	back := widget.NewButton("Back to the form", func() { dlg.Hide(); done(kit.ErrCancelled) })
	body := container.NewBorder(intro, container.NewHBox(back, kit.SpacerH(), confirm), nil, nil, container.NewVScroll(rows))
	dlg = dialog.NewCustomWithoutButtons("Possible existing patient", body, h.Win)
	dlg.Resize(fyne.NewSize(760, 520))
	dlg.Show()
}
