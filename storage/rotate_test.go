package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// sealedValues lists every sealed value of a store file with the associated
// data it was sealed with.
func sealedValues(t *testing.T, tx *bolt.Tx) (vals, aads [][]byte) {
	t.Helper()
	add := func(v, aad []byte) {
		vals = append(vals, append([]byte(nil), v...))
		aads = append(aads, aad)
	}
	m := tx.Bucket(bMeta)
	add(m.Get(kAuditHead), auditHeadAAD)
	if v := m.Get(kBackupLog); v != nil {
		add(v, backupLogAAD)
	}
	if v := m.Get(kRetiredKeys); v != nil {
		add(v, retiredAAD)
	}
	for _, k := range [][]byte{kBackupPlan, kBackupsMade} {
		if v := m.Get(k); v != nil {
			add(v, k)
		}
	}
	root := tx.Bucket(bRecords)
	root.ForEachBucket(func(kind []byte) error {
		return root.Bucket(kind).Bucket(bRevs).ForEach(func(k, v []byte) error {
			add(v, revAAD(model.Kind(kind), append([]byte(nil), k...)))
			return nil
		})
	})
	tx.Bucket(bAudit).ForEach(func(k, v []byte) error {
		add(v[32:], append([]byte("audit"), k...))
		return nil
	})
	tx.Bucket(bSearch).ForEach(func(k, v []byte) error {
		add(v, append([]byte("search"), k...))
		return nil
	})
	tx.Bucket(bBlobs).ForEach(func(k, v []byte) error {
		add(v, blobAAD(append([]byte(nil), k...)))
		return nil
	})
	tx.Bucket(bDrafts).ForEach(func(k, v []byte) error {
		add(v, draftAAD(append([]byte(nil), k...)))
		return nil
	})
	tx.Bucket(bDefQueue).ForEach(func(k, v []byte) error {
		add(v, defQueueAAD(append([]byte(nil), k...)))
		return nil
	})
	tx.Bucket(bDefLinks).ForEach(func(k, v []byte) error {
		add(v, defLinkAAD(append([]byte(nil), k...)))
		return nil
	})
	return vals, aads
}

type draftForm struct{ Text string }

// TestRotateKeys: after a rotation the old data key opens nothing in the
// file, everything still reads (records, exact lookups, page images, a
// draft saved before, the audit trail), verify passes, every active user
// signs in with the password they had, the recovery key still opens the
// store, and a disabled user's old slot is useless.
func TestRotateKeys(t *testing.T) {
	s, admin, rk := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	gone := addUser(t, admin, "gone", model.RoleClerk)
	var mrns []string
	for i := 0; i < 5; i++ {
		p := samplePatient(fmt.Sprintf("Rot%d", i), "Ate")
		p.Phone = fmt.Sprintf("+256 772 10000%d", i)
		if err := clerk.Patients().Register(&p); err != nil {
			t.Fatal(err)
		}
		mrns = append(mrns, p.MRN)
		if i == 2 { // a revision whose lookups were replaced
			p.Phone = "+256 772 999999"
			if err := clerk.Patients().Update(p, 1, "new phone"); err != nil {
				t.Fatal(err)
			}
		}
	}
	pages, err := clerk.Pages().Import(model.ZeroID, []NewPage{crashPage(1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Drafts().Save("register", draftForm{"half typed"}); err != nil {
		t.Fatal(err)
	}
	// The settings kept beside the records: a backup schedule, the list of
	// past backups, a user's appearance and last folder.
	if err := admin.Admin().SetBackupPlan(model.BackupPlan{Daily: true, At: "17:30", Folder: t.TempDir(), Keep: 5}); err != nil {
		t.Fatal(err)
	}
	if err := admin.Prefs().Save("appearance", draftForm{"dark"}); err != nil {
		t.Fatal(err)
	}
	if err := admin.Folders().Remember("scans", "/home/clerk/scans"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Admin().BackupToFile(filepath.Join(t.TempDir(), "before.dbak")); err != nil {
		t.Fatal(err)
	}
	// The user who leaves: their slot as it was (they may have copied the
	// file), then disabled.
	var goneSlot []byte
	goneUser := gone.User()
	s.db.View(func(tx *bolt.Tx) error {
		goneSlot = append([]byte(nil), tx.Bucket(bKeys).Get(userSlotKey(s.salt, "gone"))...)
		return nil
	})
	gone.Lock(model.ActSignOut)
	clerk.Lock(model.ActSignOut)
	goneUser.Disabled = true
	if err := admin.Admin().UpdateUser(goneUser, "", "left the clinic"); err != nil {
		t.Fatal(err)
	}
	oldKeys := admin.keys
	oldDEK := append([]byte(nil), admin.dek...)

	plan, err := admin.Admin().RotationPlan()
	if err != nil || len(plan.Carried) != 2 || len(plan.Disabled) != 1 || !plan.Recovery || len(plan.NeedPassword) != 0 {
		t.Fatalf("plan: %+v %v", plan, err)
	}
	var calls, last int
	plan, err = admin.Admin().RotateKeys(context.Background(), func(done, total int) { calls++; last = done })
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != plan.Values {
		t.Fatalf("progress: %d calls, last %d of %d", calls, last, plan.Values)
	}
	if bytes.Equal(admin.dek, oldDEK) {
		t.Fatal("the session still holds the old data key")
	}
	if _, err := os.Stat(s.Path() + ".rotating"); !os.IsNotExist(err) {
		t.Fatalf("the build file is left: %v", err)
	}

	// The old key opens nothing in the new file.
	s.db.View(func(tx *bolt.Tx) error {
		vals, aads := sealedValues(t, tx)
		if len(vals) < 30 {
			t.Fatalf("only %d sealed values found", len(vals))
		}
		for i, v := range vals {
			if _, err := oldKeys.Records.Open(v, aads[i]); err == nil {
				t.Fatalf("value %d (%q) still opens with the old key", i, aads[i])
			}
			if _, err := admin.keys.Records.Open(v, aads[i]); err != nil {
				t.Fatalf("value %d (%q) does not open with the new key", i, aads[i])
			}
		}
		c := tx.Bucket(bBlind).Cursor()
		if k, _ := c.Seek(oldKeys.Blind("mrn", mrns[0])); k != nil && bytes.HasPrefix(k, oldKeys.Blind("mrn", mrns[0])) {
			t.Fatal("an exact lookup under the old index key is still in the file")
		}
		return nil
	})

	// Everything reads.
	list, err := admin.Patients().List(false)
	if err != nil || len(list) != 5 {
		t.Fatalf("patients after rotation: %d %v", len(list), err)
	}
	for _, q := range []string{mrns[3], "+256 772 999999", "+256 772 100004"} {
		if ids, err := admin.Patients().FindByIdentifier(q); err != nil || len(ids) != 1 {
			t.Fatalf("exact lookup of %s after rotation: %v %v", q, ids, err)
		}
	}
	if ids, _ := admin.Patients().FindByIdentifier("+256 772 100002"); len(ids) != 0 {
		t.Fatalf("a replaced phone number is found again: %v", ids)
	}
	if img, err := admin.Pages().Image(pages[0].Original); err != nil || len(img) != crashOriginal {
		t.Fatalf("page image after rotation: %d bytes, %v", len(img), err)
	}
	var d draftForm
	if ok, err := admin.Drafts().Load("register", &d); !ok || err != nil || d.Text != "half typed" {
		t.Fatalf("draft after rotation: %v %v %+v", ok, err, d)
	}
	if bp, err := admin.Admin().BackupPlan(); err != nil || bp.At != "17:30" {
		t.Fatalf("backup schedule after rotation: %+v %v", bp, err)
	}
	if made, err := admin.Admin().BackupsMade(); err != nil || len(made) != 1 {
		t.Fatalf("past backups after rotation: %+v %v", made, err)
	}
	if ok, err := admin.Prefs().Load("appearance", &d); !ok || err != nil || d.Text != "dark" {
		t.Fatalf("a setting after rotation: %v %v %+v", ok, err, d)
	}
	if dir := admin.Folders().Last("scans"); dir != "/home/clerk/scans" {
		t.Fatalf("remembered folder after rotation: %q", dir)
	}
	rep := verifyStore(t, admin)
	if !rep.OK() {
		t.Fatalf("verify after rotation: %v", rep.Problems)
	}
	if len(rep.Anchors) != 1 {
		t.Fatalf("the backup made before the rotation no longer anchors the trail: %v %v", rep.Anchors, rep.Notes)
	}
	p := samplePatient("After", "Rotation")
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	if err := admin.Drafts().Save("register", draftForm{"typed again"}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := admin.Drafts().Load("register", &d); !ok || d.Text != "typed again" {
		t.Fatalf("draft saved after rotation: %+v", d)
	}
	if es := auditEntries(t, admin, model.AuditFilter{Action: model.ActRotateKeys}); len(es) != 2 || !strings.HasPrefix(es[0].Detail, "keys rotated") {
		t.Fatalf("rotation audit: %+v", es)
	}
	admin.Lock(model.ActSignOut)

	// Users sign in with their passwords; the re-sealed slot is wrapped
	// under the password again at the first sign-in.
	for i := 0; i < 2; i++ {
		c, err := s.SignIn("clerk1", testPassword)
		if err != nil {
			t.Fatalf("clerk sign-in %d after rotation: %v", i, err)
		}
		if _, _, err := c.Patients().Get(list[0].ID); err != nil {
			t.Fatal(err)
		}
		c.Lock(model.ActSignOut)
		s.db.View(func(tx *bolt.Tx) error {
			ks, _, _ := readSlot(tx, userSlotKey(s.salt, "clerk1"))
			if ks.Box != nil {
				t.Errorf("the clerk's slot is still re-sealed after sign-in %d", i)
			}
			return nil
		})
	}
	if _, err := s.SignIn("clerk1", "wrong password 123"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password on a rotated store: %v", err)
	}
	// The recovery key opens the new store.
	rs, err := s.Unlock(Credentials{Recovery: rk})
	if err != nil {
		t.Fatalf("recovery key after rotation: %v", err)
	}
	if _, _, err := rs.Patients().Get(list[0].ID); err != nil {
		t.Fatal(err)
	}
	// The user who left: their old slot put back holds only the old key.
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bKeys).Put(userSlotKey(s.salt, "gone"), goneSlot) })
	if _, err := s.SignIn("gone", testPassword); err == nil {
		t.Fatal("the disabled user's old slot opens the rotated store")
	} else {
		t.Logf("the old slot put back: %v", err)
	}
	admin, err = s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if rep := verifyStore(t, admin); len(rep.Problems) != 0 {
		t.Fatalf("verify after sign-ins: %v", rep.Problems)
	}
}

func manyPatients(t *testing.T, sess *Session, n int) {
	t.Helper()
	ps := make([]model.Patient, n)
	for i := range ps {
		ps[i] = samplePatient(fmt.Sprintf("Many%d", i), "Rot")
	}
	if err := sess.Patients().RegisterMany(ps, nil); err != nil {
		t.Fatal(err)
	}
}

// A cancelled rotation leaves the old store as it was (but for its audit
// entries) and no file behind; another session open refuses it.
func TestRotateKeysCancelAndRefusals(t *testing.T) {
	s, admin, _ := newTestStore(t)
	manyPatients(t, admin, 400)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	if _, err := admin.Admin().RotateKeys(context.Background(), nil); model.CodeOf(err) != model.Conflict {
		t.Fatalf("rotation with another session open: %v", err)
	}
	if _, err := clerk.Admin().RotateKeys(context.Background(), nil); model.CodeOf(err) != model.Denied {
		t.Fatalf("rotation by a clerk: %v", err)
	}
	clerk.Lock(model.ActSignOut)
	oldDEK := append([]byte(nil), admin.dek...)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := admin.Admin().RotateKeys(ctx, func(done, total int) {
		if done > 0 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled rotation: %v", err)
	}
	if !bytes.Equal(admin.dek, oldDEK) {
		t.Fatal("the cancelled rotation changed the session's key")
	}
	if m, _ := filepath.Glob(s.Path() + ".rotating*"); len(m) > 0 {
		t.Fatalf("left behind: %v", m)
	}
	es := auditEntries(t, admin, model.AuditFilter{Action: model.ActRotateKeys})
	if len(es) != 2 || !strings.Contains(es[0].Detail, "cancelled") {
		t.Fatalf("cancel audit: %+v", es)
	}
	if list, err := admin.Patients().List(false); err != nil || len(list) != 400 {
		t.Fatalf("after cancel: %d %v", len(list), err)
	}
	if rep := verifyStore(t, admin); !rep.OK() {
		t.Fatalf("verify after cancel: %v", rep.Problems)
	}
	admin.Lock(model.ActSignOut)
	c, err := s.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	c.Lock(model.ActSignOut)
	s.db.View(func(tx *bolt.Tx) error {
		ks, _, _ := readSlot(tx, userSlotKey(s.salt, "clerk1"))
		if ks.Box != nil {
			t.Error("a cancelled rotation re-sealed a slot")
		}
		return nil
	})
}

// Two rotations in a row: the chain carries both retired audit keys.
func TestRotateKeysTwice(t *testing.T) {
	s, admin, _ := newTestStore(t)
	register(t, admin)
	for i := 0; i < 2; i++ {
		if _, err := admin.Admin().RotateKeys(context.Background(), nil); err != nil {
			t.Fatalf("rotation %d: %v", i, err)
		}
		register(t, admin)
	}
	if rep := verifyStore(t, admin); !rep.OK() {
		t.Fatalf("verify: %v", rep.Problems)
	}
	// The rotating administrator's own slot is re-sealed while their
	// session goes on: changing the password still checks the old one.
	if err := admin.ChangePassword("not the password 1", "a new password 22"); err == nil {
		t.Fatal("a wrong current password was accepted on a re-sealed slot")
	}
	if err := admin.ChangePassword(testPassword, "a new password 22"); err != nil {
		t.Fatal(err)
	}
	if err := admin.ChangePassword("a new password 22", testPassword); err != nil {
		t.Fatal(err)
	}
	admin.Lock(model.ActSignOut)
	admin, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	var r retiredKeys
	s.db.View(func(tx *bolt.Tx) error { r = admin.retired(tx); return nil })
	if len(r.Audit) != 2 || len(r.Index) != 2 {
		t.Fatalf("retired keys: %d audit, %d index", len(r.Audit), len(r.Index))
	}
}

// The leaver, holding the old key, sets their disabled account back to its
// enabled revision and puts their slot back before the rotation: the
// rotation does not give them the new key, and says why.
func TestRotateKeysSkipsAnAccountSetBack(t *testing.T) {
	s, admin, _ := newTestStore(t)
	gone := addUser(t, admin, "gone", model.RoleClerk)
	u := gone.User()
	var slot []byte
	s.db.View(func(tx *bolt.Tx) error {
		slot = append([]byte(nil), tx.Bucket(bKeys).Get(userSlotKey(s.salt, "gone"))...)
		return nil
	})
	gone.Lock(model.ActSignOut)
	u.Disabled = true
	if err := admin.Admin().UpdateUser(u, "", "left"); err != nil {
		t.Fatal(err)
	}
	// The leaver's tool: remove the disabling revision, move the head
	// back, put the slot back.
	editFile0(t, admin, func(tx *bolt.Tx) error {
		heads, revs, err := kindBuckets(tx, model.KindUser, false)
		if err != nil {
			return err
		}
		h, _ := decodeHead(heads.Get(u.ID[:]))
		revs.Delete(revKey(u.ID, h.rev))
		heads.Put(u.ID[:], head{rev: h.rev - 1}.encode())
		return tx.Bucket(bKeys).Put(userSlotKey(s.salt, "gone"), slot)
	})
	plan, err := admin.Admin().RotateKeys(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(plan.Carried, ","), "gone") || len(plan.NeedPassword) != 1 || !strings.Contains(plan.NeedPassword[0], "set back") {
		t.Fatalf("plan after rotation: %+v", plan)
	}
	admin.Lock(model.ActSignOut)
	if _, err := s.SignIn("gone", testPassword); err == nil {
		t.Fatal("the account set back signs in to the rotated store")
	}
}
