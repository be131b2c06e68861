package admin

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// dialogWidgets finds the first multi-line entry, the first single-line
// entry and the button whose text starts with save, in the dialogs shown.
func dialogWidgets(c fyne.Canvas, save string) (multi, single *widget.Entry, button *widget.Button) {
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Entry:
			if x.MultiLine && multi == nil {
				multi = x
			} else if !x.MultiLine && single == nil {
				single = x
			}
			return
		case *widget.Button:
			if strings.HasPrefix(x.Text, save) && button == nil {
				button = x
			}
			return
		case *fyne.Container:
			for _, ch := range x.Objects {
				visit(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				visit(ch)
			}
		}
	}
	for _, o := range c.Overlays().List() {
		visit(o)
	}
	return
}

func TestShorthandEditorSavesAndRefuses(t *testing.T) {
	h, _ := signedInHost(t)
	changed := 0
	h.Links.CodeSetsChanged = func() { changed++ }
	h.Serialized(func() { editShorthand(h) })
	h.Wait()
	list, reason, save := dialogWidgets(h.Win.Canvas(), "Save")
	if list == nil || reason == nil || save == nil {
		t.Fatalf("the shorthand dialog shows:\n%s", shownText(h.Win.Canvas()))
	}
	if !strings.Contains(list.Text, "CCF = congestive cardiac failure") {
		t.Fatalf("the shipped list is not offered: %q", list.Text[:min(200, len(list.Text))])
	}
	// A bad line: refused whole, the line named, nothing saved.
	h.Serialized(func() {
		list.SetText("CCF = congestive cardiac failure\nBBA born before arrival\n")
		reason.SetText("our register")
		test.Tap(save)
	})
	h.Wait()
	if s := shownText(h.Win.Canvas()); !strings.Contains(s, "line 2") {
		t.Fatalf("a bad line was not named:\n%s", s)
	}
	if changed != 0 {
		t.Fatal("a refused list told coding it changed")
	}
	h.Serialized(func() {
		list.SetText("CCF = congestive cardiac failure\nBBA = born before arrival\n")
		test.Tap(save)
	})
	h.Wait()
	if changed != 1 {
		t.Fatalf("the saved list was not passed on to coding (%d)", changed)
	}
	got, err := h.Session().CodeSets().Shorthand()
	if err != nil || len(got) != 2 || got["bba"] != "born before arrival" {
		t.Fatalf("stored list: %v %v", got, err)
	}
}
