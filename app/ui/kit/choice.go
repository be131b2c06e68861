package kit

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Choice is a form's drop-down that never swallows typing. Fyne's Select
// keeps the focus once an option is chosen and drops every letter typed
// next, so a clerk who chose "Female" and typed the birth date lost it
// without a sign. A Choice moves on to the next field once an option is
// chosen from its list; typed letters choose the option they begin
// ("f" → Female), and a key that begins none goes on to the next field,
// typed there.
type Choice struct {
	widget.Select
	typed   string
	staying bool // a choice made by typing stays in the field
}

// NewChoice is a drop-down of options; changed runs after a choice.
func NewChoice(options []string, changed func(string)) *Choice {
	c := &Choice{}
	c.Options = options
	c.PlaceHolder = lang.X("kit.select_one", "(Select one)")
	c.OnChanged = func(s string) {
		if changed != nil {
			changed(s)
		}
		if !c.staying {
			c.moveOn()
		}
	}
	c.ExtendBaseWidget(c)
	return c
}

// moveOn focuses the next field once the list is gone: while it is up,
// the focus belongs to the list, so this waits for the event to finish.
func (c *Choice) moveOn() {
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cv == nil {
		return
	}
	go fyne.Do(func() {
		uiMu.Lock() // as Serialized: tests drive the window from their goroutine
		defer uiMu.Unlock()
		if cv.Focused() == fyne.Focusable(c) {
			cv.FocusNext()
		}
	})
}

// TypedRune chooses the option that begins with what was typed; a key
// that begins none is passed on to the next field.
func (c *Choice) TypedRune(r rune) {
	for _, try := range []string{strings.ToLower(c.typed + string(r)), strings.ToLower(string(r))} {
		for _, o := range c.Options {
			if strings.HasPrefix(strings.ToLower(o), try) {
				c.typed = try
				if o != c.Selected {
					c.staying = true
					c.SetSelected(o)
					c.staying = false
				}
				return
			}
		}
	}
	c.typed = ""
	if unicode.IsSpace(r) {
		return
	}
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cv == nil {
		return
	}
	cv.FocusNext()
	if next := cv.Focused(); next != nil && next != fyne.Focusable(c) {
		next.TypedRune(r)
	}
}

// FocusLost forgets the letters typed.
func (c *Choice) FocusLost() {
	c.typed = ""
	c.Select.FocusLost()
}

// TypedKey: the arrow keys step through the options and stay in the field.
func (c *Choice) TypedKey(k *fyne.KeyEvent) {
	c.staying = true
	defer func() { c.staying = false }()
	c.Select.TypedKey(k)
}
