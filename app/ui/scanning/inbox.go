package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	scanflow "dossier/app/flow/scan"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// inboxEvery is how often the scanner inbox is looked at while the
// Scanning screen is open.
const inboxEvery = 10 * time.Second

func (s *scanScreen) inboxDir() string { return s.ui.app.Preferences().String(prefInbox) }

func (s *scanScreen) chooseInbox() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		s.ui.app.Preferences().SetString(prefInbox, l.Path())
		s.startInboxWatch()
	}, s.ui.win)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// onScreen reports whether this screen is still the one shown.
func (s *scanScreen) onScreen() bool {
	return s.ui.sess != nil && s.ui.scan == s && s.ui.shell != nil &&
		len(s.ui.shell.content.Objects) == 1 && s.ui.shell.content.Objects[0] == s.root
}

// startInboxWatch looks at the inbox now and every inboxEvery while this
// screen is open. The timer goroutine only lists the folder; importing
// goes through the same progress dialog as any import.
func (s *scanScreen) startInboxWatch() {
	if s.watch != nil {
		s.watch()
		s.watch = nil
	}
	dir := s.inboxDir()
	if dir == "" {
		s.inbox.SetText("No scanner inbox set. Choose the folder your scanner saves to with \"Scanner inbox…\".")
		return
	}
	s.inbox.SetText(fmt.Sprintf("Scanner inbox: %s — checked every %d seconds while this screen is open; imported files are removed from it.", dir, int(inboxEvery.Seconds())))
	ctx, cancel := context.WithCancel(context.Background())
	s.watch = cancel
	in := scanflow.NewInbox(dir)
	go func() {
		t := time.NewTicker(inboxEvery)
		defer t.Stop()
		for {
			paths, err := in.Pending(time.Now())
			fyne.Do(func() { s.inboxFound(ctx, cancel, in, paths, err) })
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
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
		s.inbox.SetText(plain(err))
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
				if baseName(p) == f.File {
					if err := in.PutAside(p, errors.New(f.Error())); err != nil {
						problems = append(problems, err)
					}
				}
			}
		}
		if len(problems) > 0 {
			s.ui.showError(errors.Join(problems...))
		}
	})
}
