package storage

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/model"
)

// TestCrashChild is the writer that TestKillWhileWriting kills. It runs only
// when started by that test.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("DOSSIER_CRASH_STORE")
	if path == "" {
		t.Skip("helper process for TestKillWhileWriting")
	}
	s, err := Open(path, Options{LockWait: 10 * time.Second})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	sess, err := s.SignIn("admin", testPassword)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		name := fmt.Sprintf("%s-%d", os.Getenv("DOSSIER_CRASH_RUN"), i)
		p := samplePatient(name, "Crash")
		if err := sess.Patients().Register(&p); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		if i%3 == 0 { // edits too, so revisions and index deletes are killed mid-way
			p.Phone = "+256 700 111222"
			if err := sess.Patients().Update(p, 1, "crash test edit"); err != nil {
				fmt.Println("error", err)
				os.Exit(3)
			}
		}
		// Acknowledged only after the commit returned.
		fmt.Fprintf(out, "ack %s\n", name)
		out.Flush()
	}
}

// TestKillWhileWriting kills a writing process with SIGKILL at random
// moments, 200 times. After each kill the store must open, pass tx.Check,
// have an intact audit chain and hold every acknowledged write.
func TestKillWhileWriting(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	runs := 200
	path := filepath.Join(t.TempDir(), "crash.dossier")
	s, _, _, err := Create(path, model.DefaultClinic("Crash Clinic", "CRS"), model.User{Username: "admin", FullName: "A"}, testPassword, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[string]bool{}
	totalAcks := 0
	for run := 0; run < runs; run++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DOSSIER_CRASH_STORE="+path, fmt.Sprintf("DOSSIER_CRASH_RUN=r%d", run))
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Kill at a random moment: sometimes while opening, mostly mid-write.
		time.Sleep(time.Duration(rng.IntN(60)+2) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for l := range lines {
			if name, ok := strings.CutPrefix(l, "ack "); ok {
				acked[name] = true
				totalAcks++
			} else if strings.HasPrefix(l, "error") {
				t.Fatalf("run %d: child failed: %s", run, l)
			}
		}
		cmd.Wait()

		checkFile(t, path)
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("run %d: store does not open after kill: %v", run, err)
		}
		sess, err := s.SignIn("admin", testPassword)
		if err != nil {
			t.Fatalf("run %d: sign in after kill: %v", run, err)
		}
		if _, probs, err := sess.Admin().VerifyAudit(); err != nil || len(probs) != 0 {
			t.Fatalf("run %d: audit chain after kill: %v %v", run, err, probs)
		}
		if run%20 == 0 || run == runs-1 {
			list, err := sess.Patients().List(false)
			if err != nil {
				t.Fatalf("run %d: list: %v", run, err)
			}
			have := map[string]bool{}
			for _, p := range list {
				have[strings.TrimSuffix(strings.TrimPrefix(p.Name, "CRASH, "), "")] = true
			}
			for name := range acked {
				if !have[name] {
					t.Fatalf("run %d: acknowledged write %s is missing", run, name)
				}
			}
		}
		s.Close()
	}
	t.Logf("%d kills, %d acknowledged writes, all present", runs, totalAcks)
	if totalAcks == 0 {
		t.Fatal("the child never acknowledged a write: the kills were too early to test anything")
	}
}
