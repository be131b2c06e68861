package keying

import (
	"dossier/app/ui/kit"
	"dossier/model/clinical"
	"fyne.io/fyne/v2/lang"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// fieldRow builds one field: label, input, help and a message line.
func (ts *transcribeScreen) fieldRow(f clinical.Field) fyne.CanvasObject {
	label := kit.Word(f.Label)
	if f.Required {
		label += " *"
	}
	msg := kit.ErrorText()
	ts.errs[f.Key] = msg
	var input fyne.CanvasObject
	next := func() { ts.next(f.Key) }
	switch {
	case len(f.Choices) > 0:
		// Choices show in words (an outcome as the Discharge dialog words
		// it) and are stored as their codes.
		sel := widget.NewSelectEntry(kit.Words(f.ShownChoices()))
		sel.OnChanged = func(string) { ts.edited(f.Key) }
		sel.OnSubmitted = func(string) { next() }
		ts.entries[f.Key] = sel
		ts.values[f.Key] = func() string { return f.Stored(kit.English(sel.Text)) }
		ts.setters[f.Key] = func(v string) { sel.SetText(kit.Word(f.Shown(v))) }
		input = sel
	case f.Multiline:
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.OnChanged = func(string) { ts.edited(f.Key) }
		ts.entries[f.Key], ts.values[f.Key], ts.setters[f.Key] = e, func() string { return e.Text }, e.SetText
		input = e
	default:
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholderFor(f))
		e.OnChanged = func(string) { ts.edited(f.Key) }
		e.OnSubmitted = func(string) { next() }
		ts.entries[f.Key], ts.values[f.Key], ts.setters[f.Key] = e, func() string { return e.Text }, e.SetText
		input = e
	}
	ts.order = append(ts.order, f.Key)
	box := container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), input)
	if f.Help != "" {
		h := widget.NewLabel(kit.Word(f.Help))
		h.Wrapping = fyne.TextWrapWord
		h.TextStyle = fyne.TextStyle{Italic: true} // full contrast: a grey hint on dark was hard to read
		box.Add(h)
	}
	box.Add(msg)
	return box
}

func placeholderFor(f clinical.Field) string {
	switch f.Kind {
	case clinical.FieldDate:
		return lang.X("keying.date_hint", "12/03/2024, 12.3.24 or 3 days ago")
	case clinical.FieldDateTime:
		return lang.X("keying.date_time_hint", "12/03/2024 14:30")
	case clinical.FieldList:
		return lang.X("keying.list_hint", "separate items with ;")
	}
	return ""
}

// focusField moves the cursor to a field and scrolls the form so the
// field can be seen: the clerk's eyes are on the paper, not the mouse.
func (ts *transcribeScreen) focusField(key string) {
	ts.h.Win.Canvas().Focus(ts.entries[key])
	row := ts.rows[key]
	if row == nil || ts.scroll == nil {
		return
	}
	top, h := row.Position().Y, ts.scroll.Size().Height
	if off := ts.scroll.Offset.Y; top < off || top+row.Size().Height > off+h {
		// ScrollToOffset, not Offset: the scroll bar and the wheel then
		// start from where the form now is.
		ts.scroll.ScrollToOffset(fyne.NewPos(0, max(0, top-h/3)))
	}
}

// edited marks the form changed; the fields showing a message are checked
// again as the form is corrected (a result's message may go when its unit
// is put right), so the red goes once they are right.
func (ts *transcribeScreen) edited(string) {
	ts.dirty = true
	var showing []string
	for k, t := range ts.errs {
		if t.Text != "" {
			showing = append(showing, k)
		}
	}
	if len(showing) == 0 {
		return
	}
	errs := ts.tmpl.Check(ts.whole(), ts.dateOrder(), time.Now())
	for _, k := range showing {
		kit.SetError(ts.errs[k], errs[k])
	}
}

// next checks the field just left and moves on; Enter on the last field
// saves.
func (ts *transcribeScreen) next(key string) {
	ts.checkField(key)
	for i, k := range ts.order {
		if k == key {
			if i+1 < len(ts.order) {
				ts.focusField(ts.order[i+1])
			} else {
				ts.save()
			}
			return
		}
	}
}

func (ts *transcribeScreen) entry() clinical.Entry {
	e := clinical.Entry{}
	for k, v := range ts.values {
		if s := strings.TrimSpace(v()); s != "" {
			e[k] = s
		}
	}
	return e
}

func (ts *transcribeScreen) dateOrder() clinical.DateOrder { return ts.h.DateOrder() }

// whole is the form as the template checks it: in the second keying the
// fields not keyed twice come from the first.
func (ts *transcribeScreen) whole() clinical.Entry {
	e := ts.entry()
	if ts.mode == keySecond {
		for k, v := range ts.tr.First.Fields {
			if _, keyed := ts.values[k]; !keyed {
				e[k] = v
			}
		}
	}
	return e
}

// checkField shows the message for one field (on leaving it).
func (ts *transcribeScreen) checkField(key string) {
	errs := ts.tmpl.Check(ts.whole(), ts.dateOrder(), time.Now())
	kit.SetError(ts.errs[key], errs[key])
}

// showErrors puts every message beside its field; true when there are none.
func (ts *transcribeScreen) showErrors(errs map[string]string) bool {
	for k, t := range ts.errs {
		kit.SetError(t, errs[k])
	}
	if len(errs) > 0 {
		ts.status.Importance = widget.DangerImportance
		ts.status.SetText(lang.XN("keying.fields_need_attention", "{{.Count}} fields need attention; see the messages under them. Your typing is kept.", len(errs), map[string]any{"Count": len(errs)}))
		// Go to the first field to correct, in the form's order.
		for _, k := range ts.order {
			if errs[k] != "" && ts.entries[k] != nil {
				ts.focusField(k)
				break
			}
		}
		return false
	}
	return true
}
