// Package kit is the window's small toolkit shared by every feature screen:
// the Host that ties background work to the session it started with, one
// form dialog, one private-file writer, tables, dates and plain messages.
// Feature packages under app/ui import kit; kit imports no feature.
package kit

import (
	"sync"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
)

// Shell is what the signed-in frame offers the screens inside it.
type Shell interface {
	// SetContent replaces the section's content.
	SetContent(o fyne.CanvasObject)
	// Flash shows a short message under the top bar.
	Flash(text string)
	// FocusNext focuses f once the next content is on the canvas.
	FocusNext(f fyne.Focusable)
	// OpenSection shows the section with this title, if the role has it.
	OpenSection(title string) bool
}

// Host is the one window's state that screens share. It is created once
// per window; the session inside changes at sign-in and lock, so screens
// never keep it: background work captures it when it starts (see Run).
type Host struct {
	App     fyne.App
	Win     fyne.Window
	Version string
	// Shell is the signed-in frame (nil before sign-in).
	Shell Shell
	// Links opens one feature's screens from another's (set by the shell).
	Links Links
	// Thumbs keeps recently shown page images decoded.
	Thumbs *ImageCache
	// Activity is called on every user action (the idle lock listens).
	Activity func()
	// PickSavePath, when set, answers AskSavePath instead of the file
	// dialog (headless tests, which cannot type into Fyne's file dialog).
	PickSavePath func(name string, chosen func(path string))
	// Busy is told, on the UI goroutine, when background work has run
	// longer than BusyAfter (true) and when none is left (false): the
	// window shows that it is working.
	Busy func(on bool)

	mu   sync.Mutex
	sess *storage.Session
	// gen counts sign-ins and locks: work started under an older
	// generation finishes silently instead of touching a locked window.
	gen uint64

	jobs sync.WaitGroup
	busy busyState

	clinicMu sync.Mutex
	clinic   *model.Clinic
}

// NewHost starts a host for one window.
func NewHost(a fyne.App, w fyne.Window, version string) *Host {
	return &Host{App: a, Win: w, Version: version, Thumbs: NewImageCache(400)}
}

// Session is the signed-in session, or nil while signed out or locked.
// Call it on the UI goroutine only; background work gets its session as
// an argument from Run.
func (h *Host) Session() *storage.Session {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sess
}

// SignedIn makes sess the current session and starts a new generation.
func (h *Host) SignedIn(sess *storage.Session) {
	h.mu.Lock()
	h.sess = sess
	h.gen++
	h.mu.Unlock()
	h.clinicMu.Lock()
	h.clinic = nil
	h.clinicMu.Unlock()
}

// SignedOut forgets the session and drops every completion still pending.
func (h *Host) SignedOut() {
	h.mu.Lock()
	h.sess = nil
	h.gen++
	h.mu.Unlock()
}

// current returns the session and generation together.
func (h *Host) current() (*storage.Session, uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sess, h.gen
}

func (h *Host) live(gen uint64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.gen == gen && h.sess != nil
}

// Wait blocks until all background work has finished (shutdown, tests).
func (h *Host) Wait() { h.jobs.Wait() }

// Touch counts as user activity.
func (h *Host) Touch() {
	if h.Activity != nil {
		h.Activity()
	}
}

// Act wraps a callback so it counts as activity.
func (h *Host) Act(f func()) func() {
	return func() { h.Touch(); f() }
}

// Can reports whether the signed-in user may do p (to show or hide a
// control; storage checks again on every call).
func (h *Host) Can(p model.Permission) bool {
	s := h.Session()
	return s != nil && s.Can(p)
}
