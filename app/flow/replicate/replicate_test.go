package replicate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
	"dossier/storage/vault"
)

const password = "correct horse battery"

var dbCounter atomic.Int64

// couchURL is the test server .ci/test starts; the tests fail without one.
func couchURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DOSSIER_TEST_COUCH_URL")
	if u == "" {
		t.Fatal("DOSSIER_TEST_COUCH_URL is not set: start PouchDB Server (.ci/test does) and export its URL")
	}
	return strings.TrimRight(u, "/")
}

// freshDB names a new database on the test server.
func freshDB(t testing.TB) string {
	return fmt.Sprintf("%s/dossier-test-%d-%d", couchURL(t), time.Now().UnixNano(), dbCounter.Add(1))
}

type desk struct {
	store *storage.Store
	sess  *storage.Session
	path  string
}

func opts() storage.Options { return storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true} }

// twoDesks makes the clinic's first desk and a second one joined from an
// enrolment file.
func twoDesks(t testing.TB) (*desk, *desk) {
	t.Helper()
	dir := t.TempDir()
	a := &desk{path: filepath.Join(dir, "a.dossier")}
	var err error
	a.store, a.sess, _, err = storage.Create(a.path, model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada Admin"}, password, opts())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.sess.Admin().CreateUser(model.User{Username: "sup", FullName: "Sam Supervisor", Role: model.RoleSupervisor}, password); err != nil {
		t.Fatal(err)
	}
	file, _, err := a.sess.Sync().Enrol("a long enrolment passphrase", vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	b := &desk{path: filepath.Join(dir, "b.dossier")}
	if b.store, err = storage.Join(b.path, file, "a long enrolment passphrase", opts()); err != nil {
		t.Fatalf("join: %v", err)
	}
	if b.sess, err = b.store.SignIn("admin", password); err != nil {
		t.Fatalf("sign in on the joined desk: %v", err)
	}
	t.Cleanup(func() {
		for _, d := range []*desk{a, b} {
			if d.store != nil {
				d.store.Close()
			}
		}
		for _, d := range []*desk{a, b} {
			checkStore(t, d.path)
		}
	})
	return a, b
}

// checkStore reopens a store and runs the full verification: bbolt's
// tx.Check, every revision's audit commitment, the audit chain.
func checkStore(t testing.TB, path string) {
	t.Helper()
	s, err := storage.Open(path, opts())
	if err != nil {
		t.Errorf("reopen %s: %v", path, err)
		return
	}
	defer s.Close()
	sess, err := s.SignIn("admin", password)
	if err != nil {
		t.Errorf("sign in %s: %v", path, err)
		return
	}
	rep, err := sess.Admin().VerifyStore(context.Background(), nil)
	if err != nil {
		t.Errorf("verify %s: %v", path, err)
		return
	}
	for _, p := range rep.Problems {
		t.Errorf("verify %s: %s", filepath.Base(path), p)
	}
}

func syncDesk(t testing.TB, d *desk, db string) Result {
	t.Helper()
	c, err := NewClient(db, "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), d.sess, c)
	if err != nil {
		t.Fatalf("sync %s: %v", filepath.Base(d.path), err)
	}
	return res
}

func register(t testing.TB, d *desk, given, family string) model.Patient {
	t.Helper()
	p := model.Patient{GivenName: given, FamilyName: family, Sex: model.SexFemale,
		BirthDate: model.Date{Year: 1971, Month: 4, Day: 23}, Phone: "+256 772 000111", NationalID: "CM71000" + strings.ToUpper(given[:2])}
	if err := d.sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

func edit(t testing.TB, d *desk, id model.ID, change func(*model.Patient)) {
	t.Helper()
	p, rev, err := d.sess.Patients().Get(id)
	if err != nil {
		t.Fatal(err)
	}
	change(&p)
	if err := d.sess.Patients().Update(p, rev.Rev, "corrected at the desk"); err != nil {
		t.Fatal(err)
	}
}

// patients reads every patient of a desk as JSON by ID.
func patients(t testing.TB, d *desk) map[model.ID]string {
	t.Helper()
	list, err := d.sess.Patients().List(true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[model.ID]string{}
	for _, s := range list {
		p, rev, err := d.sess.Patients().Get(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(p)
		out[s.ID] = fmt.Sprintf("%s deleted=%v", b, rev.Deleted)
	}
	return out
}

func sameStores(t testing.TB, a, b *desk) {
	t.Helper()
	pa, pb := patients(t, a), patients(t, b)
	if len(pa) != len(pb) {
		t.Errorf("desk A holds %d patients, desk B %d", len(pa), len(pb))
	}
	for id, ja := range pa {
		if jb := pb[id]; ja != jb {
			t.Errorf("patient %s differs:\n A %s\n B %s", id, ja, jb)
		}
	}
}

func TestTwoDesksOfflineConverge(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	shared := register(t, a, "Grace", "Akello")
	other := register(t, a, "Okot", "Opiyo")
	syncDesk(t, a, db)
	syncDesk(t, b, db)
	// Offline on both desks: new patients, the same patient's different
	// fields, and one field both desks changed.
	pa := register(t, a, "Lamwaka", "Atim")
	pb := register(t, b, "Ochieng", "Odongo")
	if pa.MRN == pb.MRN {
		t.Fatalf("two desks issued the same MRN %s", pa.MRN)
	}
	if _, err := model.CheckMRN(pb.MRN); err != nil {
		t.Fatalf("desk B's MRN %s: %v", pb.MRN, err)
	}
	edit(t, a, shared.ID, func(p *model.Patient) { p.Phone = "+256 700 555000" })
	edit(t, b, shared.ID, func(p *model.Patient) { p.NextOfKin = "teacher Ayo" })
	edit(t, a, other.ID, func(p *model.Patient) { p.FamilyName = "Opiyo-Ayo" })
	edit(t, b, other.ID, func(p *model.Patient) { p.FamilyName = "Opio" })
	for i := 0; i < 2; i++ {
		syncDesk(t, a, db)
		syncDesk(t, b, db)
	}
	sameStores(t, a, b)
	got, _, _ := a.sess.Patients().Get(shared.ID)
	if got.Phone != "+256 700 555000" || got.NextOfKin != "teacher Ayo" {
		t.Errorf("different fields did not merge: phone %q occupation %q", got.Phone, got.NextOfKin)
	}
	supA, supB := supervisor(t, a), supervisor(t, b)
	for _, sup := range []*storage.Session{supA, supB} {
		cs, err := sup.Sync().Conflicts()
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].ID != other.ID || len(cs[0].Fields) != 1 || cs[0].Fields[0].Field != "family" {
			t.Fatalf("%s: conflicts %+v, want one on the family name", filepath.Base(sup.Store().Path()), cs)
		}
	}
	// A supervisor's choice on desk B settles it on both desks.
	cs, _ := supB.Sync().Conflicts()
	pick := "a"
	if strings.Contains(string(cs[0].Fields[0].B), "Opiyo-Ayo") {
		pick = "b"
	}
	if err := supB.Sync().Resolve(model.KindPatient, other.ID, map[string]string{cs[0].Fields[0].Field: pick}); err != nil {
		t.Fatal(err)
	}
	syncDesk(t, b, db)
	syncDesk(t, a, db)
	sameStores(t, a, b)
	for _, sup := range []*storage.Session{supA, supB} {
		if cs, _ := sup.Sync().Conflicts(); len(cs) != 0 {
			t.Errorf("%s: %d conflicts left after the choice", filepath.Base(sup.Store().Path()), len(cs))
		}
	}
	if got, _, _ := a.sess.Patients().Get(other.ID); got.FamilyName != "Opiyo-Ayo" {
		t.Errorf("the supervisor's choice did not travel: %q", got.FamilyName)
	}
	// Each desk holds the other's audit chain, whole.
	for _, d := range []*desk{a, b} {
		chains, err := d.sess.Sync().VerifyPeerChains()
		if err != nil {
			t.Fatal(err)
		}
		if len(chains) != 1 || chains[0].Entries < 5 || len(chains[0].Problems) != 0 {
			t.Errorf("%s holds peer chains %+v, want the other desk's, whole", filepath.Base(d.path), chains)
		}
	}
	// The server holds nothing readable.
	raw := serverDump(t, db)
	for _, secret := range []string{"Akello", "Opiyo", "Lamwaka", "Odongo", pa.MRN, pb.MRN, shared.MRN, "1971-04-23", "teacher", "corrected at the desk"} {
		if strings.Contains(raw, secret) {
			t.Errorf("the server's data contains %q", secret)
		}
	}
}

// supervisor signs the supervisor in on a desk (the Conflicts queue is theirs).
func supervisor(t testing.TB, d *desk) *storage.Session {
	t.Helper()
	sess, err := d.store.SignIn("sup", password)
	if err != nil {
		t.Fatalf("sign in the supervisor: %v", err)
	}
	return sess
}

func serverDump(t testing.TB, db string) string {
	t.Helper()
	resp, err := http.Get(db + "/_all_docs?include_docs=true")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), `"rows"`) {
		t.Fatalf("the server's dump: %s", b)
	}
	return string(b)
}
