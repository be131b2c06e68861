package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Shown reports whether o is part of what the window shows now: screens
// that keep working while open (a watched folder, an autosave) ask it to
// notice that another section replaced them. It looks through containers,
// splits, scrolls and the selected tab, which is how the shell and the
// screens are built.
func Shown(w fyne.Window, o fyne.CanvasObject) bool {
	if w == nil || o == nil {
		return false
	}
	var find func(x fyne.CanvasObject) bool
	find = func(x fyne.CanvasObject) bool {
		if x == nil {
			return false
		}
		if x == o {
			return true
		}
		switch c := x.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				if find(ch) {
					return true
				}
			}
		case *container.Split:
			return find(c.Leading) || find(c.Trailing)
		case *container.Scroll:
			return find(c.Content)
		case *container.AppTabs:
			if sel := c.Selected(); sel != nil {
				return find(sel.Content)
			}
		}
		return false
	}
	return find(w.Content())
}
