package replicate

import (
	"bytes"
	"context"
	"testing"

	"dossier/model"
)

// While desk B's window is locked it still pulls: the documents wait
// sealed in its inbox and its records stay as they were; the next sign-in
// applies them, and nothing is applied twice.
func TestSyncWhileLocked(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	first := register(t, a, "Grace", "Akello")
	syncDesk(t, a, db)
	syncDesk(t, b, db)
	supA := supervisor(t, a)
	watcher := supervisor(t, b) // signed in before the pull: reads what the store holds
	before := patients(t, &desk{sess: watcher})

	// Offline work on desk A, then desk B locks and pulls.
	second := register(t, a, "Lamwaka", "Atim")
	edit(t, a, first.ID, func(p *model.Patient) { p.Phone = "+256 700 123456" })
	page, np := scan(t, supA, 400_000)
	syncDesk(t, a, db)
	if err := b.sess.Lock(model.ActLock); err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(db, "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := PullLocked(context.Background(), b.store, c)
	if err != nil {
		t.Fatalf("pull while locked: %v", err)
	}
	waiting := b.store.InboxCount()
	if res.Pulled == 0 || waiting != res.Pulled {
		t.Fatalf("pulled %d while locked, %d in the inbox", res.Pulled, waiting)
	}
	if st, _ := b.store.SyncStatus(); st.Inbox != waiting || st.LastError != "" {
		t.Errorf("status while locked: %+v", st)
	}
	// A second pull while locked brings nothing more.
	if res, err := PullLocked(context.Background(), b.store, c); err != nil || res.Pulled != 0 || b.store.InboxCount() != waiting {
		t.Errorf("a second pull while locked: %+v, %v; inbox %d", res, err, b.store.InboxCount())
	}
	now := patients(t, &desk{sess: watcher})
	if len(now) != len(before) || now[first.ID] != before[first.ID] {
		t.Fatalf("the records changed while locked")
	}
	if _, _, err := watcher.Pages().Get(page.ID); err == nil {
		t.Fatalf("the page arrived while locked")
	}

	// Sign-in applies them.
	if b.sess, err = b.store.SignIn("admin", password); err != nil {
		t.Fatal(err)
	}
	if n := b.store.InboxCount(); n != 0 {
		t.Fatalf("%d documents still in the inbox after sign-in", n)
	}
	sameStores(t, a, b)
	if p, _, err := b.sess.Patients().Get(second.ID); err != nil || p.FamilyName != "Atim" {
		t.Errorf("the patient registered on desk A: %+v, %v", p, err)
	}
	got := images(t, watcher, page.ID)
	if !bytes.Equal(got[2], np.Original) || !bytes.Equal(got[0], np.Thumb) {
		t.Errorf("the page's images did not arrive whole with the inbox")
	}
	// Nothing applied twice: a sync and another sign-in find nothing new.
	if res := syncDesk(t, b, db); res.Applied != 0 || res.Chunks != 0 {
		t.Errorf("the sync after sign-in applied again: %+v", res)
	}
	if _, err := b.store.SignIn("sup", password); err != nil {
		t.Fatal(err)
	}
	if h, err := b.sess.History(model.KindPatient, first.ID); err != nil || len(h) != 2 {
		t.Errorf("patient %s has %d revisions on desk B (%v), want 2", first.ID, len(h), err)
	}
}
