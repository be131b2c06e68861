package ui

import (
	"fmt"
	"sort"
	"strings"

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
	ui       *UI
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

var keyingColumns = []column{{"Keyed", 130}, {"Patient", 230}, {"Document", 160}, {"First keyed by", 120}}

func (ui *UI) keyingScreen() fyne.CanvasObject {
	k := &keyingScreen{ui: ui, status: widget.NewLabel("Loading…"), selected: [2]int{-1, -1}}
	k.secondT = columnTable(keyingColumns, func() int { return len(k.second) }, func(r, c int) string { return keyingCell(k.second[r], c) })
	k.secondT.OnSelected = func(id widget.TableCellID) { k.selected[0] = id.Row }
	k.differT = columnTable(keyingColumns, func() int { return len(k.differ) }, func(r, c int) string { return keyingCell(k.differ[r], c) })
	k.differT.OnSelected = func(id widget.TableCellID) { k.selected[1] = id.Row }
	k.rateT = columnTable([]column{{"Clerk or field", 200}, {"Agreed with the value of record", 260}},
		func() int { return len(k.rates) }, func(r, c int) string {
			if c == 0 {
				return k.rates[r].who
			}
			return k.rates[r].rate.String()
		})
	left := container.NewBorder(container.NewHBox(widget.NewLabelWithStyle("Waiting for a second keying", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		spacerH(), widget.NewButton("Key selected a second time", ui.act(k.keySecond))), nil, nil, nil, k.secondT)
	parts := []fyne.CanvasObject{left}
	if ui.sess.Can(model.PermReview) {
		parts = append(parts, container.NewBorder(container.NewHBox(widget.NewLabelWithStyle("Keyings that differ", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			spacerH(), widget.NewButton("Settle selected…", ui.act(k.settle))), nil, nil, nil, k.differT))
	}
	parts = append(parts, container.NewBorder(widget.NewLabelWithStyle("Agreement", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, k.rateT))
	k.reload()
	return container.NewBorder(container.NewVBox(heading("Double data entry"), k.status), nil, nil, nil, container.NewGridWithRows(len(parts), parts...))
}

func keyingCell(r storage.TranscriptRow, col int) string {
	switch col {
	case 0:
		return r.First.At.Local().Format("2006-01-02 15:04")
	case 1:
		return r.Patient.Name + " · " + r.Patient.MRN
	case 2:
		return r.Template.Label()
	case 3:
		return r.First.By
	}
	return ""
}

type keyingLoad struct {
	second, differ []storage.TranscriptRow
	byClerk        map[string]clinical.Rate
	byField        map[string]clinical.Rate
}

func (k *keyingScreen) reload() {
	sess, review := k.ui.sess, k.ui.sess.Can(model.PermReview)
	background(k.ui, func() (keyingLoad, error) {
		var l keyingLoad
		var err error
		if l.second, err = sess.TranscriptQueue(clinical.TranscriptAwaitingSecond); err != nil {
			return l, err
		}
		if review {
			if l.differ, err = sess.TranscriptQueue(clinical.TranscriptMismatched); err != nil {
				return l, err
			}
		}
		l.byClerk, l.byField, err = sess.AgreementRates()
		return l, err
	}, func(l keyingLoad, err error) {
		if err != nil {
			k.status.SetText(plain(err))
			return
		}
		k.second, k.differ = l.second, l.differ
		k.rates = nil
		for who, r := range l.byClerk {
			k.rates = append(k.rates, rateRow{"Clerk " + who, r})
		}
		for f, r := range l.byField {
			k.rates = append(k.rates, rateRow{"Field " + f, r})
		}
		sort.Slice(k.rates, func(i, j int) bool { return k.rates[i].who < k.rates[j].who })
		k.secondT.Refresh()
		k.differT.Refresh()
		k.rateT.Refresh()
		c, _ := k.ui.sess.Clinic()
		state := "off: only one keying is asked for (Settings)"
		if c.DoubleEntry {
			state = "on"
		}
		k.status.SetText(fmt.Sprintf("Double entry is %s. %d documents wait for a second keying, %d have differences.", state, len(l.second), len(l.differ)))
	})
}

// docOf finds the document view of a transcript, for the workspace.
func (k *keyingScreen) docOf(tr clinical.Transcript, then func(storage.DocumentView)) {
	sess := k.ui.sess
	background(k.ui, func() ([]storage.DocumentView, error) { return sess.PatientDocuments(tr.PatientID) },
		func(docs []storage.DocumentView, err error) {
			if err != nil {
				k.ui.showError(err)
				return
			}
			for _, d := range docs {
				if d.Doc.ID == tr.DocumentID {
					then(d)
					return
				}
			}
			k.ui.showError(fmt.Errorf("the document is no longer in the patient's chart"))
		})
}

func (k *keyingScreen) keySecond() {
	i := k.selected[0]
	if i < 0 || i >= len(k.second) {
		k.ui.showError(fmt.Errorf("select a document to key"))
		return
	}
	tr := k.second[i].Transcript
	k.docOf(tr, func(d storage.DocumentView) {
		k.ui.openTranscription(d, keySecond, tr, func() { k.ui.OpenSection("Keying") })
	})
}

// settle shows each difference with both keyings and lets the supervisor
// take one or type what the paper really says.
func (k *keyingScreen) settle() {
	i := k.selected[1]
	if i < 0 || i >= len(k.differ) {
		k.ui.showError(fmt.Errorf("select a document to settle"))
		return
	}
	tr := k.differ[i].Transcript
	t, _ := clinical.ClinicTemplate(k.ui.clinic(), tr.Template)
	form := widget.NewForm()
	entries := map[string]*widget.SelectEntry{}
	for _, m := range tr.Mismatches {
		label := m.Field
		if f, ok := t.Field(m.Field); ok {
			label = f.Label
		}
		e := widget.NewSelectEntry([]string{m.First, m.Second})
		e.SetText(m.First)
		entries[m.Field] = e
		form.Append(label, container.NewVBox(e, widget.NewLabel(fmt.Sprintf("%s keyed %q · %s keyed %q", tr.First.By, m.First, tr.Second.By, m.Second))))
	}
	help := widget.NewLabel("Look at the page, then keep one keying or type what the paper says.")
	help.Wrapping = fyne.TextWrapWord
	dialog.ShowCustomConfirm("Settle the differences: "+k.differ[i].Patient.Name+", "+strings.ToLower(tr.Template.Label()), "Settle", "Cancel",
		container.NewVBox(help, form), func(ok bool) {
			if !ok {
				return
			}
			choices := map[string]string{}
			for f, e := range entries {
				choices[f] = strings.TrimSpace(e.Text)
			}
			sess := k.ui.sess
			background(k.ui, func() (clinical.Transcript, error) { return sess.SettleTranscript(tr.ID, choices) },
				func(_ clinical.Transcript, err error) {
					if err != nil {
						k.ui.showError(err)
					}
					k.reload()
				})
		}, k.ui.win)
}
