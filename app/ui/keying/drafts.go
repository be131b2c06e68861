package keying

import (
	"context"
	"fyne.io/fyne/v2/lang"
	"sync"
	"time"

	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
)

// autosaveEvery is how often an unsaved form is put in the encrypted
// drafts, so a crash or a closed window loses at most this much typing.
const autosaveEvery = 3 * time.Second

// shown is the transcription form each window opened last (locking, the
// page keys and the autosave act on it only while it is still on the
// window).
var shown = struct {
	sync.Mutex
	by map[*kit.Host]*transcribeScreen
}{by: map[*kit.Host]*transcribeScreen{}}

func setCurrent(h *kit.Host, ts *transcribeScreen) {
	shown.Lock()
	shown.by[h] = ts
	shown.Unlock()
}

func current(h *kit.Host) *transcribeScreen {
	shown.Lock()
	defer shown.Unlock()
	return shown.by[h]
}

// startAutosave keeps the draft while this form is shown. The timer
// goroutine only wakes the UI goroutine, which reads the form and hands
// the saving to the background.
func (ts *transcribeScreen) startAutosave() {
	ctx, cancel := context.WithCancel(context.Background())
	ts.stop = cancel
	go func() {
		t := time.NewTicker(autosaveEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fyne.Do(func() {
					// Never at the same time as a completion (the test
					// driver runs this on the timer's goroutine).
					ts.h.Serialized(func() {
						if ctx.Err() == nil {
							ts.autosave()
						}
					})
				})
			}
		}
	}()
}

// onScreen reports whether this form is still the one shown.
func (ts *transcribeScreen) onScreen() bool {
	return ts.h.Session() != nil && current(ts.h) == ts && kit.Shown(ts.h.Win, ts.root)
}

func (ts *transcribeScreen) autosave() {
	if !ts.onScreen() {
		ts.stop()
		return
	}
	if !ts.dirty {
		return
	}
	ts.dirty = false
	key, e := ts.draftKey(), ts.entry()
	kit.Run(ts.h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Drafts().Save(key, e) }, func(_ struct{}, err error) {
		if err != nil {
			ts.dirty = true
			ts.status.SetText(lang.X("keying.the_draft_could_not", "The draft could not be kept: {{.Error}}", map[string]any{"Error": kit.Plain(err)}))
		}
	})
}

// DraftNow reads the form being keyed (on the UI goroutine) and returns a
// function that stores it as a draft (off it, with the session that is
// ending), so locking or closing the window keeps the last seconds of
// typing too. With no form on screen the function does nothing.
func DraftNow(h *kit.Host) func(*storage.Session) {
	ts := current(h)
	if ts == nil || !ts.onScreen() {
		return func(*storage.Session) {}
	}
	ts.stop()
	key, e := ts.draftKey(), ts.entry()
	return func(sess *storage.Session) {
		if sess != nil {
			sess.Drafts().Save(key, e)
		}
	}
}

// TurnPage shows the next (by 1) or previous (by -1) scanned page if a
// transcription form is the screen shown, and reports whether it was
// (Alt+Page Down / Alt+Page Up, from the menu so it works while a field
// has the cursor).
func TurnPage(h *kit.Host, by int) bool {
	ts := current(h)
	if ts == nil || !ts.onScreen() {
		return false
	}
	ts.showPage(ts.page + by)
	return true
}
