package replicate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// Desk B's loop, due again only in an hour, pulls desk A's push as soon as
// it reaches the server: its watcher's longpoll on _changes wakes it.
func TestLoopWakesOnTheServersChanges(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	syncDesk(t, a, db)
	syncDesk(t, b, db)
	c, err := NewClient(db, "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	lt := LoopTimes{Every: time.Hour, Poll: time.Hour, MaxWait: time.Hour, Longpoll: 30 * time.Second}
	pulled := make(chan Result, 100)
	job := func(ctx context.Context) error {
		res, err := Run(ctx, b.sess, c)
		if err != nil && ctx.Err() == nil {
			t.Errorf("desk B's attempt: %v", err)
		}
		pulled <- res
		return err
	}
	w := &Watcher{Client: func() (*Client, error) { return c, nil }, Ours: b.store.LockedSent, Since: b.store.LockedPullSince}
	l := StartLoop(lt, job, nil, func(LoopState) {}, w)
	defer func() { l.Stop()() }()
	deadline := time.After(2 * time.Minute) // generous: only the watcher can wake the loop within the hour
	select {
	case <-pulled: // the first attempt, at start
	case <-deadline:
		t.Fatal("no first attempt")
	}
	p := register(t, a, "Grace", "Akello")
	syncDesk(t, a, db)
	for {
		select {
		case res := <-pulled:
			if res.Applied == 0 {
				continue // an attempt that found nothing new (desk B's own audit going up)
			}
			l.Stop()()
			if _, _, err := b.sess.Patients().Get(p.ID); err != nil {
				t.Fatalf("desk B was woken but lacks desk A's patient: %v", err)
			}
			return
		case <-deadline:
			t.Fatal("desk B's loop was not woken by desk A's push")
		}
	}
}

// A watcher makes one request and then waits, on a server that answers a
// longpoll at once with nothing or with an error, or holds it: no busy
// loop, and Stop ends a held poll.
func TestWatcherDoesNotSpin(t *testing.T) {
	for _, c := range []struct {
		name   string
		answer func(w http.ResponseWriter, r *http.Request)
	}{
		{"no longpoll", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"results":[],"last_seq":0}`) }},
		{"failing", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusInternalServerError) }},
		{"refusing", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusUnauthorized) }},
		{"holding", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var polls atomic.Int64
			first := make(chan struct{}, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/db/_changes" || r.URL.Query().Get("feed") != "longpoll" {
					t.Errorf("unexpected request %s", r.URL)
					return
				}
				polls.Add(1)
				select {
				case first <- struct{}{}:
				default:
				}
				c.answer(w, r)
			}))
			defer srv.Close()
			cl, err := NewClient(srv.URL+"/db", "", "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			lt := LoopTimes{Every: time.Hour, Poll: time.Hour, MaxWait: time.Hour, Longpoll: time.Hour}
			kicked := make(chan struct{}, 100)
			job := func(context.Context) error { kicked <- struct{}{}; return nil }
			l := StartLoop(lt, job, nil, func(LoopState) {}, &Watcher{Client: func() (*Client, error) { return cl, nil }})
			<-first
			time.Sleep(300 * time.Millisecond) // a spinning watcher would poll hundreds of times meanwhile
			l.Stop()()
			if n := polls.Load(); n != 1 {
				t.Errorf("%d polls, want 1", n)
			}
			if n := len(kicked); n != 1 {
				t.Errorf("%d attempts, want the first only", n)
			}
		})
	}
}
