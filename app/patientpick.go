package app

import (
	"fmt"
	"strings"

	"dossier/model/search"
	"dossier/storage"

	"fyne.io/fyne/v2/widget"
)

// patientPick is the "which patient?" part of a form: an entry for an MRN
// or a name, Enter to search (typos and sound-alikes found, restricted
// records only for roles that may open them), and the matches to choose
// from, the best one chosen.
type patientPick struct {
	ui      *UI
	entry   *widget.Entry
	matches *widget.Select
	found   []storage.SearchResult
	// report shows a message beside the field; "" clears it.
	report func(string)
	// after runs once a search has filled the matches (n of them).
	after func(n int)
}

func newPatientPick(ui *UI, placeholder string, report func(string)) *patientPick {
	p := &patientPick{ui: ui, entry: widget.NewEntry(), matches: widget.NewSelect(nil, nil), report: report}
	p.entry.SetPlaceHolder(placeholder)
	p.entry.OnSubmitted = func(string) { ui.touch(); p.search() }
	p.matches.PlaceHolder = "(find the patient first)"
	return p
}

func (p *patientPick) search() {
	text := strings.TrimSpace(p.entry.Text)
	if text == "" {
		p.report("Type the patient's MRN or name, then press Enter.")
		p.done(0)
		return
	}
	q := search.Query{Text: text, Limit: 8, ShowRestricted: p.ui.sess.User().Role.MayOpenRestricted()}
	sess := p.ui.sess
	background(p.ui, func() ([]storage.SearchResult, error) { return sess.Patients().Search(q, true) },
		func(rs []storage.SearchResult, err error) {
			if err != nil {
				p.report(plain(err))
				p.done(0)
				return
			}
			p.found = rs
			var opts []string
			for _, r := range rs {
				opts = append(opts, fmt.Sprintf("%s · %s · born %s", r.Name, r.MRN, r.BirthDate))
			}
			p.matches.SetOptions(opts)
			if len(opts) == 0 {
				p.report("No patient found. Check the MRN or the spelling, or register the patient first.")
				p.done(0)
				return
			}
			p.report("")
			p.matches.SetSelectedIndex(0)
			p.done(len(opts))
		})
}

func (p *patientPick) done(n int) {
	if p.after != nil {
		p.after(n)
	}
}

// chosen is the patient picked, if any.
func (p *patientPick) chosen() (storage.SearchResult, bool) {
	i := p.matches.SelectedIndex()
	if i < 0 || i >= len(p.found) {
		return storage.SearchResult{}, false
	}
	return p.found[i], true
}
