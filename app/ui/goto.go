package ui

import (
	"strings"

	"dossier/app/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// showGoTo is the "Go to" box (Ctrl+K): every section the role can use,
// narrowed as the user types; Enter opens the highlighted one, ↑ ↓ move.
func (sh *shell) showGoTo() {
	if sh.goTo != nil { // already open: Ctrl+K again goes back to its box
		sh.ui.win.Canvas().Focus(sh.goTo)
		return
	}
	matches := sh.sectionsMatching("")
	hl := 0
	list := widget.NewList(func() int { return len(matches) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := sh.sections[matches[i]]
			text := s.label()
			if s.key > 0 {
				text = s.label() + "   " + lang.X("nav.key", "Ctrl+{{.Key}}", map[string]any{"Key": s.key})
			}
			l := o.(*widget.Label)
			l.TextStyle.Bold = i == hl // the highlight: what Enter opens
			l.Importance = widget.MediumImportance
			if i == hl {
				l.Importance = widget.HighImportance
			}
			l.SetText(text)
			l.Refresh()
		})
	var dlg dialog.Dialog
	open := func(i int) {
		if i < 0 || i >= len(matches) {
			return
		}
		dlg.Hide()
		sh.open(matches[i])
	}
	move := func(to int) {
		if len(matches) == 0 {
			return
		}
		hl = max(0, min(to, len(matches)-1))
		list.Refresh()
		list.ScrollTo(hl)
	}
	box := newKeyEntry()
	box.SetPlaceHolder(lang.X("goto.placeholder", "Type a section's name, then Enter"))
	none := widget.NewLabel(lang.X("goto.none", "No section has that name."))
	none.Hide()
	box.OnChanged = func(q string) {
		sh.ui.touch()
		matches = sh.sectionsMatching(q)
		none.Hidden = len(matches) > 0
		none.Refresh()
		move(0)
	}
	box.OnSubmitted = func(string) { sh.ui.touch(); open(hl) }
	box.onKey = func(k fyne.KeyName) bool {
		switch k {
		case fyne.KeyDown:
			move(hl + 1)
		case fyne.KeyUp:
			move(hl - 1)
		case fyne.KeyEscape:
			dlg.Hide()
		default:
			return false
		}
		return true
	}
	list.OnSelected = func(i widget.ListItemID) { list.UnselectAll(); open(i) }
	dlg = dialog.NewCustomWithoutButtons(lang.X("goto.title", "Go to (Ctrl+K)"), container.NewBorder(container.NewVBox(box, none), nil, nil, nil, list), sh.ui.win)
	sh.goTo = box
	dlg.SetOnClosed(func() { sh.goTo = nil })
	dlg.Resize(fyne.NewSize(420, min(float32(len(sh.sections))*41+130, kit.MaxDialogHeight-80)))
	dlg.Show()
	move(0)
	sh.ui.win.Canvas().Focus(box)
}

// sectionsMatching is the indexes of the sections whose title has every
// word of q: the one named exactly first ("Charts" before "Charts out"),
// then those starting with q.
func (sh *shell) sectionsMatching(q string) []int {
	words := strings.Fields(strings.ToLower(q))
	var exact, first, rest []int
	for i, s := range sh.sections {
		t := strings.ToLower(s.label())
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(t, w)
		}
		switch {
		case !ok:
		case len(words) > 0 && t == strings.Join(words, " "):
			exact = append(exact, i)
		case len(words) > 0 && strings.HasPrefix(t, words[0]):
			first = append(first, i)
		default:
			rest = append(rest, i)
		}
	}
	return append(append(exact, first...), rest...)
}

// keyEntry is an entry that hands the keys a list needs (↑ ↓ Esc) to
// onKey before typing them.
type keyEntry struct {
	widget.Entry
	onKey func(fyne.KeyName) bool
}

func newKeyEntry() *keyEntry {
	e := &keyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(k.Name) {
		return
	}
	e.Entry.TypedKey(k)
}
