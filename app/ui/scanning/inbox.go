package scanning

import (
	"context"
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"path/filepath"
	"time"

	scanflow "dossier/app/flow/scan"
	"dossier/app/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// inboxEvery is how often the scanner inbox is looked at while the
// Scanning screen is open.
const inboxEvery = 10 * time.Second

func (s *scanScreen) inboxDir() string { return s.h.App.Preferences().String(prefInbox) }

func (s *scanScreen) chooseInbox() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		s.h.App.Preferences().SetString(prefInbox, l.Path())
		s.startInboxWatch()
	}, s.h.Win)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// startInboxWatch looks at the inbox now and every inboxEvery while this
// screen is open. The timer goroutine only wakes the UI goroutine; the
// folder is listed in the background and importing goes through the same
// progress dialog as any import.
func (s *scanScreen) startInboxWatch() {
	if s.watch != nil {
		s.watch()
		s.watch = nil
	}
	dir := s.inboxDir()
	if dir == "" {
		s.inbox.SetText(lang.X("scan.no_scanner_inbox_set", "No scanner inbox set. Choose the folder your scanner saves to with \"Scanner inbox…\"."))
		return
	}
	s.inbox.SetText(fmt.Sprintf(lang.X("scan.scanner_inbox_checked_every", "Scanner inbox: %s — checked every %d seconds while this screen is open; imported files are removed from it."), dir, int(inboxEvery.Seconds())))
	ctx, cancel := context.WithCancel(context.Background())
	s.watch = cancel
	in := scanflow.NewInbox(dir)
	s.lookInbox(ctx, cancel, in)
	go func() {
		t := time.NewTicker(inboxEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fyne.Do(func() {
					s.h.Serialized(func() {
						if ctx.Err() == nil {
							s.lookInbox(ctx, cancel, in)
						}
					})
				})
			}
		}
	}()
}

// lookInbox lists the inbox off the UI goroutine (a network folder can be
// slow) and imports what is ready.
func (s *scanScreen) lookInbox(ctx context.Context, stop context.CancelFunc, in scanflow.Inbox) {
	kit.Go(s.h, func() ([]string, error) { return in.Pending(time.Now()) }, func(paths []string, err error) {
		s.inboxFound(ctx, stop, in, paths, err)
	})
}

func (s *scanScreen) inboxFound(ctx context.Context, stop context.CancelFunc, in scanflow.Inbox, paths []string, err error) {
	if ctx.Err() != nil {
		return
	}
	if !s.onScreen() {
		stop()
		return
	}
	if err != nil {
		s.inbox.SetText(kit.Plain(err))
		return
	}
	if len(paths) == 0 || s.importing {
		return
	}
	s.importing = true
	s.importPaths(paths, func(sum scanflow.Summary, imported []string) {
		s.importing = false
		var problems []error
		for _, p := range imported {
			if err := scanflow.Remove(p); err != nil {
				problems = append(problems, err)
			}
		}
		for _, f := range sum.Failed {
			for _, p := range paths {
				if filepath.Base(p) == f.File {
					if err := in.PutAside(p, errors.New(f.Error())); err != nil {
						problems = append(problems, err)
					}
				}
			}
		}
		if len(problems) > 0 {
			s.h.ShowError(errors.Join(problems...))
		}
	})
}
