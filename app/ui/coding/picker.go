package coding

import (
	"fmt"
	"slices"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model/coding"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// pickerEntry is the picker's search box: Up and Down move through the
// results while the typing stays in the box.
type pickerEntry struct {
	widget.Entry
	move func(delta int)
}

func newPickerEntry(move func(int)) *pickerEntry {
	e := &pickerEntry{move: move}
	e.ExtendBaseWidget(e)
	return e
}

func (e *pickerEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.move(1)
	case fyne.KeyUp:
		e.move(-1)
	default:
		e.Entry.TypedKey(k)
	}
}

// pickRow is one line of the picker: a search hit, a child of a header, or
// a 7th-character option.
type pickRow struct {
	code  coding.Code
	label string
	why   string
	// seventh is set on 7th-character options: the full code to report.
	seventh string
}

// codePicker is the one reusable widget for choosing a code.
type codePicker struct {
	h      *kit.Host
	sets   *codeSets
	entry  *pickerEntry
	rows   []pickRow
	list   *widget.List
	detail *widget.Label
	status *widget.Label
	sel    int
	dlg    dialog.Dialog
	onPick func(coding.Code)
}

// PickCode opens the picker with a starting query (the diagnosis as
// written) and calls onPick with a complete, valid code.
func PickCode(h *kit.Host, query string, onPick func(coding.Code)) {
	p := &codePicker{h: h, sets: setsOf(h), detail: kit.WrapLabel(""), status: widget.NewLabel(""), onPick: onPick}
	p.entry = newPickerEntry(p.move)
	p.entry.SetPlaceHolder("Code (E11.) or words in any order (diab type 2 kidney)")
	p.entry.OnChanged = func(string) { h.Touch(); p.search() }
	p.entry.OnSubmitted = func(string) { h.Touch(); p.choose(p.sel) }
	p.list = widget.NewList(func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			return widget.NewLabel("E11.22  Type 2 diabetes mellitus with diabetic chronic kidney disease")
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.rows[i].label) })
	p.list.OnSelected = func(i widget.ListItemID) { p.sel = i; p.showDetail() }
	fav := widget.NewButton("★ Favourite", h.Act(p.toggleFavourite))
	body := container.NewBorder(container.NewVBox(p.entry, p.status), nil, nil, nil,
		container.NewHSplit(p.list, container.NewBorder(nil, fav, nil, nil, container.NewVScroll(p.detail))))
	p.dlg = dialog.NewCustom("Choose a code", "Cancel", body, h.Win)
	p.dlg.Resize(fyne.NewSize(1000, 600))
	p.dlg.Show()
	h.Win.Canvas().Focus(p.entry)
	p.status.SetText("Loading the code sets…")
	kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, p.sets.load(sess) }, func(_ struct{}, err error) {
		if err != nil {
			p.status.SetText(kit.Plain(err))
			return
		}
		p.entry.SetText(query)
		p.search()
	})
}

// search lists hits for the box, or recent and favourite codes when empty.
func (p *codePicker) search() {
	if !p.sets.ready() {
		return
	}
	q := strings.TrimSpace(p.entry.Text)
	p.rows = p.rows[:0]
	if q == "" {
		for _, c := range remembered(p.h) {
			if code, ok := p.sets.setFor(coding.ICD10CM).Lookup(c); ok {
				p.rows = append(p.rows, pickRow{code: code, label: code.Code + "  " + code.Title, why: "recent or favourite"})
			}
		}
		p.status.SetText("Recent and favourite codes. Type to search.")
	} else {
		for _, h := range p.sets.search(q, 60) {
			label := h.Code.Code + "  " + h.Code.Title
			if !h.Code.Billable {
				label += "  ›"
			}
			why := strings.Join(h.Words, ", ")
			if h.Via != "" {
				why += " (" + h.Via + ")"
			}
			p.rows = append(p.rows, pickRow{code: h.Code, label: label, why: why})
		}
		p.status.SetText(fmt.Sprintf("%d results in %s. ↑↓ to move, Enter to choose; › marks a heading that opens its codes.",
			len(p.rows), strings.Join(p.sets.systems(), ", ")))
	}
	p.selectFirst()
}

// selectFirst shows the new rows with the first one chosen and described
// (the list does not call OnSelected again for a row already selected, so
// the detail would keep describing the previous rows' first code).
func (p *codePicker) selectFirst() {
	p.sel = 0
	p.list.UnselectAll()
	p.list.Refresh()
	if len(p.rows) > 0 {
		p.list.Select(0)
	} else {
		p.detail.SetText("")
	}
}

func (p *codePicker) move(delta int) {
	if len(p.rows) == 0 {
		return
	}
	p.sel = min(max(p.sel+delta, 0), len(p.rows)-1)
	p.list.Select(p.sel)
	p.list.ScrollTo(p.sel)
}

// showDetail shows where the code sits and its instructional notes.
func (p *codePicker) showDetail() {
	if p.sel >= len(p.rows) {
		return
	}
	r := p.rows[p.sel]
	c := r.code
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n%s\n%s\n", c.Code, c.Title, c.System, c.Path())
	if r.why != "" {
		fmt.Fprintf(&b, "Matched: %s\n", r.why)
	}
	if !c.Billable {
		b.WriteString("A heading, not a reportable code: Enter opens the codes under it.\n")
	}
	notes := []struct {
		label string
		list  []coding.Note
	}{{"Includes", c.Notes.Inclusion}, {"Excludes1 (never coded together)", c.Notes.Excludes1},
		{"Excludes2", c.Notes.Excludes2}, {"Code first", c.Notes.CodeFirst}, {"Use additional code", c.Notes.UseAdditional},
		{"Code also", c.Notes.CodeAlso}}
	for _, n := range notes {
		if len(n.list) == 0 {
			continue
		}
		b.WriteString("\n" + n.label + ":\n")
		for _, x := range n.list {
			fmt.Fprintf(&b, "  • %s\n", x.Text)
		}
	}
	for _, a := range c.Axes {
		fmt.Fprintf(&b, "\n%d %s: %s (%s)", a.Pos, a.Title, a.Label, a.Char)
	}
	p.detail.SetText(b.String())
}

// choose accepts a complete code, opens a heading's children, or asks for
// the 7th character.
func (p *codePicker) choose(i int) {
	if i >= len(p.rows) {
		return
	}
	r := p.rows[i]
	set := p.sets.setFor(r.code.System.Name)
	if r.seventh != "" {
		full, ok := set.Lookup(r.seventh)
		if !ok {
			p.status.SetText(r.seventh + " is not a valid code in this release.")
			return
		}
		p.pick(full)
		return
	}
	comp := set.Complete(r.code.Code)
	switch {
	case comp.Complete:
		p.pick(r.code)
	case comp.NeedsSeventh && len(comp.Sevenths) > 0:
		p.rows = p.rows[:0]
		for _, s := range comp.Sevenths {
			label := fmt.Sprintf("%s  7th character %s: %s", s.Code, s.Char, s.Meaning)
			if !s.Valid {
				label += " (not valid in this release)"
			}
			p.rows = append(p.rows, pickRow{code: r.code, label: label, seventh: s.Code})
		}
		p.status.SetText(r.code.Code + " needs a 7th character: choose the encounter type.")
		p.selectFirst()
	default:
		children := comp.More
		if len(children) == 0 {
			children = set.Children(r.code.Code)
		}
		p.rows = p.rows[:0]
		for _, c := range children {
			label := c.Code + "  " + c.Title
			if !c.Billable {
				label += "  ›"
			}
			p.rows = append(p.rows, pickRow{code: c, label: label})
		}
		p.status.SetText(r.code.Code + " is a heading: choose one of its codes.")
		p.selectFirst()
	}
}

func (p *codePicker) pick(c coding.Code) {
	rememberCode(p.h, c.Code, false)
	p.dlg.Hide()
	p.onPick(c)
}

func (p *codePicker) toggleFavourite() {
	if p.sel < len(p.rows) {
		rememberCode(p.h, p.rows[p.sel].code.Code, true)
		p.status.SetText(p.rows[p.sel].code.Code + " is among your favourites (shown when the box is empty).")
	}
}

// rememberCode keeps a coder's recent and favourite codes in the app's
// preferences (codes only, nothing about patients).
func rememberCode(h *kit.Host, code string, favourite bool) {
	sess := h.Session()
	if sess == nil {
		return
	}
	key := "codes.recent." + sess.User().Username
	if favourite {
		key = "codes.favourite." + sess.User().Username
	}
	list := h.App.Preferences().StringList(key)
	out := []string{code}
	for _, c := range list {
		if c != code && len(out) < 20 {
			out = append(out, c)
		}
	}
	h.App.Preferences().SetStringList(key, out)
}

// remembered is favourites then recent codes, without repeats.
func remembered(h *kit.Host) []string {
	sess := h.Session()
	if sess == nil {
		return nil
	}
	u := sess.User().Username
	prefs := h.App.Preferences()
	var out []string
	for _, c := range append(prefs.StringList("codes.favourite."+u), prefs.StringList("codes.recent."+u)...) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
