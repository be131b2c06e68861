package replicate

import (
	"bufio"
	"context"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
)

// TestSyncChild is the desk the kill test kills: it pulls in small batches
// until it is killed or done.
func TestSyncChild(t *testing.T) {
	path := os.Getenv("DOSSIER_SYNC_CHILD")
	if path == "" {
		t.Skip("run by TestKillDuringSync")
	}
	Batch = 20
	s, err := storage.Open(path, opts())
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.SignIn("admin", password)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("syncing\n")
	c, _ := NewClient(os.Getenv("DOSSIER_SYNC_CHILD_DB"), "", "", "", "")
	if _, err := Run(context.Background(), sess, c); err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.Stdout.WriteString("done\n")
}

// killCount is how many times the desk is killed: 10 by default (CI), the
// full 100 with DOSSIER_SYNC_KILLS=100.
func killCount() int {
	if n, err := strconv.Atoi(os.Getenv("DOSSIER_SYNC_KILLS")); err == nil && n > 0 {
		return n
	}
	return 10
}

// A desk killed with SIGKILL in the middle of its first sync, again and
// again, ends with every record once: nothing applied twice, nothing lost,
// the store verifies (tx.Check, commitments, audit chain), and each run
// resumed from the checkpoint of the last batch applied.
func TestKillDuringSync(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	const n = 400
	ps := make([]model.Patient, n)
	for i := range ps {
		ps[i] = model.Patient{GivenName: "Given" + strconv.Itoa(i), FamilyName: "Family", Sex: model.SexMale,
			BirthDate: model.Date{Year: 1980, Month: 1, Day: 1 + i%28}}
	}
	if err := a.sess.Patients().RegisterMany(ps, nil); err != nil {
		t.Fatal(err)
	}
	syncDesk(t, a, db)
	b.store.Close()
	b.store = nil
	kills, finished := killCount(), false
	var lastSince string
	advanced, done := 0, 0
	total := n
	for i := 0; i < kills; i++ {
		// Desk A keeps working, so every run of B has something to pull.
		more := make([]model.Patient, 20)
		for j := range more {
			more[j] = model.Patient{GivenName: "Later" + strconv.Itoa(i*20+j), FamilyName: "Family", Sex: model.SexFemale,
				BirthDate: model.Date{Year: 1990, Month: 6, Day: 1 + j}}
		}
		if err := a.sess.Patients().RegisterMany(more, nil); err != nil {
			t.Fatal(err)
		}
		total += len(more)
		syncDesk(t, a, db)
		finished = false
		cmd := exec.Command(os.Args[0], "-test.run=^TestSyncChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DOSSIER_SYNC_CHILD="+b.path, "DOSSIER_SYNC_CHILD_DB="+db)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() && sc.Text() != "syncing" {
		}
		// Kill at a random moment, later and later in each ten runs, so
		// some runs die mid-batch and some after batches were applied.
		time.Sleep(time.Duration(20+rand.Intn(40)+(i%10)*40) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for sc.Scan() {
			finished = finished || sc.Text() == "done"
		}
		cmd.Wait()
		if finished {
			done++
		}
		since := pullSince(t, b.path)
		if since != lastSince {
			advanced++
		}
		lastSince = since
	}
	if advanced == 0 {
		t.Errorf("in %d runs the killed desk never got past its checkpoint", kills)
	}
	var err error
	if b.store, err = storage.Open(b.path, opts()); err != nil {
		t.Fatal(err)
	}
	if b.sess, err = b.store.SignIn("admin", password); err != nil {
		t.Fatal(err)
	}
	syncDesk(t, b, db)
	sameStores(t, a, b)
	list, _ := b.sess.Patients().List(true)
	if len(list) != total {
		t.Fatalf("desk B holds %d patients, want %d", len(list), total)
	}
	for _, p := range list[:50] {
		h, err := b.sess.History(model.KindPatient, p.ID)
		if err != nil || len(h) != 1 {
			t.Fatalf("patient %s has %d revisions on desk B (%v): applied twice", p.ID, len(h), err)
		}
	}
	t.Logf("%d kills (%d runs finished before the kill), the checkpoint moved in %d", kills, done, advanced)
}

func pullSince(t testing.TB, path string) string {
	s, err := storage.Open(path, opts())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sess, err := s.SignIn("admin", password)
	if err != nil {
		t.Fatal(err)
	}
	since, _ := sess.Sync().PullSince()
	return since
}
