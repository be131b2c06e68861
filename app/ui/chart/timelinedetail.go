package chart

import (
	"fmt"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The time line's right-hand side: the item opened, audited first; a
// document's keyed record beside its pages, an encounter, a note.

func (v *timelineView) setDetail(o fyne.CanvasObject) {
	v.detail.Objects = []fyne.CanvasObject{o}
	v.detail.Refresh()
}

// open shows the item at position i of the filtered list once its view
// is in the audit trail: every record opened from the time line is.
func (v *timelineView) open(i int) {
	if i < 0 || i >= len(v.shown) {
		return
	}
	it := v.all[v.shown[i]]
	v.openID = tlItemID(it)
	v.openSq++
	sq := v.openSq
	kind, id := tlKind(it), v.openID
	kit.Run(v.h, func(sess *storage.Session) (struct{}, error) {
		return struct{}{}, sess.LogAction(model.ActView, kind, id, "timeline")
	}, func(_ struct{}, err error) {
		if sq != v.openSq {
			return
		}
		if err != nil {
			v.setDetail(tlMessage(kit.Plain(err)))
			return
		}
		switch {
		case it.Document != nil:
			v.showDocument(it)
		case it.Encounter != nil:
			v.setDetail(container.NewVScroll(v.encounterDetail(*it.Encounter)))
		case it.Note != nil:
			v.setDetail(container.NewVScroll(v.noteDetail(*it.Note)))
		}
	})
}

// showDocument puts the keyed record on the left and the source pages on
// the right.
func (v *timelineView) showDocument(it storage.TimelineItem) {
	dv := it.Document
	v.doc = dv
	v.record.Objects = []fyne.CanvasObject{container.NewPadded(v.recordOf(it))}
	v.record.Refresh()
	v.setDetail(v.docSplit)
	if len(dv.Pages) == 0 {
		v.viewer.Clear(lang.X("chart.detail.no_pages", "This document has no pages."))
		return
	}
	v.page = -1
	v.showPage(0)
}

func (v *timelineView) showPage(i int) {
	if v.doc == nil || i < 0 || i >= len(v.doc.Pages) || i == v.page {
		return
	}
	v.page = i
	p := v.doc.Pages[i]
	caption := lang.X("chart.detail.page_of", "Page {{.Page}} of {{.Pages}} · {{.Source}}", map[string]any{"Page": i + 1, "Pages": len(v.doc.Pages), "Source": p.Source})
	if p.Discarded {
		caption += " · " + lang.X("chart.set_aside", "set aside")
	}
	v.viewer.Show(p.Page, caption)
}

// recordOf is a document's typed record: the keyed values with their form
// labels in form order, who keyed them and when, and where they stand.
func (v *timelineView) recordOf(it storage.TimelineItem) fyne.CanvasObject {
	dv := it.Document
	title := kit.Heading(fmt.Sprintf("%s · %s", kit.DocTypeName(dv.Doc.Type), v.h.Date(dv.Doc.Date)))
	title.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(title)
	meta := []string{lang.X("chart.detail.filed_by", "{{.Pages}}, filed by {{.By}} on {{.Day}}", map[string]any{"Pages": kit.PagesCount(len(dv.Pages)), "By": dv.Doc.IndexedBy,
		"Day": v.h.Day(dv.Doc.IndexedAt)})}
	if dv.Doc.Title != "" {
		meta = append([]string{dv.Doc.Title}, meta...)
	}
	if e := v.encounterOf(dv.Doc.EncounterID); e != nil {
		meta = append(meta, lang.X("chart.detail.encounter_line", "Encounter: {{.Encounter}}", map[string]any{"Encounter": v.h.EncounterLabel(*e)}))
	}
	box.Add(kit.WrapLabel(strings.Join(meta, "\n")))
	t, hasForm := clinical.TemplateFor(dv.Doc.Type)
	tr := it.Transcript
	switch {
	case !hasForm:
		box.Add(kit.WrapLabel(lang.X("chart.detail.no_form", "Kept as scanned pages only: this type of document has no form to key.")))
		return box
	case tr == nil:
		box.Add(kit.WrapLabel(lang.X("chart.detail.not_keyed", "Not keyed yet: its values are only on the pages. Key it from the Documents tab.")))
		return box
	}
	status := lang.X("chart.detail.keyed_by", "Keyed by {{.By}} on {{.When}}", map[string]any{"By": tr.First.By, "When": v.h.When(tr.First.At)})
	if tr.Status != clinical.TranscriptKeyed {
		status += " · " + tr.Status.Label()
	}
	if tr.Second != nil {
		status += "\n" + lang.X("chart.detail.second_keying", "Second keying by {{.By}} on {{.When}}", map[string]any{"By": tr.Second.By, "When": v.h.When(tr.Second.At)})
	}
	if tr.SettledBy != "" {
		status += "\n" + lang.X("chart.detail.settled_by", "Differences settled by {{.By}} on {{.Day}}", map[string]any{"By": tr.SettledBy, "Day": v.h.Day(tr.SettledAt)})
	}
	keyedBy := widget.NewLabelWithStyle(status, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	keyedBy.Wrapping = fyne.TextWrapWord
	box.Add(keyedBy)
	if it.ValuesHidden {
		box.Add(kit.WrapLabel(lang.X("chart.detail.values_hidden", "The values are hidden until a second clerk has keyed this document blind.")))
		return box
	}
	// Each label over its value: the pane beside the page is narrow, and
	// form labels are long.
	for _, f := range t.Fields {
		val := f.Shown(strings.TrimSpace(tr.Final[f.Key]))
		if val == "" {
			val = "—"
		}
		if f.Kind == clinical.FieldList {
			val = strings.ReplaceAll(val, ";", "\n")
			val = strings.ReplaceAll(val, "\n ", "\n")
		}
		label := widget.NewLabelWithStyle(f.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		label.SizeName = theme.SizeNameCaptionText
		label.Wrapping = fyne.TextWrapWord
		value := kit.WrapLabel(val)
		box.Add(container.New(tlFieldLayout{}, label, value))
	}
	return box
}

// tlFieldLayout puts a field's label just over its value.
type tlFieldLayout struct{}

const tlFieldOverlap = 12

func (tlFieldLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height-tlFieldOverlap)
}

func (tlFieldLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(fyne.NewSize(size.Width, objs[0].MinSize().Height))
	h := objs[0].MinSize().Height
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Move(fyne.NewPos(0, h-tlFieldOverlap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h+tlFieldOverlap))
}

func (v *timelineView) encounterOf(id model.ID) *model.Encounter {
	if id.IsZero() {
		return nil
	}
	for _, it := range v.all {
		if it.Encounter != nil && it.Encounter.ID == id {
			return it.Encounter
		}
	}
	return nil
}

func (v *timelineView) encounterDetail(e model.Encounter) fyne.CanvasObject {
	typ := tlTypeText(storage.TimelineItem{Kind: storage.TimelineEncounter, Type: string(e.Type)})
	form := widget.NewForm()
	add := func(label, val string) {
		if strings.TrimSpace(val) != "" {
			form.Append(label, kit.WrapLabel(val))
		}
	}
	day := func(t time.Time) string { return v.h.When(t) }
	add(lang.X("chart.type", "Type"), typ)
	if e.Type == model.EncInpatient {
		add(lang.X("chart.detail.admitted", "Admitted"), day(e.Start))
		if e.End.IsZero() {
			add(lang.X("chart.detail.discharged", "Discharged"), lang.X("chart.detail.not_discharged", "Not yet discharged"))
		} else {
			days := int(e.End.Sub(e.Start).Hours() / 24)
			add(lang.X("chart.detail.discharged", "Discharged"), lang.XN("chart.detail.discharged_after", "{{.Date}} ({{.Count}} days)", days, map[string]any{"Date": day(e.End), "Count": days}))
		}
	} else {
		add(lang.X("col.date", "Date"), day(e.Start))
		if !e.End.IsZero() {
			add(lang.X("chart.detail.ended", "Ended"), day(e.End))
		}
	}
	add(lang.X("chart.detail.ward", "Ward"), e.Ward)
	add(lang.X("chart.clinician", "Clinician"), e.Clinician)
	add(lang.X("chart.reason", "Reason"), e.Reason)
	var dx []string
	for _, c := range e.ItemsToCode() {
		line := c.Text
		if c.Coded() {
			line += fmt.Sprintf(" — %s %s", c.Code, strings.TrimSpace(c.System+" "+c.Version))
			if c.Title != "" && !strings.EqualFold(c.Title, c.Text) {
				line += " (" + c.Title + ")"
			}
		} else {
			line += " — " + lang.X("chart.detail.not_coded", "not coded")
		}
		if c.Kind == model.ItemProcedure {
			line = lang.X("chart.detail.procedure", "Procedure: {{.Line}}", map[string]any{"Line": line})
		}
		if c.Principal {
			line += " · " + lang.X("chart.detail.principal", "principal")
		}
		dx = append(dx, line)
	}
	add(lang.X("chart.diagnoses", "Diagnoses"), strings.Join(dx, "\n"))
	switch e.CodingStatus {
	case model.CodingDone:
		add(lang.X("chart.detail.coding", "Coding"), lang.X("chart.detail.coded_by", "Coded by {{.By}} on {{.Day}}", map[string]any{"By": e.CodedBy, "Day": v.h.Day(e.CodedAt)}))
	case model.CodingInProgress:
		add(lang.X("chart.detail.coding", "Coding"), lang.X("chart.detail.in_progress", "In progress"))
	}
	docs, notes := 0, 0
	for _, it := range v.all {
		if it.Document != nil && it.Document.Doc.EncounterID == e.ID {
			docs++
		}
		if it.Note != nil && it.Note.EncounterID == e.ID {
			notes++
		}
	}
	if docs+notes > 0 {
		add(lang.X("chart.detail.in_the_chart", "In the chart"), lang.X("chart.detail.docs_and_notes", "{{.Documents}}, {{.Notes}}", map[string]any{"Documents": lang.XN("chart.detail.documents", "{{.Count}} documents", docs, map[string]any{"Count": docs}), "Notes": lang.XN("chart.detail.notes", "{{.Count}} notes", notes, map[string]any{"Count": notes})}))
	}
	return container.NewPadded(container.NewVBox(kit.Heading(typ+" · "+v.h.Day(e.Start)), form))
}

func (v *timelineView) noteDetail(n model.Note) fyne.CanvasObject {
	title := n.Title
	if title == "" {
		title = lang.X("chart.note", "Note")
	}
	form := widget.NewForm()
	form.Append(lang.X("chart.detail.written", "Written"), kit.WrapLabel(v.h.When(n.Written)))
	form.Append(lang.X("chart.detail.author", "Author"), kit.WrapLabel(n.Author))
	signed := lang.X("chart.detail.not_signed", "Not signed")
	if n.SignedBy != "" {
		signed = lang.X("chart.detail.signed_by", "Signed by {{.By}} on {{.When}}", map[string]any{"By": n.SignedBy, "When": v.h.When(n.SignedAt)})
	}
	form.Append(lang.X("chart.detail.signature", "Signature"), kit.WrapLabel(signed))
	if e := v.encounterOf(n.EncounterID); e != nil {
		form.Append(lang.X("chart.detail.encounter", "Encounter"), kit.WrapLabel(v.h.EncounterLabel(*e)))
	}
	text := kit.WrapLabel(n.Text)
	return container.NewPadded(container.NewVBox(kit.Heading(title), form, widget.NewSeparator(), text))
}
