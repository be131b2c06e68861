package replicate

import (
	"context"
	"os"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage"
)

// copyFile copies a closed store (a backup kept by hand, or restored).
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// reopen closes a desk's store, lets change act on its file, and opens it
// again signed in as the administrator.
func reopen(t *testing.T, d *desk, change func()) {
	t.Helper()
	d.store.Close()
	change()
	var err error
	if d.store, err = storage.Open(d.path, opts()); err != nil {
		t.Fatal(err)
	}
	if d.sess, err = d.store.SignIn("admin", password); err != nil {
		t.Fatal(err)
	}
}

// A desk restored from a backup taken before it pushed more is behind its
// server checkpoint: without care its next revisions would take the
// identities of documents it already pushed (desk B would never see them).
// It rejoins as a new chain segment (an administrator's act, audited), the
// work it lost comes back from the server, and both desks converge with
// every audit chain whole.
func TestRestoredDeskRejoinsAsNewSegment(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	first := register(t, a, "Grace", "Akello")
	syncDesk(t, a, db)
	syncDesk(t, b, db)
	backup := a.path + ".backup"
	reopen(t, a, func() { copyFile(t, a.path, backup) })
	oldDev := a.store.Device()

	// After the backup: more work, pushed.
	lost := register(t, a, "Mary", "Atim")
	edit(t, a, first.ID, func(p *model.Patient) { p.Phone = "+256 700 000001" })
	syncDesk(t, a, db)
	syncDesk(t, b, db)

	// The laptop dies; the backup is restored, and work goes on offline.
	reopen(t, a, func() { copyFile(t, backup, a.path) })
	if _, _, err := a.sess.Patients().Get(lost.ID); err == nil {
		t.Fatal("the restored store holds what was written after the backup")
	}
	after := register(t, a, "Ruth", "Apio")

	// A supervisor's sync is refused in plain words; nothing goes up.
	sup := supervisor(t, a)
	c, _ := NewClient(db, "", "", "", "")
	if _, err := Run(context.Background(), sup, c); err == nil || !strings.Contains(err.Error(), "restored from a backup") {
		t.Fatalf("a supervisor's sync of a restored desk: %v", err)
	}
	if a.store.Device() != oldDev {
		t.Fatal("the desk rejoined without an administrator")
	}

	res := syncDesk(t, a, db)
	if res.Rejoined == "" || a.store.Device() == oldDev || res.Rejoined != a.store.Device() {
		t.Fatalf("the restored desk did not rejoin as a new segment: %+v (device %s, was %s)", res, a.store.Device(), oldDev)
	}
	if again := syncDesk(t, a, db); again.Rejoined != "" {
		t.Fatal("rejoined twice")
	}
	syncDesk(t, b, db)
	syncDesk(t, a, db)
	for _, d := range []*desk{a, b} {
		for _, id := range []model.ID{first.ID, lost.ID, after.ID} {
			if _, _, err := d.sess.Patients().Get(id); err != nil {
				t.Errorf("%s lacks patient %s: %v", d.path, id, err)
			}
		}
		if q := d.store.Quarantined(); len(q) > 0 {
			t.Errorf("%s set aside: %v", d.path, q)
		}
	}
	sameStores(t, a, b)
	if p, _, _ := a.sess.Patients().Get(first.ID); p.Phone != "+256 700 000001" {
		t.Errorf("the edit lost with the restore did not come back: %q", p.Phone)
	}

	// Audited, flagged, on the desk; its peer reads the new segment as
	// continuing the old chain, with nothing cut.
	entries, err := a.sess.Admin().Audit(model.AuditFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || (e.Flagged && strings.Contains(e.Detail, "rejoins as a new chain segment"))
	}
	if !found {
		t.Error("no flagged audit entry for the rejoin")
	}
	chains, err := b.sess.Sync().VerifyPeerChains()
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 2 {
		t.Errorf("desk B holds %d chains of desk A, want the old and the new segment", len(chains))
	}
	for _, pc := range chains {
		if len(pc.Problems) > 0 {
			t.Errorf("desk B on desk A's chain %s: %v", pc.Device[:8], pc.Problems)
		}
	}
}

// A restored desk forgot the MRNs it issued after its backup; once it has
// rejoined and pulled them back, the next MRN it issues is beyond every
// one of them (a pulled patient in the desk's own block moves its counter,
// in the transaction that applies it).
func TestRestoredDeskNeverReissuesAnMRN(t *testing.T) {
	for _, which := range []string{"first desk", "joined desk"} {
		t.Run(which, func(t *testing.T) {
			db := freshDB(t)
			a, b := twoDesks(t)
			syncDesk(t, a, db)
			syncDesk(t, b, db)
			d := a
			if which == "joined desk" {
				d = b
			}
			backup := d.path + ".backup"
			reopen(t, d, func() { copyFile(t, d.path, backup) })
			var issued []uint64
			for _, name := range []string{"Mary", "Ruth", "Joy"} {
				n, ok := model.MRNNumber(register(t, d, name, "Atim").MRN)
				if !ok {
					t.Fatal("an MRN that does not parse")
				}
				issued = append(issued, n)
			}
			syncDesk(t, d, db)

			reopen(t, d, func() { copyFile(t, backup, d.path) })
			if res := syncDesk(t, d, db); res.Rejoined == "" {
				t.Fatalf("the restored desk did not rejoin: %+v", res)
			}
			next, ok := model.MRNNumber(register(t, d, "Alice", "Nakato").MRN)
			if !ok {
				t.Fatal("an MRN that does not parse")
			}
			for _, n := range issued {
				if next <= n {
					t.Errorf("after the restore the desk issued MRN number %d, not beyond %d it issued before", next, n)
				}
			}
		})
	}
}
