package replicate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// A loop also watches the server: a longpoll on _changes waits (up to
// LoopTimes.Longpoll) for a document after what it last saw, and when one
// comes that this desk did not write, the loop is kicked, so a desk pulls
// another's push within seconds instead of at the next minute. The
// watcher lives and dies with its loop (locking, signing out, closing stop
// both), pauses as the loop does after failures, and does not spin on a
// server that answers a longpoll at once with nothing.

// Watcher is what a loop's watcher needs from the window.
type Watcher struct {
	// Client is the client to watch with (nil: no server set yet, or none
	// known while locked).
	Client func() (*Client, error)
	// Ours says which of the documents ids this desk wrote itself (its own
	// pushes wake nobody). Nil: none.
	Ours func(ids []string) (map[string]bool, error)
	// Since is where this desk's pulls have reached, to watch from (nil,
	// or "" on a desk that never pulled: from the server's present, the
	// loop's first attempt pulling what came before).
	Since func() (string, error)
}

// Wait is one longpoll on _changes: it returns as soon as the server has
// changes after since (up to Batch of them), or with none after timeout.
// since "now" starts from the server's present. A server that does not
// end a longpoll by itself (PouchDB Server holds it until a change) is cut
// at timeout: that is no change, not an error.
func (c *Client) Wait(ctx context.Context, since string, timeout time.Duration) ([]Change, string, error) {
	if since == "" {
		since = "0"
	}
	wctx, cancel := context.WithTimeout(ctx, timeout+10*time.Second)
	defer cancel()
	q := url.Values{"feed": {"longpoll"}, "since": {since}, "limit": {fmt.Sprint(Batch)},
		"timeout": {fmt.Sprint(timeout.Milliseconds())}}
	req, err := http.NewRequestWithContext(wctx, http.MethodGet, c.db+"/_changes?"+q.Encode(), nil)
	if err != nil {
		return nil, since, err
	}
	req.Header.Set("Accept", "application/json")
	if c.user != "" {
		req.SetBasicAuth(c.user, c.password)
	}
	cut := func(err error) ([]Change, string, error) {
		if ctx.Err() == nil && errors.Is(wctx.Err(), context.DeadlineExceeded) {
			return nil, since, nil // the server held the poll past timeout: nothing new
		}
		return nil, since, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return cut(fmt.Errorf("the server cannot be reached: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return cut(fmt.Errorf("the link dropped: %w", err))
	}
	if resp.StatusCode >= 300 {
		return nil, since, &statusError{resp.StatusCode, string(data)}
	}
	var out struct {
		Results []Change        `json:"results"`
		LastSeq json.RawMessage `json:"last_seq"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, since, fmt.Errorf("the server's answer does not parse: %w", err)
	}
	next := seqString(out.LastSeq)
	if next == "" || next == "null" {
		next = since
	}
	return out.Results, next, nil
}

// watch runs beside the loop until ctx ends.
func (l *Loop) watch(ctx context.Context, lt LoopTimes, w *Watcher) {
	pause := func(d time.Duration) bool {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		}
	}
	since, failures := "", 0
	for ctx.Err() == nil {
		c, err := w.Client()
		if err != nil || c == nil {
			if !pause(lt.Every) {
				return
			}
			continue
		}
		if since == "" {
			if w.Since != nil {
				since, err = w.Since()
			}
			if since == "" || err != nil {
				since = "now"
			}
		}
		t0 := time.Now()
		changes, next, err := c.Wait(ctx, since, lt.Longpoll)
		if ctx.Err() != nil {
			return
		}
		if err == nil && len(changes) > 0 {
			var news bool
			if news, err = l.news(w, changes); news && !l.failing.Load() {
				l.Kick() // a failing link keeps the loop's pause
			}
		}
		if err != nil {
			failures++
			if !pause(lt.Backoff(failures)) {
				return
			}
			continue
		}
		failures, since = 0, next
		if len(changes) == 0 && time.Since(t0) < lt.Longpoll/2 {
			// Answered at once with nothing: the server does not hold a
			// longpoll. Ask no more often than the loop itself tries.
			if !pause(lt.Every) {
				return
			}
		}
	}
}

// news says whether changes hold a document this desk did not write.
func (l *Loop) news(w *Watcher, changes []Change) (bool, error) {
	var ids []string
	for _, ch := range changes {
		if len(ch.ID) > 0 && ch.ID[0] != '_' {
			ids = append(ids, ch.ID)
		}
	}
	if len(ids) == 0 || w.Ours == nil {
		return len(ids) > 0, nil
	}
	ours, err := w.Ours(ids)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		if !ours[id] {
			return true, nil
		}
	}
	return false, nil
}
