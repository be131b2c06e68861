package ui

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"dossier/app/flow/replicate"
	"dossier/app/ui/replication"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The window replicates continuously while a server is set: a loop
// (replicate.Loop) pushes and pulls every minute, sends this desk's
// changes within seconds, pulls as soon as the server has another desk's
// changes (a longpoll watcher), and waits longer after each failure. While
// someone is signed in it runs with that session; while the window is
// locked it pulls only, into the sealed inbox (replicate.PullLocked), with
// the client the last signed-in run made. Locking, signing out, restoring
// and closing stop the loop first and wait for it (off the UI goroutine)
// before the keys are forgotten or the store closed.

// syncTimes is how often the window's loop tries (tests shorten it).
var syncTimes = replicate.DefaultLoopTimes

// syncing is the window's background replication.
type syncing struct {
	loop *replicate.Loop
	// token names the current loop: reports of a stopped loop are dropped.
	token atomic.Uint64
	loops sync.WaitGroup // every loop's goroutine (shutdown waits for all)

	mu     sync.Mutex
	client *replicate.Client // made by the last signed-in run: a locked pull uses it
	set    storage.SyncSettings

	// shown is whether a state is on screen (UI goroutine only): a desk
	// with no server touches no widget, every minute or at sign-in.
	shown bool
}

// clientFor returns a client for set, reusing the last one when the
// settings have not changed.
func (s *syncing) clientFor(set storage.SyncSettings) (*replicate.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil && s.set == set {
		return s.client, nil
	}
	c, err := replicate.NewClient(set.URL, set.User, set.Password, set.CAFile, set.Proxy)
	if err != nil {
		return nil, err
	}
	s.client, s.set = c, set
	return c, nil
}

func (s *syncing) lastClient() *replicate.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

// forget drops the client (the store it served is being replaced).
func (s *syncing) forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.client, s.set = nil, storage.SyncSettings{}
}

// startSync starts the signed-in loop for sess (UI goroutine, at sign-in).
func (ui *UI) startSync(sess *storage.Session) {
	store := sess.Store()
	job := func(ctx context.Context, report func(replicate.LoopState)) error {
		set, err := sess.Sync().Settings()
		if err != nil {
			return err
		}
		if set.URL == "" || set.Revoked {
			return replicate.ErrIdle
		}
		c, err := ui.syncing.clientFor(set)
		if err != nil {
			return err
		}
		report(replicate.LoopState{Running: true})
		_, err = replicate.Run(ctx, sess, c)
		return err
	}
	pending := func() bool {
		st, on := store.SyncStatus()
		return on && st.Up > 0
	}
	watch := &replicate.Watcher{Ours: store.LockedSent, Since: store.LockedPullSince, Client: func() (*replicate.Client, error) {
		set, err := sess.Sync().Settings()
		if err != nil || set.URL == "" || set.Revoked {
			return nil, err
		}
		return ui.syncing.clientFor(set)
	}}
	ui.startLoop(job, pending, watch)
}

// startLockedSync starts the locked loop: pull into the inbox with the
// last signed-in run's client (UI goroutine, once the lock is done).
func (ui *UI) startLockedSync() {
	store := ui.store
	if store == nil {
		return
	}
	job := func(ctx context.Context, _ func(replicate.LoopState)) error {
		c := ui.syncing.lastClient()
		if c == nil {
			return replicate.ErrIdle
		}
		_, err := replicate.PullLocked(ctx, store, c)
		return err
	}
	watch := &replicate.Watcher{Ours: store.LockedSent, Since: store.LockedPullSince, Client: func() (*replicate.Client, error) {
		return ui.syncing.lastClient(), nil
	}}
	ui.startLoop(job, nil, watch)
}

// startLoop starts a loop; its job is given how to report that an attempt
// with a server began (the loop reports only the ends of attempts).
func (ui *UI) startLoop(job func(context.Context, func(replicate.LoopState)) error, pending func() bool, watch *replicate.Watcher) {
	ui.stopSync() // a loop still going ends by itself; runs on one store never overlap
	tok := ui.syncing.token.Add(1)
	report := func(st replicate.LoopState) {
		fyne.Do(func() {
			ui.h.Serialized(func() {
				if ui.syncing.token.Load() == tok {
					ui.showSyncState(st)
				}
			})
		})
	}
	l := replicate.StartLoop(syncTimes, func(ctx context.Context) error { return job(ctx, report) }, pending, report, watch)
	ui.syncing.loop = l
	ui.syncing.loops.Add(1)
	go func() {
		defer ui.syncing.loops.Done()
		<-l.Done()
	}()
}

// stopSync stops the current loop (UI goroutine) and returns what waits
// for it to end: call that off the UI goroutine, before the session locks.
func (ui *UI) stopSync() (wait func()) {
	ui.syncing.token.Add(1)
	l := ui.syncing.loop
	ui.syncing.loop = nil
	if l == nil {
		return func() {}
	}
	return l.Stop()
}

// kickSync asks the loop for an attempt now (a server was just set).
func (ui *UI) kickSync() {
	if l := ui.syncing.loop; l != nil {
		l.Kick()
	}
}

// showSyncState shows the loop's state in the top bar, the status line and
// the Replication screen (UI goroutine).
func (ui *UI) showSyncState(st replicate.LoopState) {
	if st.Idle && !ui.syncing.shown {
		return // nothing to say, and nothing said before
	}
	ui.syncing.shown = !st.Idle
	replication.SetBackground(ui.h, st, ui.kickSync)
	if ui.shell == nil || ui.h.Session() == nil { // locked: the sign-in screen shows
		return
	}
	ui.shell.syncBadge.SetText(syncBadgeText(st))
	if !st.Running {
		ui.shell.refreshSyncLine()
	}
}

// syncBadgeText is the top bar's word on replication ("" when idle).
func syncBadgeText(st replicate.LoopState) string {
	switch {
	case st.Running:
		return lang.X("sync.badge_running", "Syncing…")
	case st.Idle || st.Last.IsZero():
		return ""
	case st.Err != nil:
		return lang.X("sync.badge_failed", "Not synced · next try {{.Time}}", map[string]any{"Time": st.Next.Local().Format("15:04")})
	}
	return lang.X("sync.badge_ok", "Synced {{.Time}}", map[string]any{"Time": st.Last.Local().Format("15:04")})
}

// syncWhileLocking is the lock's first step: the loop stops, and wait (off
// the UI goroutine) lets an attempt under way end before the keys go.
func (ui *UI) syncWhileLocking() (wait func()) {
	w := ui.stopSync()
	return func() {
		done := make(chan struct{})
		go func() { w(); close(done) }()
		select {
		case <-done:
		case <-time.After(time.Minute): // a wedged request must not keep the keys
		}
	}
}
