package kit

import (
	"strings"

	"dossier/model/search"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// patientPick is the "which patient?" part of a form: an entry for an MRN
// or a name, Enter to search (typos and sound-alikes found, restricted
// records only for roles that may open them), and the matches to choose
// from, the best one chosen.
type PatientPick struct {
	h       *Host
	Entry   *widget.Entry
	Matches *widget.Select
	found   []storage.SearchResult
	// report shows a message beside the field; "" clears it.
	report func(string)
	// after runs once a search has filled the matches (n of them).
	After func(n int)
}

func (h *Host) NewPatientPick(placeholder string, report func(string)) *PatientPick {
	p := &PatientPick{h: h, Entry: widget.NewEntry(), Matches: widget.NewSelect(nil, nil), report: report}
	p.Entry.SetPlaceHolder(placeholder)
	p.Entry.OnSubmitted = func(string) { h.Touch(); p.Search() }
	p.Matches.PlaceHolder = lang.X("kit.find_patient_first", "(find the patient first)")
	return p
}

func (p *PatientPick) Search() {
	text := strings.TrimSpace(p.Entry.Text)
	if text == "" {
		p.report(lang.X("kit.type_mrn_or_name", "Type the patient's MRN or name, then press Enter."))
		p.done(0)
		return
	}
	q := search.Query{Text: text, Limit: 8, ShowRestricted: p.h.Session() != nil && p.h.Session().User().Role.MayOpenRestricted()}
	Run(p.h, func(sess *storage.Session) ([]storage.SearchResult, error) { return sess.Patients().Search(q, true) },
		func(rs []storage.SearchResult, err error) {
			if err != nil {
				p.report(Plain(err))
				p.done(0)
				return
			}
			p.found = rs
			var opts []string
			for _, r := range rs {
				opts = append(opts, lang.X("kit.patient_match", "{{.Name}} · {{.MRN}} · born {{.Born}}", map[string]any{"Name": r.Name, "MRN": r.MRN, "Born": r.BirthDate.String()}))
			}
			p.Matches.SetOptions(opts)
			if len(opts) == 0 {
				p.report(lang.X("kit.no_patient_found", "No patient found. Check the MRN or the spelling, or register the patient first."))
				p.done(0)
				return
			}
			p.report("")
			p.Matches.SetSelectedIndex(0)
			p.done(len(opts))
		})
}

func (p *PatientPick) done(n int) {
	if p.After != nil {
		p.After(n)
	}
}

// chosen is the patient picked, if any.
func (p *PatientPick) Chosen() (storage.SearchResult, bool) {
	i := p.Matches.SelectedIndex()
	if i < 0 || i >= len(p.found) {
		return storage.SearchResult{}, false
	}
	return p.found[i], true
}
