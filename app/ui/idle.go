package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// idleLock calls lock on the UI goroutine after a period with no activity.
// Screens report activity through UI.touch (every action goes through it).
type idleLock struct {
	mu      sync.Mutex
	last    time.Time
	after   time.Duration
	lock    func()
	ticker  *time.Ticker
	stopped chan struct{}
}

func newIdleLock(lock func()) *idleLock {
	return &idleLock{lock: lock, last: time.Now()}
}

// arm starts watching with the clinic's idle minutes.
func (l *idleLock) arm(after time.Duration) {
	l.stop()
	l.mu.Lock()
	l.after, l.last = after, time.Now()
	l.ticker = time.NewTicker(after / 20)
	l.stopped = make(chan struct{})
	t, stop := l.ticker, l.stopped
	l.mu.Unlock()
	go func() {
		for {
			select {
			case <-t.C:
				if l.expired(time.Now()) {
					l.stop()
					fyne.Do(l.lock)
					return
				}
			case <-stop:
				return
			}
		}
	}()
}

func (l *idleLock) expired(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.after > 0 && now.Sub(l.last) >= l.after
}

func (l *idleLock) touch() {
	l.mu.Lock()
	l.last = time.Now()
	l.mu.Unlock()
}

func (l *idleLock) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ticker != nil {
		l.ticker.Stop()
		close(l.stopped)
		l.ticker = nil
	}
}

// touch records user activity; every screen action calls it.
func (ui *UI) touch() { ui.idle.touch() }

// act wraps a callback so it counts as activity.
func (ui *UI) act(f func()) func() {
	return func() { ui.touch(); f() }
}
