package coding

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
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

// pickRow is one line of the picker: a search hit, a child of a header, a
// 7th-character option, a table's column, a line of a book being browsed,
// or the confirmation of a code found in a book.
type pickRow struct {
	code  coding.Code
	label string
	why   string
	// seventh is set on 7th-character options: the full code to report.
	seventh string
	// From a book: the path read and the row, for its columns and browsing.
	path   string
	source *coding.IndexHit
	// missing: the book's code is not in the installed release; shown,
	// never accepted.
	missing bool
	// none: a row that chooses nothing (a table cell with no code, a
	// subterm heading while browsing).
	none bool
	// confirm: the code was found in a book and its tabular entry is shown;
	// choosing this row accepts it.
	confirm bool
	// prefix: an ICD-10-PCS code begun ("0DTJ"): choosing asks its next axis.
	prefix string
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
	// external: the picker asks for the external cause of an injury
	// already chosen (the External Cause Index and V00–Y99 only).
	external string
	onCause  func(coding.Code) // given the external cause after an injury; nil: not asked
}

// PickCode opens the picker with a starting query (the diagnosis as
// written) and calls onPick with a complete, valid code.
func PickCode(h *kit.Host, query string, onPick func(coding.Code)) {
	openPicker(h, query, "", onPick, nil)
}

// PickCodeThenCause is PickCode that, when the code chosen is an injury,
// asks next for its external cause (how it happened) from the External
// Cause Index, and gives that to onCause as an additional code. Cancel
// on the second step leaves the injury coded without one.
func PickCodeThenCause(h *kit.Host, query string, onPick, onCause func(coding.Code)) {
	openPicker(h, query, "", onPick, onCause)
}

// needsCause says whether a code is an injury that takes an external
// cause code: S00–T34 (injuries, burns, frostbite) and T66–T78 (other
// effects of external causes). Poisonings (T36–T65) carry their intent in
// the code itself.
func needsCause(c coding.Code) bool {
	if c.System.Name != coding.ICD10CM || len(c.Code) < 3 {
		return false
	}
	if c.Code[0] == 'S' {
		return true
	}
	if c.Code[0] != 'T' {
		return false
	}
	n := int(c.Code[1]-'0')*10 + int(c.Code[2]-'0')
	return n <= 34 || (n >= 66 && n <= 78)
}

// openPicker opens the picker; external names the injury code whose
// external cause is asked for ("" for the usual search).
func openPicker(h *kit.Host, query, external string, onPick, onCause func(coding.Code)) *codePicker {
	p := &codePicker{h: h, sets: setsOf(h), detail: kit.WrapLabel(""), status: widget.NewLabel(""), onPick: onPick,
		onCause: onCause, external: external}
	p.entry = newPickerEntry(p.move)
	p.entry.SetPlaceHolder(lang.X("coding.code_e11_or_words", "Code (E11.) or words in any order (diab type 2 kidney)"))
	p.entry.OnChanged = func(string) { h.Touch(); p.search() }
	p.entry.OnSubmitted = func(string) { h.Touch(); p.choose(p.sel) }
	p.list = widget.NewList(func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			return widget.NewLabel(lang.X("coding.e11_22_type_2", "E11.22  Type 2 diabetes mellitus with diabetic chronic kidney disease"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.rows[i].label) })
	p.list.OnSelected = func(i widget.ListItemID) { p.sel = i; p.showDetail() }
	fav := widget.NewButton(lang.X("coding.favourite", "★ Favourite"), h.Act(p.toggleFavourite))
	book := widget.NewButton(lang.X("coding.read_in_the_index", "Read in the index"), h.Act(p.browse))
	title := lang.X("coding.choose_a_code", "Choose a code")
	if external != "" {
		title = lang.X("coding.external_cause_of", "External cause of {{.Injury}} (additional code)", map[string]any{"Injury": external})
		p.entry.SetPlaceHolder(lang.X("coding.how_it_happened_fall", "How it happened: fall from tree, bitten by dog, assault with machete"))
	}
	body := container.NewBorder(container.NewVBox(p.entry, p.status), nil, nil, nil,
		container.NewHSplit(p.list, container.NewBorder(nil, container.NewHBox(fav, book), nil, nil, container.NewVScroll(p.detail))))
	p.dlg = dialog.NewCustom(title, lang.X("common.cancel", "Cancel"), body, h.Win)
	p.dlg.Resize(fyne.NewSize(1000, 600))
	p.dlg.Show()
	h.Win.Canvas().Focus(p.entry)
	p.status.SetText(lang.X("coding.loading_the_code_sets", "Loading the code sets and the indexes…"))
	kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, p.sets.load(sess) }, func(_ struct{}, err error) {
		if err != nil {
			p.status.SetText(kit.Plain(err))
			return
		}
		p.entry.SetText(query)
		// The as-written text is selected, so typing replaces it.
		p.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
		p.search()
	})
	return p
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
		p.status.SetText(lang.X("coding.recent_and_favourite_codes", "Recent and favourite codes. Type to search."))
	} else {
		var hits []coding.Hit
		if p.external != "" {
			hits = p.sets.searchExternal(q, 60)
		} else {
			hits = p.sets.search(q, 60)
		}
		for _, h := range hits {
			p.rows = append(p.rows, hitRow(h))
		}
		what := strings.Join(p.sets.systems(), ", ")
		if p.external != "" {
			what = lang.X("coding.external_index", "the External Cause Index and chapter 20 (V00–Y99)")
		}
		p.status.SetText(lang.XN("coding.results_in", "{{.Count}} results in {{.Where}}. ↑↓ to move, Enter to choose; › opens a heading, ≡ a table row.",
			len(p.rows), map[string]any{"Count": len(p.rows), "Where": what}))
	}
	p.selectFirst()
}

// hitRow is a search hit's line: a book's path when it came from one
// ("Sepsis › newborn → P36.9"), and why it matched.
func hitRow(h coding.Hit) pickRow {
	r := pickRow{code: h.Code, path: h.Path, source: h.Source, missing: h.Missing, prefix: h.Prefix}
	label := h.Code.Code + "  " + h.Code.Title
	switch {
	case h.Missing:
		label = "✗ " + h.Code.Code + "  " + h.Code.Title
	case h.Prefix != "":
		label = h.Prefix + "…  " + h.Code.Title + "  ›"
	case !h.Code.Billable:
		label += "  ›"
	}
	if h.Source != nil && h.Source.Column >= 0 {
		label += "  ≡"
	}
	if h.Path != "" {
		label += "    [" + h.Path + "]"
	}
	r.label = label
	var why []string
	if h.Path != "" {
		why = append(why, h.Book.Title()+": "+h.Path)
	}
	if len(h.Words) > 0 {
		why = append(why, strings.Join(h.Words, ", "))
	}
	if h.Via != "" {
		why = append(why, lang.X("coding.read_as", "read as {{.Term}}", map[string]any{"Term": h.Via}))
	}
	if h.Note != "" {
		why = append(why, h.Note)
	}
	r.why = strings.Join(why, "; ")
	return r
}

// selectFirst shows the new rows with the first one chosen and described
// (the list does not call OnSelected again for a row already selected, so
// the detail would keep describing the previous rows' first code).
func (p *codePicker) selectFirst() {
	p.sel = 0
	for p.sel < len(p.rows)-1 && p.rows[p.sel].none {
		p.sel++
	}
	p.list.UnselectAll()
	p.list.Refresh()
	if len(p.rows) > 0 {
		p.list.Select(p.sel)
		p.list.ScrollTo(p.sel)
	}
	// Always, not only through OnSelected: the list does not report a
	// selection it already had, and the pane must describe the highlighted
	// code, never the one before.
	p.showDetail()
}

func (p *codePicker) move(delta int) {
	if len(p.rows) == 0 {
		return
	}
	p.sel = min(max(p.sel+delta, 0), len(p.rows)-1)
	p.list.Select(p.sel)
	p.list.ScrollTo(p.sel)
	p.showDetail()
}

// showDetail shows where the code sits and its instructional notes.
func (p *codePicker) showDetail() {
	if p.sel >= len(p.rows) {
		p.detail.SetText("")
		return
	}
	r := p.rows[p.sel]
	c := r.code
	var b strings.Builder
	if r.missing {
		b.WriteString(lang.X("coding.missing_in_release", "{{.Code}} is what the index gives ({{.Path}}), but the installed {{.System}} does not have it: it cannot be chosen. Install a newer release on the Code sets screen, or find the code this release has for it.",
			map[string]any{"Code": c.Code, "Path": r.path, "System": c.System.String()}) + "\n")
		p.detail.SetText(b.String())
		return
	}
	if r.none {
		p.detail.SetText(r.why)
		return
	}
	fmt.Fprintf(&b, "%s  %s\n%s\n%s\n", c.Code, c.Title, c.System, c.Path())
	if r.why != "" {
		b.WriteString(lang.X("coding.matched", "Matched: {{.Why}}", map[string]any{"Why": r.why}) + "\n")
	}
	if !c.Billable {
		b.WriteString(lang.X("coding.heading_not_reportable", "A heading, not a reportable code: Enter opens the codes under it.") + "\n")
	}
	notes := []struct {
		label string
		list  []coding.Note
	}{{lang.X("coding.note_includes", "Includes"), c.Notes.Inclusion},
		{lang.X("coding.note_excludes1", "Excludes1 (never coded together)"), c.Notes.Excludes1},
		{lang.X("coding.note_excludes2", "Excludes2"), c.Notes.Excludes2},
		{lang.X("coding.note_code_first", "Code first"), c.Notes.CodeFirst},
		{lang.X("coding.note_use_additional", "Use additional code"), c.Notes.UseAdditional},
		{lang.X("coding.note_code_also", "Code also"), c.Notes.CodeAlso}}
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
	switch {
	case r.missing:
		p.status.SetText(lang.X("coding.not_installed", "{{.Code}} is not in the installed {{.System}}: it cannot be chosen.", map[string]any{"Code": r.code.Code, "System": r.code.System.String()}))
		return
	case r.none:
		return
	case r.prefix != "":
		p.pcsAxis(r.prefix, r.path)
		return
	case r.source != nil && r.source.Column >= 0:
		p.tableRow(r)
		return
	case r.source != nil && !r.confirm && set.Complete(r.code.Code).Complete:
		p.confirmFromBook(r)
		return
	}
	if r.seventh != "" {
		full, ok := set.Lookup(r.seventh)
		if !ok {
			p.status.SetText(lang.X("coding.not_valid", "{{.Code}} is not a valid code in this release.", map[string]any{"Code": r.seventh}))
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
			label := lang.X("coding.seventh_character", "{{.Code}}  7th character {{.Char}}: {{.Meaning}}",
				map[string]any{"Code": s.Code, "Char": s.Char, "Meaning": s.Meaning})
			if !s.Valid {
				label += " (" + lang.X("coding.not_valid_in_release", "not valid in this release") + ")"
			}
			p.rows = append(p.rows, pickRow{code: r.code, label: label, seventh: s.Code})
		}
		p.status.SetText(lang.X("coding.needs_7th", "{{.Code}} needs a 7th character: choose the encounter type.", map[string]any{"Code": r.code.Code}))
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
		p.status.SetText(lang.X("coding.is_heading", "{{.Code}} is a heading: choose one of its codes.", map[string]any{"Code": r.code.Code}))
		p.selectFirst()
	}
}

func (p *codePicker) pick(c coding.Code) {
	rememberCode(p.h, c.Code, false)
	p.dlg.Hide()
	p.onPick(c)
	// An injury is followed by how it happened: the External Cause Index
	// gives the additional code.
	if p.external == "" && p.onCause != nil && needsCause(c) {
		openPicker(p.h, "", c.Code, p.onCause, nil)
	}
}

// confirmFromBook shows the tabular entry of a code found in a book, with
// its notes, before it is accepted: the index leads, the tabular list
// decides (Excludes1, code first, use additional code).
func (p *codePicker) confirmFromBook(r pickRow) {
	accept := r
	accept.confirm = true
	accept.label = lang.X("coding.accept", "Accept {{.Code}}  {{.Title}}", map[string]any{"Code": r.code.Code, "Title": r.code.Title})
	p.rows = []pickRow{accept}
	p.status.SetText(lang.X("coding.found_at", "Found in the index at {{.Path}}. Check the tabular entry on the right; Enter accepts it, Esc cancels.", map[string]any{"Path": r.path}))
	p.selectFirst()
}

// tableRow shows a table row's columns (the Table of Drugs' six intents,
// the Neoplasm Table's six behaviours) for the coder to choose; the
// column the words chose comes first.
func (p *codePicker) tableRow(r pickRow) {
	src := r.source
	ix := src.Index
	row := ix.Rows[src.Target]
	set := p.sets.setFor(coding.ICD10CM)
	p.rows = p.rows[:0]
	order := []int{src.Column}
	for c := range row.Cells {
		if c != src.Column {
			order = append(order, c)
		}
	}
	for _, c := range order {
		head := lang.X("coding.column_n", "column {{.N}}", map[string]any{"N": c + 2})
		if c+1 < len(ix.Columns) {
			head = ix.Columns[c+1]
		}
		hit := *src
		hit.Column = c
		h, ok := set.IndexCode(hit)
		if !ok {
			p.rows = append(p.rows, pickRow{none: true,
				label: "—  " + lang.X("coding.column_no_code", "{{.Column}}: no code", map[string]any{"Column": head}),
				why:   lang.X("coding.column_table_no_code", "{{.Column}}: the table gives no code.", map[string]any{"Column": head})})
			continue
		}
		pr := hitRow(h)
		pr.source = nil // the column is chosen: from here it is a code
		pr.label = h.Code.Code + "  " + head + ": " + h.Code.Title
		if h.Missing {
			pr.label = "✗ " + h.Code.Code + "  " + lang.X("coding.column_not_in_release", "{{.Column}}: not in the installed release", map[string]any{"Column": head})
		}
		p.rows = append(p.rows, pr)
	}
	what := lang.X("coding.choose_column", "Choose the column")
	if ix.Kind == coding.DrugTable {
		what = lang.X("coding.choose_intent", "Choose the intent (the first is what the words say; unknown intent is coded accidental)")
	} else if ix.Kind == coding.NeoplasmTable {
		what = lang.X("coding.choose_behaviour", "Choose the behaviour (the first is what the morphology word says)")
	}
	p.status.SetText(lang.X("coding.seventh_next", "{{.Path}}: {{.What}}. The 7th character is asked next.", map[string]any{"Path": ix.Path(src.Target), "What": what}))
	p.selectFirst()
}

// pcsAxis lists the values the next character of an ICD-10-PCS code may
// take after prefix (from the PCS Index's table, or the axes chosen so
// far); the seventh completes the code.
func (p *codePicker) pcsAxis(prefix, path string) {
	set := p.sets.setFor(coding.ICD10PCS)
	choices := set.NextAxis(prefix)
	if len(choices) == 0 {
		p.status.SetText(lang.X("coding.no_valid_codes", "{{.Code}} has no valid codes in the installed {{.System}}.", map[string]any{"Code": prefix, "System": set.System.String()}))
		return
	}
	p.rows = p.rows[:0]
	for _, ch := range choices {
		r := pickRow{label: fmt.Sprintf("%s  %s: %s", ch.Prefix, ch.Axis.Title, ch.Axis.Label), path: path}
		if ch.Code != "" {
			c, ok := set.Lookup(ch.Code)
			if !ok {
				continue
			}
			r.code = c
			r.label += "  → " + c.Code
		} else {
			t, _ := set.Lookup(prefix[:3])
			r.code, r.prefix = t, ch.Prefix
			r.label += fmt.Sprintf("  (%s) ›", kit.CountOf(ch.Codes, "code"))
			r.why = fmt.Sprintf("%s: %s %s; %s", path, ch.Axis.Title, ch.Axis.Label, kit.CountOf(ch.Codes, "code"))
		}
		p.rows = append(p.rows, r)
	}
	axis := choices[0].Axis
	p.status.SetText(lang.X("coding.choose_character", "{{.Code}}: choose character {{.Pos}}, {{.Axis}}.", map[string]any{"Code": prefix, "Pos": axis.Pos, "Axis": axis.Title}))
	p.selectFirst()
}

// browse shows the highlighted hit's main term as the book prints it,
// subterms indented under it, to read down and choose from.
func (p *codePicker) browse() {
	if p.sel >= len(p.rows) || p.rows[p.sel].source == nil {
		p.status.SetText(lang.X("coding.highlight_a_result_found", "Highlight a result found in an index to read its main term."))
		return
	}
	src := p.rows[p.sel].source
	ix := src.Index
	top := src.Row
	for ix.Parent(top) >= 0 {
		top = ix.Parent(top)
	}
	set := p.sets.setFor(coding.ICD10CM)
	if ix.Kind == coding.ProcedureIndex {
		set = p.sets.setFor(coding.ICD10PCS)
	}
	p.rows = p.rows[:0]
	first, end := ix.Subtree(top)
	for i := top; i < end && len(p.rows) < 5000; i++ {
		row := ix.Rows[i]
		text := strings.Repeat("      ", row.Level) + row.Term
		if row.NonEss != "" {
			text += " " + row.NonEss
		}
		hit := coding.IndexHit{Index: ix, Row: i, Column: src.Column, Target: i}
		h, ok := set.IndexCode(hit)
		switch {
		case ok:
			pr := hitRow(h)
			pr.label = text + "  " + h.Code.Code
			if h.Missing {
				pr.label += " ✗ " + lang.X("coding.not_in_release", "not in the installed release")
			}
			p.rows = append(p.rows, pr)
		case row.See != "":
			see := lang.X("coding.see", "see {{.Term}}", map[string]any{"Term": row.See})
			p.rows = append(p.rows, pickRow{none: true, label: text + " — " + see, why: see})
		default:
			why := ix.Path(i)
			if row.SeeAlso != "" {
				why += " — " + lang.X("coding.see_also", "see also {{.Term}}", map[string]any{"Term": row.SeeAlso})
			}
			p.rows = append(p.rows, pickRow{none: true, label: text, why: why})
		}
	}
	_ = first
	p.status.SetText(lang.X("coding.read_down", "{{.Index}}, {{.Term}}: read down; Enter chooses a line with a code.", map[string]any{"Index": ix.Kind.Title(), "Term": ix.Rows[top].Term}))
	p.selectFirst()
	for k := range p.rows {
		if p.rows[k].source != nil && p.rows[k].source.Row == src.Row {
			p.sel = k
			p.list.Select(k)
			p.list.ScrollTo(k)
			p.showDetail()
			break
		}
	}
}

func (p *codePicker) toggleFavourite() {
	if p.sel < len(p.rows) {
		rememberCode(p.h, p.rows[p.sel].code.Code, true)
		p.status.SetText(lang.X("coding.in_favourites", "{{.Code}} is among your favourites (shown when the box is empty).", map[string]any{"Code": p.rows[p.sel].code.Code}))
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
