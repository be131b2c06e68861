package duplicates

import (
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// mergeField is one row of the comparison: each record's value as shown,
// and how the merged record takes the value kept from the record it is on.
type mergeField struct {
	label string
	a, b  string
	take  func(into *model.Patient, from model.Patient)
}

// mergeFields lists what the supervisor compares, shown as the registration
// form shows it (an estimated birth date as an age).
func mergeFields(a, b model.Patient) []mergeField {
	now := time.Now()
	others := func(p model.Patient) string { return strings.Join(p.OtherNames, ", ") }
	born := func(p model.Patient) string {
		if p.BirthEstimated {
			return ""
		}
		return p.BirthDate.String()
	}
	age := func(p model.Patient) string {
		if !p.BirthEstimated {
			return ""
		}
		return strconv.Itoa(p.BirthDate.AgeYears(now))
	}
	birth := func(into *model.Patient, from model.Patient) {
		into.BirthDate, into.BirthEstimated = from.BirthDate, from.BirthEstimated
	}
	addr := func(p model.Patient) string { return strings.Join(p.Address, " › ") }
	return []mergeField{
		{lang.X("duplicates.given_name", "Given name"), a.GivenName, b.GivenName, func(into *model.Patient, from model.Patient) { into.GivenName = from.GivenName }},
		{lang.X("duplicates.family_name", "Family name"), a.FamilyName, b.FamilyName, func(into *model.Patient, from model.Patient) { into.FamilyName = from.FamilyName }},
		{lang.X("duplicates.other_names", "Other names"), others(a), others(b), func(into *model.Patient, from model.Patient) { into.OtherNames = from.OtherNames }},
		{lang.X("col.sex", "Sex"), kit.SexName(a.Sex), kit.SexName(b.Sex), func(into *model.Patient, from model.Patient) { into.Sex = from.Sex }},
		{lang.X("duplicates.date_of_birth", "Date of birth"), born(a), born(b), birth},
		{lang.X("duplicates.age_estimated", "Age (estimated)"), age(a), age(b), birth},
		{lang.X("duplicates.phone", "Phone"), a.Phone, b.Phone, func(into *model.Patient, from model.Patient) { into.Phone = from.Phone }},
		{lang.X("duplicates.address", "Address"), addr(a), addr(b), func(into *model.Patient, from model.Patient) { into.Address = from.Address }},
		{lang.X("duplicates.national_id", "National ID"), a.NationalID, b.NationalID, func(into *model.Patient, from model.Patient) { into.NationalID = from.NationalID }},
		{lang.X("duplicates.next_of_kin", "Next of kin"), a.NextOfKin, b.NextOfKin, func(into *model.Patient, from model.Patient) { into.NextOfKin = from.NextOfKin }},
	}
}

// mergeChosen applies the supervisor's choices: which MRN survives, and
// for each differing field whether A's or B's value is kept.
func (d *duplicatesScreen) mergeChosen(pair model.DuplicatePair, a, b model.Patient, keepB bool, choices map[string]*widget.RadioGroup) {
	s, m := a, b
	if keepB {
		s, m = b, a
	}
	fromB := map[string]bool{}
	for label, r := range choices {
		switch r.Selected {
		case r.Options[0]:
			fromB[label] = false
		case r.Options[1]:
			fromB[label] = true
		}
	}
	d.merge(s, m, mergedPatient(a, b, s, fromB), pair)
}

// mergedPatient is the survivor s with each field named in fromB taken
// from B (true) or A (false); a field not named keeps the survivor's value.
func mergedPatient(a, b, s model.Patient, fromB map[string]bool) model.Patient {
	next := s
	for _, f := range mergeFields(a, b) {
		if useB, ok := fromB[f.label]; ok {
			if useB {
				f.take(&next, b)
			} else {
				f.take(&next, a)
			}
		}
	}
	return next
}

// merge asks for the reason, then merges; a restriction difference asks
// for confirmation first.
func (d *duplicatesScreen) merge(s, m, next model.Patient, pair model.DuplicatePair) {
	if errs := next.Validate(time.Now()); len(errs) > 0 {
		d.h.ShowError(model.InvalidFields(errs))
		return
	}
	d.h.AskReason(lang.X("duplicates.merge_title", "Merge {{.From}} into {{.Into}}", map[string]any{"From": m.MRN, "Into": s.MRN}), lang.X("duplicates.merge_prompt", "Why are these the same person? (e.g. same mother, same birth date, registered twice)"), lang.X("duplicates.merge", "Merge"),
		func(reason string) { d.doMerge(s, m, next, reason, false) })
}

func (d *duplicatesScreen) doMerge(s, m, next model.Patient, reason string, confirm bool) {
	kit.Run(d.h, func(sess *storage.Session) (model.ID, error) {
		return sess.Duplicates().Merge(s.ID, m.ID, next, reason, confirm)
	},
		func(_ model.ID, err error) {
			if errors.Is(err, storage.ErrRestrictionDiffers) {
				dialog.NewConfirm(lang.X("duplicates.restricted_record", "Restricted record"), kit.Plain(err), func(yes bool) {
					if yes {
						d.doMerge(s, m, next, reason, true)
					}
				}, d.h.Win).Show()
				return
			}
			if err != nil {
				d.h.ShowError(err)
				return
			}
			d.detail.Objects = []fyne.CanvasObject{kit.WrapLabel(lang.X("duplicates.merged", "{{.From}} was merged into {{.Into}}. The chart shows “{{.Undo}}” if this was wrong.", map[string]any{"From": m.MRN, "Into": s.MRN, "Undo": lang.X("chart.undo_merge", "Undo merge")}))}
			d.detail.Refresh()
			d.reload()
		})
}

func (d *duplicatesScreen) decide(pair model.DuplicatePair, st model.DuplicateStatus) {
	save := func(note string) {
		kit.Run(d.h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Duplicates().Decide(pair.ID, st, note)
		},
			func(_ struct{}, err error) {
				if err != nil {
					d.h.ShowError(err)
					return
				}
				d.detail.Objects = []fyne.CanvasObject{kit.WrapLabel(lang.X("duplicates.saved_next", "Saved. Select the next pair."))}
				d.detail.Refresh()
				d.reload()
			})
	}
	if st == model.DupDeferred {
		save("deferred")
		return
	}
	d.h.AskReason(lang.X("duplicates.not_a_duplicate", "Not a duplicate"), lang.X("duplicates.not_dup_prompt", "Why are these different people? (e.g. twins, mother and daughter)"), lang.X("common.save", "Save"), save)
}
