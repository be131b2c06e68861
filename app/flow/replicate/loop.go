package replicate

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"dossier/storage"
)

// The window syncs continuously: a Loop runs one job (a Run while someone
// is signed in, a PullLocked while the window is locked) in a goroutine of
// its own, every Every, sooner when this desk has changes to send, and
// later after each failure, so a flaky link is not hammered. It knows
// nothing of windows: it reports each change of its state through a
// callback, which the window hands to its UI goroutine.

// ErrIdle is what a loop's job returns when there is nothing to sync with
// (no server set, or no client yet while locked): not a failure.
var ErrIdle = errors.New("no server to sync with")

// LoopState is what a loop reports after each attempt. (Running is for a
// job to say an attempt with a server has begun: the loop reports only
// ends, so a desk with no server has nothing to show.)
type LoopState struct {
	Running  bool      // an attempt is under way
	Idle     bool      // the last attempt found no server to sync with
	Failures int       // attempts failed in a row
	Err      error     // the last attempt's error (nil after a success)
	Last     time.Time // when the last attempt ended
	Next     time.Time // when the next attempt is due at the latest
}

// LoopTimes is how often a loop tries.
type LoopTimes struct {
	Every   time.Duration // between attempts while all is well
	Poll    time.Duration // how often pending is asked whether changes wait to go up
	MaxWait time.Duration // the longest pause after failures
	// Longpoll is how long one wait on the server's changes feed lasts
	// (watch.go); 0: the loop does not watch the server.
	Longpoll time.Duration
}

// DefaultLoopTimes: a pull a minute (and as soon as the server has
// something new), changes sent within seconds, at most a quarter of an
// hour between tries on a link that keeps failing.
var DefaultLoopTimes = LoopTimes{Every: time.Minute, Poll: 5 * time.Second, MaxWait: 15 * time.Minute, Longpoll: 50 * time.Second}

// Backoff is the pause after failures failed attempts in a row: Every,
// doubled for each failure, at most MaxWait.
func (lt LoopTimes) Backoff(failures int) time.Duration {
	d := lt.Every
	for i := 0; i < failures && d < lt.MaxWait; i++ {
		d *= 2
	}
	return min(d, max(lt.MaxWait, lt.Every))
}

// Loop is one background sync loop; Stop ends it.
type Loop struct {
	kick    chan struct{}
	cancel  context.CancelFunc
	done    chan struct{}
	once    sync.Once
	failing atomic.Bool // the last attempt failed (the watcher then does not kick)
}

// StartLoop starts job at once, then again as LoopTimes says. pending
// (may be nil) reports whether changes wait to go up: they are sent at the
// next Poll unless the link is failing. report is called from the loop's
// goroutine after every attempt. watch (may be nil) is the server the loop
// watches for others' changes when lt.Longpoll is set.
func StartLoop(lt LoopTimes, job func(ctx context.Context) error, pending func() bool, report func(LoopState), watch *Watcher) *Loop {
	ctx, cancel := context.WithCancel(context.Background())
	l := &Loop{kick: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); l.run(ctx, lt, job, pending, report) }()
	if watch != nil && lt.Longpoll > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); l.watch(ctx, lt, watch) }()
	}
	go func() { wg.Wait(); close(l.done) }()
	return l
}

func (l *Loop) run(ctx context.Context, lt LoopTimes, job func(ctx context.Context) error, pending func() bool, report func(LoopState)) {
	var st LoopState
	poll := time.NewTicker(max(lt.Poll, time.Millisecond))
	defer poll.Stop()
	due := time.NewTimer(0) // the first attempt at once
	defer due.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.kick:
		case <-due.C:
		case <-poll.C:
			if st.Failures > 0 || pending == nil || !pending() {
				continue
			}
		}
		err := job(ctx)
		if ctx.Err() != nil {
			return // stopped mid-attempt: nothing more to say
		}
		st.Running, st.Last, st.Idle = false, time.Now(), errors.Is(err, ErrIdle)
		switch {
		case err == nil || st.Idle:
			st.Failures, st.Err = 0, nil
		default:
			st.Failures++
			st.Err = err
		}
		l.failing.Store(st.Failures > 0)
		wait := lt.Backoff(st.Failures)
		st.Next = st.Last.Add(wait)
		due.Reset(wait)
		report(st)
	}
}

// Kick asks for an attempt now (a server just set, Sync now); a failing
// link's pause is skipped.
func (l *Loop) Kick() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// Stop ends the loop: an attempt under way is cancelled. The returned wait
// blocks until the loop's goroutine has returned (call it off the UI
// goroutine: the loop may be handing a report to it).
func (l *Loop) Stop() (wait func()) {
	l.once.Do(l.cancel)
	return func() { <-l.done }
}

// Done is closed when the loop's goroutines (the loop's and its
// watcher's) have returned.
func (l *Loop) Done() <-chan struct{} { return l.done }

// A store is replicated by one run at a time: the window's loop, Sync now
// and a locked pull may overlap otherwise.
var runs sync.Map // *storage.Store → *sync.Mutex

func exclusive(s *storage.Store) (unlock func()) {
	m, _ := runs.LoadOrStore(s, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}
