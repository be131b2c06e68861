package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Escape in the reason box cancels the dialog, as in every other dialog,
// and nothing is confirmed; Enter in a one-line box confirms what is typed.
func TestReasonDialogEscapeCancels(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	h := NewHost(a, w, "test")
	for _, c := range []struct {
		name string
		ask  func(ok func(string))
	}{
		{"reason", func(ok func(string)) { h.AskReason("Delete", "why", "Delete", ok) }},
		{"line", func(ok func(string)) { h.AskLine("Print", "For", "who", "Print", ok) }},
	} {
		confirmed := false
		c.ask(func(string) { confirmed = true })
		if w.Canvas().Overlays().Top() == nil {
			t.Fatalf("%s: no dialog", c.name)
		}
		f := w.Canvas().Focused()
		if f == nil {
			t.Fatalf("%s: the box has no focus", c.name)
		}
		test.Type(f, "a reason")
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if w.Canvas().Overlays().Top() != nil {
			t.Errorf("%s: Escape left the dialog open", c.name)
		}
		if confirmed {
			t.Errorf("%s: Escape confirmed", c.name)
		}
	}
	var got string
	h.AskLine("Print", "For", "who", "Print", func(s string) { got = s })
	f := w.Canvas().Focused()
	test.Type(f, " Dr Achieng ")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got != "Dr Achieng" {
		t.Errorf("Enter confirmed %q, want the trimmed line", got)
	}
}
