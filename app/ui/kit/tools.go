package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Tools is a row of buttons that never makes the window wider than the
// screen: the buttons that do not fit fold, in order, into a "More…" menu
// at the row's end. Objects that are not buttons with a label (icon-only
// buttons, drop-downs, labels) never fold, so put them first.
func Tools(items ...fyne.CanvasObject) *fyne.Container {
	l := &toolsLayout{}
	l.more = widget.NewButtonWithIcon(lang.X("kit.more", "More…"), theme.MoreHorizontalIcon(), nil)
	l.more.OnTapped = func() { l.showMenu() }
	l.more.Hide()
	objs := append(append([]fyne.CanvasObject{}, items...), l.more)
	c := container.New(l, objs...)
	l.c = c
	return c
}

type toolsLayout struct {
	c      *fyne.Container
	more   *widget.Button
	folded []*widget.Button
}

// foldable is a button that can be offered as a menu item instead.
func foldable(o fyne.CanvasObject) (*widget.Button, bool) {
	b, ok := o.(*widget.Button)
	return b, ok && b.Text != "" && b.OnTapped != nil
}

func (l *toolsLayout) items(objects []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objects {
		if o != l.more {
			out = append(out, o)
		}
	}
	return out
}

// wanted reports whether an item is meant to be seen (a caller may hide a
// button that does not apply); folding must not bring it back.
func (l *toolsLayout) wanted(o fyne.CanvasObject) bool {
	if b, ok := foldable(o); ok {
		for _, f := range l.folded {
			if f == b {
				return true
			}
		}
	}
	return o.Visible()
}

func (l *toolsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	items := l.items(objects)
	var want []fyne.CanvasObject
	for _, o := range items {
		if l.wanted(o) {
			want = append(want, o)
		}
	}
	total := float32(0)
	for i, o := range want {
		if i > 0 {
			total += pad
		}
		total += o.MinSize().Width
	}
	fits := total <= size.Width
	room := size.Width
	if !fits {
		room -= l.more.MinSize().Width + pad
	}
	l.folded = l.folded[:0]
	x := float32(0)
	for _, o := range want {
		w := o.MinSize().Width
		b, canFold := foldable(o)
		if !fits && canFold && x+w > room {
			l.folded = append(l.folded, b)
			o.Hide()
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(x, (size.Height-o.MinSize().Height)/2))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		x += w + pad
	}
	if len(l.folded) > 0 {
		l.more.Show()
		m := l.more.MinSize()
		l.more.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		l.more.Resize(m)
	} else {
		l.more.Hide()
	}
}

// MinSize is what the row needs without its foldable buttons: the others
// and the More button.
func (l *toolsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w, h float32
	n := 0
	for _, o := range l.items(objects) {
		if !l.wanted(o) {
			continue
		}
		m := o.MinSize()
		h = max(h, m.Height)
		if _, ok := foldable(o); ok {
			continue
		}
		w += m.Width
		n++
	}
	m := l.more.MinSize()
	h = max(h, m.Height)
	return fyne.NewSize(w+float32(n)*pad+m.Width, h)
}

func (l *toolsLayout) showMenu() {
	var items []*fyne.MenuItem
	for _, b := range l.folded {
		b := b
		it := fyne.NewMenuItem(b.Text, func() {
			if !b.Disabled() {
				b.OnTapped()
			}
		})
		it.Icon = b.Icon
		it.Disabled = b.Disabled()
		items = append(items, it)
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(l.more)
	if c == nil || len(items) == 0 {
		return
	}
	widget.ShowPopUpMenuAtRelativePosition(fyne.NewMenu("", items...), c, fyne.NewPos(0, l.more.Size().Height), l.more)
}

// SetTools replaces the items of a row made by Tools.
func SetTools(c *fyne.Container, items ...fyne.CanvasObject) {
	l := c.Layout.(*toolsLayout)
	l.folded = nil
	c.Objects = append(append([]fyne.CanvasObject{}, items...), l.more)
	c.Refresh()
}

// ToolsOf is the buttons of a row made by Tools, folded ones too (tests
// and the window's tour look for buttons by name).
func ToolsOf(o fyne.CanvasObject) []*widget.Button {
	c, ok := o.(*fyne.Container)
	if !ok {
		return nil
	}
	if _, ok := c.Layout.(*toolsLayout); !ok {
		return nil
	}
	var out []*widget.Button
	for _, x := range c.Objects {
		if b, ok := x.(*widget.Button); ok {
			out = append(out, b)
		}
	}
	return out
}
