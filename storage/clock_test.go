package storage

import (
	"path/filepath"
	"testing"
	"time"

	"dossier/model"
)

// Issue 11, defect 4: `demo --today` a day before the real one failed with
// "the due date is in the past" because the rules read the wall clock.
// Rules take "now" from the store's clock; audit entries keep the real time.
func TestRulesUseTheStoreClockAuditTheRealTime(t *testing.T) {
	began := time.Now().Add(-time.Second)       // stamps carry the wall clock, rounded by their encoding
	today := time.Now().UTC().AddDate(0, 0, -4) // the demo's "today", days before the real one
	opts := testOptions()
	opts.Clock = func() time.Time { return today }
	opts.Demo = true
	path := filepath.Join(t.TempDir(), "demo.dossier")
	s, sess, _, err := Create(path, model.DefaultClinic("Demo", "DEM"), model.User{Username: "admin", FullName: "A"}, testPassword, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); checkFile(t, path) })
	if !s.IsDemo() {
		t.Fatal("a store created as a demo is not marked")
	}
	p := samplePatient("Amina", "Nakato")
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	if !p.Registered.Equal(today) {
		t.Errorf("registered %s, want the store's today %s", p.Registered, today)
	}
	clerk := addUser(t, sess, "clerk1", model.RoleClerk)
	// Due tomorrow by the store's clock: three days ago by the wall clock.
	if _, err := clerk.ChartFiles().CheckOut(p.ID, "Ward 3", model.DateOf(today.AddDate(0, 0, 1)), "ward round"); err != nil {
		t.Fatalf("record the chart movement on the store's clock: %v", err)
	}
	entries, err := sess.Admin().Audit(model.AuditFilter{}, 5)
	if err != nil || len(entries) == 0 {
		t.Fatal(err)
	}
	// The store's clock runs three days behind: a stamp from it would be
	// before the test began.
	for _, e := range entries {
		if e.Time.Before(began) || e.Time.After(time.Now()) {
			t.Errorf("audit entry %d at %s, not the real time", e.Seq, e.Time)
		}
	}
	_, rev, err := sess.Patients().Get(p.ID)
	if err != nil || rev.Time.Before(began) || rev.Time.After(time.Now()) {
		t.Errorf("revision stamped %s (%v), not the real time", rev.Time, err)
	}

	_, plain, _ := newTestStore(t)
	if plain.Store().IsDemo() {
		t.Fatal("a clinic store reads as a demo")
	}
}
