// Package keying is the double-entry desk (documents waiting for a second
// keying, differences to settle, agreement rates) and the transcription
// workspace where a scanned form is keyed beside its pages, with drafts
// kept while typing.
package keying

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"sort"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// keyingScreen is the double-entry desk: documents waiting for a second,
// blind keying by someone else, differences for a supervisor to settle,
// and how often each clerk and each field agree.
type keyingScreen struct {
	h        *kit.Host
	second   []storage.TranscriptRow
	differ   []storage.TranscriptRow
	rates    []rateRow
	secondT  *widget.Table
	differT  *widget.Table
	rateT    *widget.Table
	status   *widget.Label
	selected [2]int
}

type rateRow struct {
	who  string
	rate clinical.Rate
}

func keyingColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.keyed", "Keyed"), Width: 135, Min: 135}, {Title: lang.X("col.patient", "Patient"), Width: 230}, {Title: lang.X("col.document", "Document"), Width: 160}, {Title: lang.X("col.first_keyed_by", "First keyed by"), Width: 120}}
}

// Screen is the Keying section.
func Screen(h *kit.Host) fyne.CanvasObject {
	k := &keyingScreen{h: h, status: widget.NewLabel(lang.X("common.loading", "Loading…")), selected: [2]int{-1, -1}}
	var secondV, differV, rateV fyne.CanvasObject
	k.secondT, secondV = kit.NewColumnTable(keyingColumns(), func() int { return len(k.second) }, func(r, c int) string { return keyingCell(h, k.second[r], c) })
	k.secondT.OnSelected = func(id widget.TableCellID) { k.selected[0] = id.Row }
	k.differT, differV = kit.NewColumnTable(keyingColumns(), func() int { return len(k.differ) }, func(r, c int) string { return keyingCell(h, k.differ[r], c) })
	k.differT.OnSelected = func(id widget.TableCellID) { k.selected[1] = id.Row }
	k.rateT, rateV = kit.NewColumnTable([]kit.Column{{Title: lang.X("col.clerk_or_field", "Clerk or field"), Width: 200}, {Title: lang.X("col.agreed_with_the_value_of_record", "Agreed with the value of record"), Width: 260}},
		func() int { return len(k.rates) }, func(r, c int) string {
			if c == 0 {
				return k.rates[r].who
			}
			return k.rates[r].rate.String()
		})
	left := container.NewBorder(container.NewHBox(widget.NewLabelWithStyle(lang.X("keying.waiting_for_a_second", "Waiting for a second keying"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		kit.SpacerH(), widget.NewButton(lang.X("keying.key_selected_a_second", "Key selected a second time"), h.Act(k.keySecond))), nil, nil, nil, secondV)
	parts := []fyne.CanvasObject{left}
	if h.Can(model.PermReview) {
		parts = append(parts, container.NewBorder(container.NewHBox(widget.NewLabelWithStyle(lang.X("keying.keyings_that_differ", "Keyings that differ"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			kit.SpacerH(), widget.NewButton(lang.X("keying.settle_selected", "Settle selected…"), h.Act(k.settle))), nil, nil, nil, differV))
	}
	parts = append(parts, container.NewBorder(widget.NewLabelWithStyle(lang.X("keying.agreement", "Agreement"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, rateV))
	k.reload()
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("keying.double_data_entry", "Double data entry")), k.status), nil, nil, nil, container.NewGridWithRows(len(parts), parts...))
}

func keyingCell(h *kit.Host, r storage.TranscriptRow, col int) string {
	switch col {
	case 0:
		return h.When(r.First.At)
	case 1:
		return r.Patient.Name + " · " + r.Patient.MRN
	case 2:
		return kit.DocTypeName(r.Template)
	case 3:
		return r.First.By
	}
	return ""
}

type keyingLoad struct {
	second, differ []storage.TranscriptRow
	byClerk        map[string]clinical.Rate
	byField        map[string]clinical.Rate
	clinic         model.Clinic
}

func (k *keyingScreen) reload() {
	review := k.h.Can(model.PermReview)
	kit.Run(k.h, func(sess *storage.Session) (keyingLoad, error) {
		var l keyingLoad
		var err error
		if l.clinic, err = sess.Clinic(); err != nil {
			return l, err
		}
		if l.second, err = sess.Transcripts().Queue(clinical.TranscriptAwaitingSecond); err != nil {
			return l, err
		}
		if review {
			if l.differ, err = sess.Transcripts().Queue(clinical.TranscriptMismatched); err != nil {
				return l, err
			}
		}
		l.byClerk, l.byField, err = sess.Transcripts().AgreementRates()
		return l, err
	}, func(l keyingLoad, err error) {
		if err != nil {
			k.status.SetText(kit.Plain(err))
			return
		}
		k.second, k.differ = l.second, l.differ
		k.rates = nil
		for who, r := range l.byClerk {
			k.rates = append(k.rates, rateRow{lang.X("keying.rate_clerk", "Clerk {{.Name}}", map[string]any{"Name": who}), r})
		}
		for f, r := range l.byField {
			k.rates = append(k.rates, rateRow{lang.X("keying.rate_field", "Field {{.Name}}", map[string]any{"Name": f}), r})
		}
		sort.Slice(k.rates, func(i, j int) bool { return k.rates[i].who < k.rates[j].who })
		k.secondT.Refresh()
		k.differT.Refresh()
		k.rateT.Refresh()
		state := lang.X("keying.double_entry_off", "off: only one keying is asked for (Settings)")
		if l.clinic.DoubleEntry {
			state = lang.X("keying.double_entry_on", "on")
		}
		k.status.SetText(fmt.Sprintf(lang.X("keying.double_entry_is_waiting", "Double entry is %s. Waiting for a second keying: %d. With differences: %d."), state, len(l.second), len(l.differ)))
	})
}

// docOf finds the document view of a transcript, for the workspace.
func (k *keyingScreen) docOf(tr clinical.Transcript, then func(storage.DocumentView)) {
	kit.Run(k.h, func(sess *storage.Session) ([]storage.DocumentView, error) {
		return sess.Documents().OfPatient(tr.PatientID)
	},
		func(docs []storage.DocumentView, err error) {
			if err != nil {
				k.h.ShowError(err)
				return
			}
			for _, d := range docs {
				if d.Doc.ID == tr.DocumentID {
					then(d)
					return
				}
			}
			k.h.ShowError(fmt.Errorf("the document is no longer in the patient's chart"))
		})
}

func (k *keyingScreen) keySecond() {
	i := k.selected[0]
	if i < 0 || i >= len(k.second) {
		k.h.Notice(lang.X("keying.select_a_document_in_2", "Select a document in the list first, then key it a second time."))
		return
	}
	tr := k.second[i].Transcript
	k.docOf(tr, func(d storage.DocumentView) {
		openTranscription(k.h, d, keySecond, tr, func() { k.h.Shell.OpenSection("Keying") })
	})
}

// settle shows each difference with both keyings and lets the supervisor
// take one or type what the paper really says.
func (k *keyingScreen) settle() {
	i := k.selected[1]
	if i < 0 || i >= len(k.differ) {
		k.h.Notice(lang.X("keying.select_a_document_in", "Select a document in the list of differences first."))
		return
	}
	tr := k.differ[i].Transcript
	t, _ := clinical.ClinicTemplate(k.h.Clinic(), tr.Template)
	form := widget.NewForm()
	entries := map[string]*widget.SelectEntry{}
	for _, m := range tr.Mismatches {
		label := m.Field
		if f, ok := t.Field(m.Field); ok {
			label = kit.Word(f.Label)
		}
		e := widget.NewSelectEntry([]string{m.First, m.Second})
		e.SetText(m.First)
		entries[m.Field] = e
		form.Append(label, container.NewVBox(e, widget.NewLabel(fmt.Sprintf(lang.X("keying.keyed_keyed", "%s keyed %q · %s keyed %q"), tr.First.By, m.First, tr.Second.By, m.Second))))
	}
	help := widget.NewLabel(lang.X("keying.look_at_the_page", "Look at the page, then keep one keying or type what the paper says."))
	help.Wrapping = fyne.TextWrapWord
	dialog.ShowCustomConfirm(lang.X("keying.settle_the_differences", "Settle the differences: {{.Name}}, {{.Form}}", map[string]any{"Name": k.differ[i].Patient.Name, "Form": strings.ToLower(kit.DocTypeName(tr.Template))}), lang.X("keying.settle", "Settle"), lang.X("common.cancel", "Cancel"),
		container.NewVBox(help, form), func(ok bool) {
			if !ok {
				return
			}
			choices := map[string]string{}
			for f, e := range entries {
				choices[f] = strings.TrimSpace(e.Text)
			}
			kit.Run(k.h, func(sess *storage.Session) (clinical.Transcript, error) {
				return sess.Transcripts().Settle(tr.ID, choices)
			},
				func(tr clinical.Transcript, err error) {
					if err != nil {
						k.h.ShowError(err)
					} else if len(tr.Effects) > 0 {
						k.h.Notice(lang.X("keying.settled", "Settled.") + "\n" + strings.Join(tr.Effects, "\n"))
					}
					k.reload()
				})
		}, k.h.Win)
}
