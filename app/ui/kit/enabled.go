package kit

import "fyne.io/fyne/v2/widget"

// SetEnabled enables or disables b; a nil b is a button the user's role
// does not get.
func SetEnabled(b *widget.Button, on bool) {
	switch {
	case b == nil:
	case on:
		b.Enable()
	default:
		b.Disable()
	}
}
