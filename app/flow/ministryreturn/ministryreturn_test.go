package ministryreturn

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/model"
	md "dossier/model/dhis2"
	"dossier/model/stats"
	"dossier/storage"
)

const pw = "a long password"

const definition = `{"name": "Test HMIS", "dataSet": "QX4ZTUbOt3a", "orgUnit": "DiszpKrYNg8",
 "rows": [
  {"label": "OPD new, under 5, female", "dataElement": "f7n9E0hX8qk", "categoryOptionCombo": "Prlt0C1RF0s", "figure": "opd.new", "sexes": ["F"], "ages": ["<1", "1-4"]},
  {"label": "Admissions", "dataElement": "eY5ehpbEsB7", "figure": "ip.admissions"},
  {"label": "Maternal deaths", "dataElement": "aUAkb9aCCCk", "figure": "mat.maternal_deaths"}
 ]}`

// setup makes a store whose administrator imported the definition and set
// srvURL (if any), and returns a supervisor's session.
func setup(t *testing.T, srvURL string) *storage.Session {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d, err := md.ParseDefinition(strings.NewReader(definition))
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Returns().SetDefinition(d, "test.json"); err != nil {
		t.Fatal(err)
	}
	if srvURL != "" {
		if err := admin.Returns().SetServer(md.Server{URL: srvURL, Username: "fac01", Password: "s3cret"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := admin.Admin().CreateUser(model.User{Username: "super1", FullName: "Sam", Role: model.RoleSupervisor}, pw); err != nil {
		t.Fatal(err)
	}
	sess, err := s.SignIn("super1", pw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Lock("sign-out") })
	return sess
}

func figures(admissions float64) FigureSource {
	return func(p stats.Period) (stats.Figures, error) {
		if p.From.Month() != time.November || p.Days() != 30 {
			return nil, errors.New("asked for the wrong period")
		}
		return stats.Figures{
			{Figure: stats.FigOPDNew, Sex: "F", Age: "<1"}:  4,
			{Figure: stats.FigOPDNew, Sex: "F", Age: "1-4"}: 9,
			{Figure: stats.FigAdmissions}:                   admissions,
		}, nil
	}
}

var nov = md.Month{Year: 2026, Month: time.November}

// fakeDHIS2 is a local server that checks each request as DHIS2 would
// receive it and answers with an import summary.
type fakeDHIS2 struct {
	t        *testing.T
	mu       sync.Mutex
	dryRuns  int
	imports  int
	dryError bool // the dry run reports an error
	imported map[string]string
}

func (f *fakeDHIS2) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.t
	if r.Method != http.MethodPost || r.URL.Path != "/dhis/api/dataValueSets" {
		t.Errorf("request %s %s", r.Method, r.URL.Path)
	}
	if u, p, ok := r.BasicAuth(); !ok || u != "fac01" || p != "s3cret" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	q := r.URL.Query()
	if q.Get("importStrategy") != "CREATE_AND_UPDATE" || q.Get("idScheme") != "UID" {
		t.Errorf("query %v", q)
	}
	var set struct {
		DataSet, Period, OrgUnit string
		DataValues               []struct{ DataElement, CategoryOptionCombo, Value string }
	}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &set); err != nil {
		t.Errorf("body is not JSON: %v", err)
	}
	if set.DataSet != "QX4ZTUbOt3a" || set.Period != "202611" || set.OrgUnit != "DiszpKrYNg8" || len(set.DataValues) != 2 {
		t.Errorf("data value set %+v", set)
	}
	w.Header().Set("Content-Type", "application/json")
	switch q.Get("dryRun") {
	case "true":
		f.dryRuns++
		if f.dryError {
			w.WriteHeader(http.StatusConflict)
			io.WriteString(w, `{"httpStatus":"Conflict","status":"ERROR","response":{"responseType":"ImportSummary","status":"ERROR","importCount":{"imported":0,"updated":0,"ignored":2,"deleted":0},"conflicts":[{"object":"DiszpKrYNg8","value":"Org unit not in hierarchy of current user"}]}}`)
			return
		}
	case "false":
		if f.dryRuns == 0 {
			t.Error("imported without a dry run first")
		}
		f.imports++
		for _, v := range set.DataValues {
			f.imported[v.DataElement+"."+v.CategoryOptionCombo] = v.Value
		}
	default:
		t.Errorf("dryRun %q", q.Get("dryRun"))
	}
	io.WriteString(w, `{"httpStatus":"OK","status":"OK","response":{"responseType":"ImportSummary","status":"SUCCESS","description":"Import process completed successfully","importCount":{"imported":2,"updated":0,"ignored":0,"deleted":0},"conflicts":[]}}`)
}

func TestSendDryRunThenImportAndKeep(t *testing.T) {
	fake := &fakeDHIS2{t: t, imported: map[string]string{}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	sess := setup(t, srv.URL+"/dhis")

	p, err := Prepare(sess, figures(41), nov, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Values) != 2 || p.Values[0].Value != 13 || len(p.Missing) != 1 || p.Missing[0].Label != "Maternal deaths" || p.LastSent != nil {
		t.Fatalf("prepared %+v", p)
	}
	out, err := Send(context.Background(), sess, p, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	if fake.dryRuns != 1 || fake.imports != 1 || fake.imported["f7n9E0hX8qk.Prlt0C1RF0s"] != "13" || fake.imported["eY5ehpbEsB7."] != "41" {
		t.Fatalf("server saw %d dry runs, %d imports, %v", fake.dryRuns, fake.imports, fake.imported)
	}
	if !out.DryRun.DryRun || out.Import == nil || out.Import.Imported != 2 || !out.Kept.Accepted() || out.Kept.By != "super1" {
		t.Fatalf("sent %+v", out)
	}

	// Prepared again after a late admission was recorded: the change shows.
	p2, err := Prepare(sess, figures(42), nov, "")
	if err != nil {
		t.Fatal(err)
	}
	if p2.LastSent == nil || p2.LastSent.ID != out.Kept.ID || len(p2.Changes) != 1 ||
		p2.Changes[0].Label != "Admissions" || p2.Changes[0].Was != 41 || p2.Changes[0].Now != 42 {
		t.Fatalf("changes since sent %+v", p2.Changes)
	}
}

func TestSendStopsWhenTheDryRunRefuses(t *testing.T) {
	fake := &fakeDHIS2{t: t, imported: map[string]string{}, dryError: true}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	sess := setup(t, srv.URL+"/dhis")
	p, err := Prepare(sess, figures(41), nov, "")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Send(context.Background(), sess, p, srv.Client())
	if !errors.Is(err, model.Errorf(model.Conflict, "")) || !strings.Contains(err.Error(), "Org unit not in hierarchy") {
		t.Fatalf("error %v", err)
	}
	if fake.imports != 0 || out.Import != nil || out.Kept.Action != md.ActDryRun || out.Kept.Answer == nil || out.Kept.Answer.Ignored != 2 {
		t.Fatalf("imports %d, out %+v", fake.imports, out)
	}
	if _, ok, _ := sess.Returns().LastSent("2026-11"); ok {
		t.Fatal("a refused dry run counted as sent")
	}
}

func TestSendWrongPasswordAndNoServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) }))
	defer srv.Close()
	sess := setup(t, srv.URL)
	p, err := Prepare(sess, figures(1), nov, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Send(context.Background(), sess, p, srv.Client()); !errors.Is(err, model.Errorf(model.Denied, "")) {
		t.Fatalf("error %v", err)
	}
	ks, _ := sess.Returns().Kept("2026-11")
	if len(ks) != 1 || ks[0].Failure == "" {
		t.Fatalf("the failed attempt was not kept: %+v", ks)
	}
	none := setup(t, "")
	p, _ = Prepare(none, figures(1), nov, "")
	if _, err := Send(context.Background(), none, p, nil); !errors.Is(err, model.Errorf(model.NotFound, "")) {
		t.Fatalf("sent without a server: %v", err)
	}
}

func TestSaveFileKeepsTheReturn(t *testing.T) {
	sess := setup(t, "")
	p, err := Prepare(sess, figures(41), nov, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, adx := range []bool{false, true} {
		path := filepath.Join(dir, "return"+map[bool]string{false: ".json", true: ".adx.xml"}[adx])
		k, err := SaveFile(sess, p, adx, path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || (adx && !strings.Contains(string(b), `period="2026-11-01/P1M"`)) || (!adx && !strings.Contains(string(b), `"period": "202611"`)) {
			t.Fatalf("file %s: %s %v", path, b, err)
		}
		if k.File != path || k.Period != "2026-11" {
			t.Fatalf("kept %+v", k)
		}
	}
	ks, err := sess.Returns().Kept("2026-11")
	if err != nil || len(ks) != 2 {
		t.Fatalf("kept %d %v", len(ks), err)
	}
}

func TestPrepareWithoutDefinition(t *testing.T) {
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Prepare(admin, figures(1), nov, ""); !errors.Is(err, model.Errorf(model.NotFound, "")) {
		t.Fatalf("prepared without a definition: %v", err)
	}
}
