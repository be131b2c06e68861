package kit

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Nothing typed after a drop-down is lost: choosing moves on to the next
// field, letters choose options, and other keys are typed in the next
// field.
func TestChoiceNeverSwallowsTyping(t *testing.T) {
	test.NewTempApp(t)
	sex := NewChoice([]string{"Female", "Male", "Other", "Unknown"}, nil)
	born := widget.NewEntry()
	w := test.NewTempWindow(t, container.NewVBox(sex, born))
	c := w.Canvas()
	onUI := func(f func()) { uiMu.Lock(); defer uiMu.Unlock(); f() }
	focused := func() fyne.Focusable {
		var f fyne.Focusable
		onUI(func() { f = c.Focused() })
		return f
	}

	// Letters choose, and the field keeps the focus for more.
	onUI(func() { c.Focus(sex); sex.TypedRune('m') })
	if sex.Selected != "Male" || focused() != sex {
		t.Fatalf("typed m: %q, focus on %T", sex.Selected, focused())
	}
	onUI(func() { sex.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) })
	if sex.Selected != "Other" || focused() != sex {
		t.Fatalf("right arrow: %q, focus on %T", sex.Selected, focused())
	}
	// A key that begins no option is typed into the next field.
	onUI(func() { sex.TypedRune('1') })
	if focused() != born || born.Text != "1" {
		t.Fatalf("typed 1: focus on %T, next field %q", focused(), born.Text)
	}
	// Choosing from the list (as the list does) moves on to the next field.
	onUI(func() { c.Focus(sex); sex.SetSelected("Female") })
	deadline := time.Now().Add(5 * time.Second)
	for focused() != born && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if focused() != born {
		t.Fatalf("after choosing, focus on %T", focused())
	}
}
