package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// background runs work off the UI goroutine and hands its result to done
// on the UI goroutine. Every storage call from a screen goes through here
// so a slow disk never freezes the window.
func background[T any](ui *UI, work func() (T, error), done func(T, error)) {
	ui.jobs.Add(1)
	go func() {
		defer ui.jobs.Done()
		v, err := work()
		fyne.DoAndWait(func() {
			// The real driver already runs this on the one UI goroutine; the
			// test driver runs it inline, so completions are serialized here
			// to keep tests as ordered as the real window.
			ui.doneMu.Lock()
			defer ui.doneMu.Unlock()
			done(v, err)
		})
	}()
}

// progressJob is work that reports progress and can be cancelled.
type progressJob func(ctx context.Context, progress func(done float64)) error

// withProgress shows a modal with a progress bar and Cancel while job runs,
// then calls done on the UI goroutine.
func (ui *UI) withProgress(title string, job progressJob, done func(error)) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	status := widget.NewLabel("Working…")
	var dlg dialog.Dialog
	cancelBtn := widget.NewButton("Cancel", func() {
		status.SetText("Cancelling…")
		cancel()
	})
	dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(status, bar, cancelBtn), ui.win)
	dlg.Resize(fyne.NewSize(420, 160))
	dlg.Show()
	report := func(f float64) {
		fyne.Do(func() {
			bar.SetValue(f)
			status.SetText("Working…")
		})
	}
	background(ui, func() (struct{}, error) { return struct{}{}, job(ctx, report) }, func(_ struct{}, err error) {
		cancel()
		dlg.Hide()
		if errors.Is(err, context.Canceled) {
			err = errCancelled
		}
		done(err)
	})
}

var errCancelled = errors.New("cancelled: nothing was changed")
