// Package replicate replicates a desk's store through a CouchDB-protocol
// server (Apache CouchDB 3, PouchDB Server) as the protocol documents it:
// _changes with since, _revs_diff, _bulk_docs with new_edits:false,
// _bulk_get, and checkpoints in _local documents. What travels is built and
// verified by storage (replicadocs.go, replicaapply.go): the server only
// ever holds sealed documents.
package replicate

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"dossier/model"
	"dossier/storage"
)

// Client speaks to one database on a CouchDB-protocol server.
type Client struct {
	db       string // the database URL, without credentials
	user     string
	password string
	http     *http.Client
	// Attempts is how many times a request is tried over a flaky link.
	Attempts int
}

// NewClient connects to the database at dbURL (http(s)://host:port/db).
// caFile, when set, is the PEM file of the CA the server's certificate
// chains to; proxy, when set, is an HTTP proxy URL.
func NewClient(dbURL, user, password, caFile, proxy string) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(dbURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return nil, model.Errorf(model.Invalid, "the server address must look like https://server:6984/clinicdb")
	}
	if u.User != nil {
		if user == "" {
			user = u.User.Username()
		}
		if p, ok := u.User.Password(); ok && password == "" {
			password = p
		}
		u.User = nil
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("read the CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, model.Errorf(model.Invalid, "%s holds no PEM certificate", caFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	if proxy != "" {
		pu, err := url.Parse(proxy)
		if err != nil {
			return nil, model.Errorf(model.Invalid, "the proxy address does not parse")
		}
		tr.Proxy = http.ProxyURL(pu)
	}
	return &Client{db: u.String(), user: user, password: password, Attempts: 4,
		http: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}, nil
}

// statusError is a server's answer that is not a success.
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string {
	switch e.code {
	case 401, 403:
		return "the server refused this desk's user and password"
	case 404:
		return "the server has no such database"
	}
	return fmt.Sprintf("the server answered %d: %s", e.code, strings.TrimSpace(e.body))
}

// do sends one request, trying again (with a growing pause) when the link
// drops or the server answers 5xx; a 4xx is final.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	var last error
	for attempt := 0; attempt < max(1, c.Attempts); attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 200 * time.Millisecond):
			}
		}
		req, err := http.NewRequestWithContext(ctx, method, c.db+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		if c.user != "" {
			req.SetBasicAuth(c.user, c.password)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			last = fmt.Errorf("the server cannot be reached: %w", err)
			continue
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			last = fmt.Errorf("the link dropped: %w", err)
			continue
		}
		if resp.StatusCode >= 500 {
			last = &statusError{resp.StatusCode, string(data)}
			continue
		}
		if resp.StatusCode >= 300 {
			return &statusError{resp.StatusCode, string(data)}
		}
		if out != nil {
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("the server's answer does not parse: %w", err)
			}
		}
		return nil
	}
	return last
}

// EnsureDB creates the database when it does not exist (a server user
// without that right gets the plain refusal).
func (c *Client) EnsureDB(ctx context.Context) error {
	err := c.do(ctx, http.MethodGet, "", nil, nil)
	var se *statusError
	if errors.As(err, &se) && se.code == 404 {
		err = c.do(ctx, http.MethodPut, "", nil, nil)
		if errors.As(err, &se) && se.code == 412 {
			return nil
		}
	}
	return err
}

// Change is one row of _changes.
type Change struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
	Changes []struct {
		Rev string `json:"rev"`
	} `json:"changes"`
}

// Changes reads up to limit changes after since ("" or "0": from the
// start) and returns them with the sequence to continue from.
func (c *Client) Changes(ctx context.Context, since string, limit int) ([]Change, string, error) {
	if since == "" {
		since = "0"
	}
	var out struct {
		Results []Change        `json:"results"`
		LastSeq json.RawMessage `json:"last_seq"`
	}
	q := url.Values{"since": {since}, "limit": {fmt.Sprint(limit)}}
	if err := c.do(ctx, http.MethodGet, "/_changes?"+q.Encode(), nil, &out); err != nil {
		return nil, "", err
	}
	return out.Results, seqString(out.LastSeq), nil
}

// seqString turns a sequence (a number on PouchDB, a string on CouchDB)
// into what since takes.
func seqString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// RevsDiff asks which of the revisions the server lacks.
func (c *Client) RevsDiff(ctx context.Context, revs map[string][]string) (map[string]bool, error) {
	var out map[string]struct {
		Missing []string `json:"missing"`
	}
	if err := c.do(ctx, http.MethodPost, "/_revs_diff", revs, &out); err != nil {
		return nil, err
	}
	missing := map[string]bool{}
	for id, m := range out {
		if len(m.Missing) > 0 {
			missing[id] = true
		}
	}
	return missing, nil
}

type bulkResult struct {
	ID     string `json:"id"`
	Error  string `json:"error"`
	Reason string `json:"reason"`
}

// BulkDocs writes documents. With newEdits false the server keeps the
// revisions given (replication); with true each doc's _rev is the one it
// replaces (a document re-pushed on top of its deletion).
func (c *Client) BulkDocs(ctx context.Context, docs []storage.SyncDoc, newEdits bool) error {
	var res []bulkResult
	if err := c.do(ctx, http.MethodPost, "/_bulk_docs", map[string]any{"docs": docs, "new_edits": newEdits}, &res); err != nil {
		return err
	}
	for _, r := range res {
		if r.Error != "" {
			return fmt.Errorf("the server refused document %s: %s %s", r.ID, r.Error, r.Reason)
		}
	}
	return nil
}

// BulkGet fetches the current revision of each document.
func (c *Client) BulkGet(ctx context.Context, ids []string) ([]storage.SyncDoc, error) {
	type ref struct {
		ID string `json:"id"`
	}
	req := struct {
		Docs []ref `json:"docs"`
	}{}
	for _, id := range ids {
		req.Docs = append(req.Docs, ref{id})
	}
	var out struct {
		Results []struct {
			ID   string `json:"id"`
			Docs []struct {
				OK    *storage.SyncDoc `json:"ok"`
				Error *struct {
					Error string `json:"error"`
				} `json:"error"`
			} `json:"docs"`
		} `json:"results"`
	}
	if err := c.do(ctx, http.MethodPost, "/_bulk_get", req, &out); err != nil {
		return nil, err
	}
	var docs []storage.SyncDoc
	for _, r := range out.Results {
		for _, d := range r.Docs {
			if d.OK != nil {
				docs = append(docs, *d.OK)
			}
		}
	}
	return docs, nil
}

// checkpoint is the _local document a desk keeps on the server.
// It records how far the desk had gone (storage.SyncCounters): a store
// found behind it was restored from a backup.
type checkpoint struct {
	ID  string `json:"_id"`
	Rev string `json:"_rev,omitempty"`
	storage.SyncCounters
	Since   string `json:"since"`
	Updated string `json:"updated"`
}

// PutCheckpoint writes the desk's _local checkpoint document.
func (c *Client) PutCheckpoint(ctx context.Context, device string, at storage.SyncCounters, since string) error {
	id := "_local/dossier-" + device
	var cur checkpoint
	err := c.do(ctx, http.MethodGet, "/"+id, nil, &cur)
	var se *statusError
	if err != nil && !(errors.As(err, &se) && se.code == 404) {
		return err
	}
	cp := checkpoint{ID: id, Rev: cur.Rev, SyncCounters: at, Since: since, Updated: time.Now().UTC().Format(time.RFC3339)}
	return c.do(ctx, http.MethodPut, "/"+id, cp, nil)
}

// Checkpoint reads the desk's _local checkpoint (zero when none).
func (c *Client) Checkpoint(ctx context.Context, device string) (at storage.SyncCounters, since string, err error) {
	var cur checkpoint
	err = c.do(ctx, http.MethodGet, "/_local/dossier-"+device, nil, &cur)
	var se *statusError
	if errors.As(err, &se) && se.code == 404 {
		return storage.SyncCounters{}, "", nil
	}
	return cur.SyncCounters, cur.Since, err
}
