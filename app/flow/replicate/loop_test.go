package replicate

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	lt := LoopTimes{Every: time.Minute, Poll: time.Second, MaxWait: 15 * time.Minute}
	for _, c := range []struct {
		failures int
		want     time.Duration
	}{{0, time.Minute}, {1, 2 * time.Minute}, {2, 4 * time.Minute}, {3, 8 * time.Minute}, {4, 15 * time.Minute}, {40, 15 * time.Minute}} {
		if got := lt.Backoff(c.failures); got != c.want {
			t.Errorf("after %d failures: wait %v, want %v", c.failures, got, c.want)
		}
	}
	if got := (LoopTimes{Every: time.Hour, MaxWait: time.Minute}).Backoff(3); got != time.Hour {
		t.Errorf("a pause shorter than the interval: %v, want the interval", got)
	}
}

// The loop tries at once, again when changes wait to go up, not while the
// link is failing (until kicked), and stops mid-attempt when asked.
func TestLoop(t *testing.T) {
	lt := LoopTimes{Every: time.Hour, Poll: time.Millisecond, MaxWait: 4 * time.Hour}
	attempts := make(chan chan error)
	job := func(ctx context.Context) error {
		answer := make(chan error)
		select {
		case attempts <- answer:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case err := <-answer:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	pendingCh := make(chan bool, 1000)
	pending := func() bool {
		select {
		case p := <-pendingCh:
			return p
		default:
			return false
		}
	}
	states := make(chan LoopState, 100)
	l := StartLoop(lt, job, pending, func(s LoopState) { states <- s }, nil)
	next := func(what string) chan error {
		t.Helper()
		select {
		case a := <-attempts:
			return a
		case <-time.After(time.Minute):
			t.Fatalf("no attempt: %s", what)
			return nil
		}
	}
	last := func() LoopState {
		var s LoopState
		for {
			s = <-states
			if !s.Running {
				return s
			}
		}
	}
	next("at start") <- nil
	if s := last(); s.Failures != 0 || s.Err != nil {
		t.Fatalf("after a success: %+v", s)
	}
	pendingCh <- true
	next("with changes waiting") <- errors.New("link down")
	if s := last(); s.Failures != 1 || s.Err == nil || s.Next.Sub(s.Last) != 2*time.Hour {
		t.Fatalf("after a failure: %+v", s)
	}
	for range 50 {
		pendingCh <- true
	}
	select {
	case <-attempts:
		t.Fatal("tried again at once while the link fails")
	case <-time.After(50 * time.Millisecond):
	}
	l.Kick()
	next("kicked") <- ErrIdle
	if s := last(); s.Failures != 0 || !s.Idle {
		t.Fatalf("after an idle attempt: %+v", s)
	}
	l.Kick()
	next("kicked again") // left hanging: Stop cancels it
	l.Stop()()
	l.Stop()() // twice is harmless
}
