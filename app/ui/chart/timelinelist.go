package chart

import (
	"strings"

	"dossier/app/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The time line's list: its two-line rows and the keyboard that opens
// them (see timeline.go).

// newTimelineRow is a list row: date, type and form state on the first
// line, the ward and title under them in smaller type.
func newTimelineRow() fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 4)
	for i, s := range []string{"2024-03-12", "Discharge summary", "not keyed", "Female Medical · title of the item"} {
		l := widget.NewLabel(s)
		l.Truncation = fyne.TextTruncateEllipsis
		objs[i] = l
	}
	objs[0].(*widget.Label).TextStyle = fyne.TextStyle{Bold: true}
	objs[2].(*widget.Label).Alignment = fyne.TextAlignTrailing
	objs[3].(*widget.Label).SizeName = theme.SizeNameCaptionText
	return container.New(tlRowLayout{}, objs...)
}

func (v *timelineView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(v.shown) {
		return
	}
	it := v.all[v.shown[i]]
	cells := o.(*fyne.Container).Objects
	var sub []string
	if it.Ward != "" {
		sub = append(sub, it.Ward)
	}
	if it.Title != "" {
		sub = append(sub, it.Title)
	}
	if it.Document != nil {
		sub = append(sub, kit.CountOf(len(it.Document.Pages), "page"))
	}
	for c, s := range []string{v.h.Date(it.Date()), tlTypeText(it), tlFormText(it), strings.Join(sub, " · ")} {
		cells[c].(*widget.Label).SetText(s)
	}
}

// tlRowLayout places a row's date, type and form state on one line and
// its ward and title on a second, closer line.
type tlRowLayout struct{}

// tlLineOverlap is how much of the labels' padding the two lines share.
const tlLineOverlap = 14

func (tlRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h1 := max(objs[0].MinSize().Height, objs[1].MinSize().Height, objs[2].MinSize().Height)
	return fyne.NewSize(tlDateWidth+tlFormWidth+60, h1+objs[3].MinSize().Height-tlLineOverlap)
}

func (tlRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h1 := max(objs[0].MinSize().Height, objs[1].MinSize().Height, objs[2].MinSize().Height)
	typeW := max(40, size.Width-tlDateWidth-tlFormWidth)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(tlDateWidth, h1))
	objs[1].Move(fyne.NewPos(tlDateWidth, 0))
	objs[1].Resize(fyne.NewSize(typeW, h1))
	objs[2].Move(fyne.NewPos(size.Width-tlFormWidth, 0))
	objs[2].Resize(fyne.NewSize(tlFormWidth, h1))
	objs[3].Move(fyne.NewPos(0, h1-tlLineOverlap))
	objs[3].Resize(fyne.NewSize(size.Width, objs[3].MinSize().Height))
}

// timelineList is the list with Enter to open the item Up and Down moved
// to. The list keeps its keyboard position to itself, so it is followed
// here the way List.TypedKey moves it.
type timelineList struct {
	widget.List
	focus    int
	selected int
	enter    func(i int)
}

func newTimelineList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *timelineList {
	l := &timelineList{selected: -1}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *timelineList) TypedKey(k *fyne.KeyEvent) {
	n := l.Length()
	switch k.Name {
	case fyne.KeyDown:
		if l.focus < n-1 {
			l.focus++
		}
	case fyne.KeyUp:
		if l.focus > 0 {
			l.focus--
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if l.focus < 0 || l.focus >= n {
			return
		}
		if l.focus == l.selected {
			l.enter(l.focus) // open it again
			return
		}
		l.Select(l.focus)
		return
	}
	l.List.TypedKey(k)
}

func (l *timelineList) UnselectAll() {
	l.selected = -1
	l.List.UnselectAll()
}
