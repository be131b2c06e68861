package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/assets/codes"
	"dossier/model"
	"dossier/model/coding"
	"dossier/model/demo"
	"dossier/storage"
)

func init() { demoOptions = storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true} }

// Issue 11, defect 4: `dossier demo` wrote synthetic patients into the real
// clinic, and `--today` a day before the real one failed on a due date.
func TestDemoGoesOnlyIntoADemoStore(t *testing.T) {
	clinic := testStore(t)
	_, errs, code := runCLI(t, testPassword, "--db", clinic, "demo", "--patients", "5")
	if code == 0 || !strings.Contains(errs, "not a demo store") {
		t.Fatalf("demo into a clinic store: %d %q", code, errs)
	}
	s, err := storage.Open(clinic, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := sess.Patients().List(true); len(list) != 2 {
		t.Errorf("the clinic store has %d patients after a refused demo, want 2", len(list))
	}
	s.Close()

	demoDB := filepath.Join(t.TempDir(), "demo.dossier")
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	out, errs, code := runCLI(t, testPassword, "--db", demoDB, "demo", "--patients", "20", "--today", yesterday)
	if code != 0 {
		t.Fatalf("demo --today %s: %q %q", yesterday, out, errs)
	}
	s, err = storage.Open(demoDB, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.IsDemo() {
		t.Fatal("the demo store is not marked as a demo")
	}
	sess, err = s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := sess.Admin().Audit(model.AuditFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if d := time.Since(e.Time); d < 0 || d > 10*time.Minute {
			t.Fatalf("audit entry %d (%s) at %s: not the real time", e.Seq, e.Action, e.Time)
		}
	}
}

// Without --db, demo writes to dossier-demo.dossier in the data folder,
// never to the clinic store.
func TestDemoDefaultIsNotTheClinicStore(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	clinic, err := storage.DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	demo, err := storage.DefaultDemoPath()
	if err != nil || demo == clinic || filepath.Dir(demo) != filepath.Dir(clinic) {
		t.Fatalf("demo default %q, clinic %q (%v)", demo, clinic, err)
	}
	if out, errs, code := runCLI(t, testPassword, "demo", "--patients", "3"); code != 0 {
		t.Fatalf("demo: %q %q", out, errs)
	}
	if storage.Exists(clinic) || !storage.Exists(demo) {
		t.Fatalf("demo without --db: clinic store exists %v, demo store exists %v", storage.Exists(clinic), storage.Exists(demo))
	}
}

// The demo's coder gives only codes of the shipped sets, titled as there,
// so its coded encounters read like a coder's work.
func TestDemoCodesInShippedSets(t *testing.T) {
	cm, err := codes.CM()
	if err != nil {
		t.Fatal(err)
	}
	pcs, err := codes.PCS()
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]*coding.Set{"ICD-10-CM": cm, "ICD-10-PCS": pcs}
	n := 0
	demo.Codes(func(system, code, title string) {
		n++
		c, ok := sets[system].Lookup(code)
		switch {
		case !ok:
			t.Errorf("%s %s is not in the shipped set", system, code)
		case !c.Billable:
			t.Errorf("%s %s is a heading, not a code to give", system, code)
		case c.Title != title:
			t.Errorf("%s %s: demo title %q, the set says %q", system, code, title, c.Title)
		}
	})
	if n < 50 {
		t.Errorf("only %d demo codes", n)
	}
}
