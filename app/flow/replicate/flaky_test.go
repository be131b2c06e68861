package replicate

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// flakyServer stands between a desk and the test server: while down it
// refuses everything; otherwise it drops every third request's connection
// (the link a rural clinic has).
type flakyServer struct {
	down  atomic.Bool
	calls atomic.Int64
	drops atomic.Int64
}

func startFlaky(t *testing.T) (*flakyServer, string) {
	target, _ := url.Parse(couchURL(t))
	proxy := httputil.NewSingleHostReverseProxy(target)
	f := &flakyServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.down.Load() || f.calls.Add(1)%3 == 0 {
			f.drops.Add(1)
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return f, srv.URL
}

// The server stopped mid-sync, then back; a link that drops requests: the
// run that meets a stopped server fails with a plain error kept for the
// status bar, the next one resumes, and the desks end equal.
func TestServerDownAndFlakyLink(t *testing.T) {
	f, base := startFlaky(t)
	db := base + strings.TrimPrefix(freshDB(t), couchURL(t))
	a, b := twoDesks(t)
	for _, name := range []string{"Akello", "Opiyo", "Atim", "Odongo", "Auma"} {
		register(t, a, name, name+"son")
	}
	syncDesk(t, a, db)
	f.down.Store(true)
	c, _ := NewClient(db, "", "", "", "")
	c.Attempts = 2
	if _, err := Run(context.Background(), b.sess, c); err == nil || !strings.Contains(err.Error(), "cannot be reached") {
		t.Fatalf("a sync with the server stopped: %v", err)
	}
	if st, _ := b.store.SyncStatus(); !strings.Contains(st.LastError, "cannot be reached") {
		t.Errorf("the status does not say the server is unreachable: %+v", st)
	}
	f.down.Store(false)
	register(t, b, "Lamwaka", "Lamwakason")
	syncDesk(t, b, db)
	syncDesk(t, a, db)
	sameStores(t, a, b)
	if f.drops.Load() == 0 {
		t.Fatal("the link never dropped a request")
	}
	if st, _ := b.store.SyncStatus(); st.LastError != "" || st.Up != 0 {
		t.Errorf("after a good run the status still says: %+v", st)
	}
}
