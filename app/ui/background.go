package ui

import (
	"context"

	"dossier/app/ui/kit"
	"dossier/storage"
)

// background runs work off the UI goroutine and hands its result to done
// on the UI goroutine, unless the window was locked in between (the
// completion is then dropped: its screen is gone). Screens moved into
// feature packages use kit.Run, which also hands work the session it
// started with.
func background[T any](ui *UI, work func() (T, error), done func(T, error)) {
	if ui.sess == nil {
		kit.Go(ui.h, work, done)
		return
	}
	kit.RunAs(ui.h, ui.sess, ui.h.Generation(), func(*storage.Session) (T, error) { return work() }, done)
}

// progressJob is work that reports progress and can be cancelled.
type progressJob func(ctx context.Context, progress func(done float64)) error

// withProgress shows a modal with a progress bar and Cancel while job runs,
// then calls done on the UI goroutine.
func (ui *UI) withProgress(title string, job progressJob, done func(error)) {
	ui.h.WithProgress(title, func(ctx context.Context, _ *storage.Session, progress func(float64)) error {
		return job(ctx, progress)
	}, done)
}

var errCancelled = kit.ErrCancelled
