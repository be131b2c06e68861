package kit

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// Work that takes a while shows the Working… sign, and the sign goes
// when the work is done.
func TestWorkingSignShowsForLongWork(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	h := NewHost(a, w, "test")
	sign := NewWorking(h)
	shown := make(chan bool, 4)
	busy := h.Busy
	h.Busy = func(on bool) { busy(on); shown <- on }
	release := make(chan struct{})
	Go(h, func() (struct{}, error) { <-release; return struct{}{}, nil }, func(struct{}, error) {})
	if on := <-shown; !on { // waits for the sign, however long the machine takes
		t.Fatal("the sign was hidden before it was shown")
	}
	if !sign.Visible() {
		t.Fatal("Busy(true) left the sign hidden")
	}
	close(release)
	h.Wait()
	if sign.Visible() {
		t.Fatal("the sign stayed after the work was done")
	}
}
