package kit

import (
	"context"
	"errors"
	"sync"
	"time"

	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// ErrCancelled is what a cancelled job reports; ShowError stays quiet.
var ErrCancelled = errors.New("cancelled: nothing was changed")

// Run runs work off the UI goroutine with the session current when Run was
// called (on the UI goroutine), and hands its result to done on the UI
// goroutine. If the window was locked or signed in again meanwhile, done
// is not called: the screen it would touch is gone. When no one is signed
// in, Run does nothing.
func Run[T any](h *Host, work func(sess *storage.Session) (T, error), done func(T, error)) {
	sess, gen := h.current()
	if sess == nil {
		return
	}
	RunAs(h, sess, gen, work, done)
}

// RunAs is Run with an explicit session and generation, for work that
// must finish with a session the window no longer shows (locking).
func RunAs[T any](h *Host, sess *storage.Session, gen uint64, work func(sess *storage.Session) (T, error), done func(T, error)) {
	h.jobs.Add(1)
	go func() {
		defer h.jobs.Done()
		h.working()
		v, err := work(sess)
		fyne.DoAndWait(func() {
			// The real driver already runs this on the one UI goroutine; the
			// test driver runs it inline, so completions are serialized here
			// to keep tests as ordered as the real window.
			uiMu.Lock()
			defer uiMu.Unlock()
			h.finished()
			if gen != 0 && !h.live(gen) {
				return
			}
			done(v, err)
		})
	}()
}

// Go runs work that needs no session (files, sign-in) off the UI
// goroutine and hands its result to done on the UI goroutine.
func Go[T any](h *Host, work func() (T, error), done func(T, error)) {
	RunAs(h, nil, 0, func(*storage.Session) (T, error) { return work() }, done)
}

// Generation is the current sign-in generation (for RunAs).
func (h *Host) Generation() uint64 {
	_, g := h.current()
	return g
}

// ProgressJob is work that reports progress and can be cancelled.
type ProgressJob func(ctx context.Context, sess *storage.Session, progress func(done float64)) error

// WithProgress shows a modal with a progress bar and Cancel while job runs
// with the current session, then calls done on the UI goroutine.
func (h *Host) WithProgress(title string, job ProgressJob, done func(error)) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	status := widget.NewLabel(lang.X("common.working", "Working…"))
	var dlg dialog.Dialog
	cancelBtn := widget.NewButton(lang.X("common.cancel", "Cancel"), func() {
		status.SetText(lang.X("common.cancelling", "Cancelling…"))
		cancel()
	})
	dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(status, bar, cancelBtn), h.Win)
	dlg.Resize(fyne.NewSize(420, 160))
	dlg.Show()
	report := func(f float64) {
		fyne.Do(func() {
			bar.SetValue(f)
			// Keep "Cancelling…" once asked: the job may tick a few more
			// times before it notices.
			if ctx.Err() == nil {
				status.SetText(lang.X("common.working", "Working…"))
			}
		})
	}
	sess, gen := h.current()
	if sess == nil {
		dlg.Hide()
		cancel()
		return
	}
	finished := func(_ struct{}, err error) {
		cancel()
		dlg.Hide()
		if errors.Is(err, context.Canceled) {
			err = ErrCancelled
		}
		done(err)
	}
	RunAs(h, sess, gen, func(s *storage.Session) (struct{}, error) { return struct{}{}, job(ctx, s, report) }, finished)
}

// Serialized runs f never at the same time as a background completion (the
// test driver runs completions inline; the real driver on the UI goroutine).
func (h *Host) Serialized(f func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	f()
}

// uiMu stands for the one UI goroutine of the real driver: the test driver
// runs fyne.Do inline on the calling goroutine, so completions, timers and a
// test's own actions take it to run one at a time, across every window of
// the process (Fyne's text measuring shares caches between windows).
var uiMu sync.Mutex

// BusyAfter is how long background work runs before the window shows it
// is working: shorter waits pass unnoticed, longer ones must not look like
// a hang.
const BusyAfter = 300 * time.Millisecond

// busyState counts a window's background jobs for its Busy sign.
type busyState struct {
	sync.Mutex
	running int
	shown   bool
	timer   *time.Timer
}

// working counts a background job in (off the UI goroutine); with any
// still running after BusyAfter, the window is told it is busy.
func (h *Host) working() {
	busy := &h.busy
	busy.Lock()
	defer busy.Unlock()
	busy.running++
	if busy.timer == nil && !busy.shown {
		busy.timer = time.AfterFunc(BusyAfter, func() {
			fyne.Do(func() {
				uiMu.Lock()
				defer uiMu.Unlock()
				busy.Lock()
				defer busy.Unlock()
				busy.timer = nil
				// Jobs may have finished meanwhile: then nothing is shown
				// (and no widget touched while a test reads the window).
				if busy.running > 0 && !busy.shown && h.Busy != nil {
					busy.shown = true
					h.Busy(true)
				}
			})
		})
	}
}

// finished counts a job out, on the UI goroutine in its completion, and
// takes the sign away with the last one.
func (h *Host) finished() {
	busy := &h.busy
	busy.Lock()
	defer busy.Unlock()
	busy.running--
	if busy.running > 0 {
		return
	}
	if busy.timer != nil {
		busy.timer.Stop()
		busy.timer = nil
	}
	if busy.shown {
		busy.shown = false
		if h.Busy != nil {
			h.Busy(false)
		}
	}
}
