package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"dossier/app/flow/replicate"
	"dossier/model"
	"dossier/storage"
	"dossier/storage/vault"
)

// couchDB names a new database on the test server .ci/test starts (the
// test fails without one).
func couchDB(t *testing.T) string {
	t.Helper()
	u := strings.TrimRight(os.Getenv("DOSSIER_TEST_COUCH_URL"), "/")
	if u == "" {
		t.Fatal("DOSSIER_TEST_COUCH_URL is not set: start PouchDB Server (.ci/test does) and export its URL")
	}
	return fmt.Sprintf("%s/dossier-ui-%d", u, time.Now().UnixNano())
}

// fastSync makes the window's loop try every fraction of a second.
func fastSync(t *testing.T) {
	old := syncTimes
	syncTimes = replicate.LoopTimes{Every: 200 * time.Millisecond, Poll: 20 * time.Millisecond, MaxWait: time.Second, Longpoll: time.Second}
	t.Cleanup(func() { syncTimes = old })
}

// syncLoops counts the sync loops' goroutines alive in the process.
func syncLoops() int {
	buf := make([]byte, 1<<22)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "replicate.(*Loop).run(")
}

// eventually waits (a minute at most: the machine may be loaded) for ok.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ok(); {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// deskB joins the clinic of the store at path, which is set to sync with db.
func deskB(t *testing.T, path, db string) *storage.Session {
	t.Helper()
	opts := storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true}
	a, err := storage.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	sa, err := a.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	file, _, err := sa.Sync().Enrol("a long enrolment passphrase", vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := sa.Sync().SetSettings(storage.SyncSettings{URL: db}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := storage.Join(filepath.Join(t.TempDir(), "b.dossier"), file, "a long enrolment passphrase", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	sb, err := b.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	return sb
}

// registerAndPush registers a patient on desk B and syncs it up.
func registerAndPush(t *testing.T, sb *storage.Session, db, family string) model.ID {
	t.Helper()
	p := model.Patient{GivenName: "Wanjiru", FamilyName: family, Sex: model.SexFemale, BirthDate: model.Date{Year: 1975, Month: 3, Day: 14}}
	if err := sb.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	c, err := replicate.NewClient(db, "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replicate.Run(context.Background(), sb, c); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// While the window is open with a server set, it syncs by itself; while
// locked it pulls into the sealed inbox, applied at the next sign-in; the
// loop is stopped and replaced at each lock and sign-in, never doubled,
// and none is left once stopped.
func TestBackgroundSyncWhileOpenAndLocked(t *testing.T) {
	db := couchDB(t)
	fastSync(t)
	path := newDemoStore(t)
	sb := deskB(t, path, db)
	ui := openUI(t, path)
	signInAs(t, ui, "admin")
	has := func(id model.ID) bool {
		var found bool
		onUI(ui, func() {
			if s := ui.h.Session(); s != nil {
				_, _, err := s.Patients().Get(id)
				found = err == nil
			}
		})
		return found
	}

	first := registerAndPush(t, sb, db, "Kamau")
	eventually(t, "the open window pulls desk B's patient", func() bool { return has(first) })
	eventually(t, "the top bar says synced", func() bool {
		var text string
		onUI(ui, func() { text = ui.shell.syncBadge.Text })
		return strings.HasPrefix(text, "Synced ")
	})
	openSection(t, ui, "Replication")
	eventually(t, "the Replication screen shows the background sync", func() bool {
		var s string
		onUI(ui, func() { s = screenText(ui) })
		return strings.Contains(s, "Syncing in the background")
	})
	if n := syncLoops(); n != 1 {
		t.Fatalf("%d sync loops while signed in, want 1", n)
	}
	// A change made in the window goes up by itself.
	var mine model.Patient
	onUI(ui, func() {
		mine = model.Patient{GivenName: "Odongo", FamilyName: "Okello", Sex: model.SexMale}
		if err := ui.h.Session().Patients().Register(&mine); err != nil {
			t.Fatal(err)
		}
	})
	eventually(t, "the window's change reaches the server", func() bool {
		st, _ := ui.store.SyncStatus()
		return st.Up == 0
	})

	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	if ui.h.Session() != nil {
		t.Fatal("not locked")
	}
	second := registerAndPush(t, sb, db, "Achieng")
	eventually(t, "the locked window pulls into its inbox", func() bool { return ui.store.InboxCount() > 0 })
	eventually(t, "one loop while locked", func() bool { return syncLoops() == 1 })

	signInAs(t, ui, "admin")
	if !has(second) || ui.store.InboxCount() != 0 {
		t.Fatalf("the inbox was not applied at sign-in (patient there: %v, %d waiting)", has(second), ui.store.InboxCount())
	}
	eventually(t, "one loop after signing in again", func() bool { return syncLoops() == 1 })

	var wait func()
	onUI(ui, func() { wait = ui.stopSync() })
	wait()
	ui.syncing.loops.Wait()
	if n := syncLoops(); n != 0 {
		t.Fatalf("%d sync loops left after stopping", n)
	}
	if q := ui.store.Quarantined(); len(q) > 0 {
		t.Errorf("documents set aside: %v", q)
	}
}

// Sync now is off, with the reason, until a server is set; a server that
// cannot be reached shows in the top bar and on the screen, and the loop
// waits longer before the next try.
func TestSyncNowNeedsAServer(t *testing.T) {
	fastSync(t)
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Replication")
	ui.Wait()
	if b := findButton(t, ui, "Sync now"); !b.Disabled() {
		t.Fatal("Sync now is on with no server set")
	}
	wantText(t, ui, "no server is set for this desk")
	if n := syncLoops(); n != 1 {
		t.Fatalf("%d sync loops, want 1 (idle until a server is set)", n)
	}

	// A server nobody answers at.
	onUI(ui, func() {
		if err := ui.h.Session().Sync().SetSettings(storage.SyncSettings{URL: "http://127.0.0.1:9/nowhere"}); err != nil {
			t.Fatal(err)
		}
		ui.kickSync()
	})
	openSection(t, ui, "Replication")
	ui.Wait()
	if b := findButton(t, ui, "Sync now"); b.Disabled() {
		t.Fatalf("Sync now is off with a server set: %s", screenText(ui))
	}
	eventually(t, "the top bar says not synced", func() bool {
		var text string
		onUI(ui, func() { text = ui.shell.syncBadge.Text })
		return strings.HasPrefix(text, "Not synced")
	})
	eventually(t, "the screen says the tries failed", func() bool {
		var s string
		onUI(ui, func() { s = screenText(ui) })
		return strings.Contains(s, "tries failed")
	})
}
