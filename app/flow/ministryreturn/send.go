package ministryreturn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"dossier/model"
	md "dossier/model/dhis2"
	rd "dossier/reports/dhis2"
	"dossier/storage"
)

// maxAnswer bounds the server's answer read.
const maxAnswer = 4 << 20

// Sent is the outcome of sending: the dry run's summary and the import's.
type Sent struct {
	DryRun md.ImportSummary
	Import *md.ImportSummary // nil when the dry run refused the return
	Kept   md.Kept           // the return as kept (the import, else the dry run)
}

// Send posts the return to the ministry's server as dataValueSet JSON:
// first with dryRun=true, and only if the server would take it, for real.
// Both answers are kept with the return. client nil means a client with a
// one-minute timeout.
func Send(ctx context.Context, sess *storage.Session, p Prepared, client *http.Client) (Sent, error) {
	srv, err := sess.Returns().Server()
	if err != nil {
		return Sent{}, err
	}
	if !srv.Set() {
		return Sent{}, model.Errorf(model.NotFound, "no ministry's server is set: an administrator sets its address and the facility's user name and password, or save the return to a file")
	}
	body, err := rd.DataValueSetJSON(p.Return(time.Now()))
	if err != nil {
		return Sent{}, err
	}
	if err := sess.Outputs().RecordExport(model.KindReturn, model.ZeroID,
		"ministry's return "+p.Month.String()+" sent to "+srv.URL); err != nil {
		return Sent{}, err
	}
	if client == nil {
		client = &http.Client{Timeout: time.Minute}
	}
	keep := func(action md.Action, ans *md.ImportSummary, failure error) (md.Kept, error) {
		k := p.kept(action)
		k.Server, k.Answer = srv.URL, ans
		if failure != nil {
			k.Failure = failure.Error()
		}
		return sess.Returns().Keep(k)
	}
	var out Sent
	dry, err := post(ctx, client, srv, body, true)
	if err != nil {
		out.Kept, _ = keep(md.ActDryRun, nil, err)
		return out, err
	}
	dry.DryRun = true
	out.DryRun = dry
	if dry.Status == md.StatusError {
		out.Kept, err = keep(md.ActDryRun, &dry, nil)
		if err != nil {
			return out, err
		}
		return out, model.Errorf(model.Conflict, "the server would refuse this return (dry run: %s): nothing was imported", describe(dry))
	}
	imp, err := post(ctx, client, srv, body, false)
	if err != nil {
		out.Kept, _ = keep(md.ActSent, nil, err)
		return out, err
	}
	out.Import = &imp
	out.Kept, err = keep(md.ActSent, &imp, nil)
	return out, err
}

// post sends the dataValueSet once and reads the import summary.
func post(ctx context.Context, client *http.Client, srv md.Server, body []byte, dryRun bool) (md.ImportSummary, error) {
	q := url.Values{}
	q.Set("dryRun", fmt.Sprint(dryRun))
	q.Set("importStrategy", "CREATE_AND_UPDATE")
	q.Set("idScheme", "UID")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.Endpoint()+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return md.ImportSummary{}, model.Errorf(model.Invalid, "the server address %s cannot be used: %v", srv.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(srv.Username, srv.Password)
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return md.ImportSummary{}, model.Errorf(model.Unavailable, "sending was cancelled")
		}
		return md.ImportSummary{}, model.Errorf(model.Unavailable, "could not reach %s: is the laptop online? (%v)", srv.URL, shortNetErr(err))
	}
	defer resp.Body.Close()
	ans, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return md.ImportSummary{}, model.Errorf(model.Denied, "the server refused the user name or password (HTTP %d): an administrator checks them", resp.StatusCode)
	case resp.StatusCode == http.StatusNotFound:
		return md.ImportSummary{}, model.Errorf(model.Unavailable, "the server has no %s: is the address right?", srv.Endpoint())
	}
	// DHIS2 answers 200, or 409 with the summary when values conflict.
	s, perr := rd.ParseImportSummary(ans)
	if perr != nil {
		if resp.StatusCode >= 300 {
			return md.ImportSummary{}, model.Errorf(model.Unavailable, "the server answered HTTP %d: %s", resp.StatusCode, perr)
		}
		return md.ImportSummary{}, perr
	}
	return s, nil
}

func shortNetErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}

// describe says a summary in one line.
func describe(s md.ImportSummary) string {
	line := fmt.Sprintf("%s, %d imported, %d updated, %d ignored", s.Status, s.Imported, s.Updated, s.Ignored)
	if len(s.Conflicts) > 0 {
		line += fmt.Sprintf(", %d conflicts (first: %s: %s)", len(s.Conflicts), s.Conflicts[0].Object, s.Conflicts[0].Value)
	}
	return line
}

// Describe is the summary in one line, for screens and the command line.
func Describe(s md.ImportSummary) string { return describe(s) }
