package storage

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

// The SIGKILL crash tests run a child process (TestCrashChild, started
// again from this test binary) that writes, imports scanned pages or
// restores a backup, kill it at random moments, and check the store after
// every kill. CI runs a short campaign; DOSSIER_KILLS=N runs N kills of the
// writer, N/2 of the importer, 3N/10 of the restore and N/5 of the key
// rotation (the README's full campaign is DOSSIER_KILLS=1000).
func crashKills(t *testing.T, share float64) int {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	n := 100
	if v := os.Getenv("DOSSIER_KILLS"); v != "" {
		k, err := strconv.Atoi(v)
		if err != nil || k <= 0 {
			t.Fatalf("DOSSIER_KILLS=%q is not a positive number", v)
		}
		n = k
	}
	return max(1, int(float64(n)*share))
}

// TestCrashChild is the process the kill tests kill. It runs only when
// started by one of them; DOSSIER_CRASH_MODE says what it does.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("DOSSIER_CRASH_STORE")
	if path == "" {
		t.Skip("helper process for the TestKill… crash tests")
	}
	fail := func(err error) {
		fmt.Println("error", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	ack := func(what string) { // only after the commit returned
		fmt.Fprintf(out, "ack %s\n", what)
		out.Flush()
	}
	switch os.Getenv("DOSSIER_CRASH_MODE") {
	case "restore":
		if step := os.Getenv("DOSSIER_CRASH_STEP"); step != "" {
			restoreStep = func(s string) {
				if s == step {
					p, _ := os.FindProcess(os.Getpid())
					p.Kill()
					select {}
				}
			}
		}
		fmt.Fprintln(out, "start")
		out.Flush()
		if _, _, err := RestoreBackup(os.Getenv("DOSSIER_CRASH_BACKUP"), path, Credentials{Username: "admin", Password: testPassword}, RestoreOptions{}); err != nil {
			fail(err)
		}
		ack("restored")
		os.Exit(0)
	}
	s, err := Open(path, Options{LockWait: 10 * time.Second})
	if err != nil {
		fail(err)
	}
	switch os.Getenv("DOSSIER_CRASH_MODE") {
	case "rotate":
		if step := os.Getenv("DOSSIER_CRASH_STEP"); step != "" {
			rotateStep = func(s string) {
				if s == step {
					p, _ := os.FindProcess(os.Getpid())
					p.Kill()
					select {}
				}
			}
		}
		sess, err := s.SignIn("admin", testPassword)
		if err != nil {
			fail(err)
		}
		fmt.Fprintln(out, "start")
		out.Flush()
		if _, err := sess.Admin().RotateKeys(context.Background(), nil); err != nil {
			fail(err)
		}
		ack("rotated")
		os.Exit(0)
	case "import":
		sess, err := s.SignIn("clerk", testPassword)
		if err != nil {
			fail(err)
		}
		for i := 0; ; i++ {
			pages := []NewPage{crashPage(i, 0), crashPage(i, 1)}
			got, err := sess.Pages().Import(model.ZeroID, pages)
			if err != nil {
				fail(err)
			}
			for _, p := range got {
				ack(p.ID.String())
			}
		}
	default:
		sess, err := s.SignIn("admin", testPassword)
		if err != nil {
			fail(err)
		}
		for i := 0; ; i++ {
			name := fmt.Sprintf("%s-%d", os.Getenv("DOSSIER_CRASH_RUN"), i)
			p := samplePatient(name, "Crash")
			if err := sess.Patients().Register(&p); err != nil {
				fail(err)
			}
			if i%3 == 0 { // edits too, so revisions and index deletes are killed mid-way
				p.Phone = "+256 700 111222"
				if err := sess.Patients().Update(p, 1, "crash test edit"); err != nil {
					fail(err)
				}
			}
			ack(name)
		}
	}
}

// Sizes of a crash-test page's images: the original spans three chunks,
// the display image two, the thumbnail one.
const (
	crashOriginal = 2*blobChunk + 1000
	crashDisplay  = blobChunk + 500
	crashThumb    = 3000
)

func crashPage(i, j int) NewPage {
	img := func(n int) []byte {
		b := make([]byte, n)
		for k := 0; k < n; k += 4096 {
			b[k] = byte(i + j + k)
		}
		return b
	}
	return NewPage{Source: fmt.Sprintf("crash-%d-%d.jpg", i, j), Format: "jpeg",
		Original: img(crashOriginal), Display: img(crashDisplay), Thumb: img(crashThumb), Width: 2480, Height: 3508, DPI: 300}
}

// crashChild is one run of the child process.
type crashChild struct {
	cmd   *exec.Cmd
	lines chan string
	seen  []string
}

func startCrashChild(t *testing.T, env ...string) *crashChild {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &crashChild{cmd: cmd, lines: make(chan string, 1024)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	return c
}

// waitFor reads lines until one is want (or the child ended).
func (c *crashChild) waitFor(want string) {
	for l := range c.lines {
		c.seen = append(c.seen, l)
		if l == want {
			return
		}
	}
}

// waitForAck reads lines until the child has acknowledged a write (or
// ended). Half the kills start their random delay from there, so that on
// a slow or busy machine, where opening and signing in can take longer
// than the longest delay, the kills still land among writes.
func (c *crashChild) waitForAck() {
	for l := range c.lines {
		c.seen = append(c.seen, l)
		if strings.HasPrefix(l, "ack ") {
			return
		}
	}
}

// finish kills the child (if it still runs), reads the rest of its output
// and returns what it acknowledged.
func (c *crashChild) finish(t *testing.T, run int) []string {
	t.Helper()
	c.cmd.Process.Kill()
	for l := range c.lines {
		c.seen = append(c.seen, l)
	}
	c.cmd.Wait()
	var acks []string
	for _, l := range c.seen {
		if what, ok := strings.CutPrefix(l, "ack "); ok {
			acks = append(acks, what)
		} else if strings.HasPrefix(l, "error") {
			t.Fatalf("run %d: child failed: %s", run, l)
		}
	}
	return acks
}

// openAfterKill opens the store, checks its structure and audit chain, and
// signs in as the administrator.
func openAfterKill(t *testing.T, run int, path string) (*Store, *Session) {
	t.Helper()
	checkFile(t, path)
	if t.Failed() {
		t.Fatalf("run %d: tx.Check fails after the kill", run)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("run %d: store does not open after kill: %v", run, err)
	}
	sess, err := s.SignIn("admin", testPassword)
	if err != nil {
		s.Close()
		t.Fatalf("run %d: sign in after kill: %v", run, err)
	}
	if _, probs, err := sess.Admin().VerifyAudit(); err != nil || len(probs) != 0 {
		s.Close()
		t.Fatalf("run %d: audit chain after kill: %v %v", run, err, probs)
	}
	return s, sess
}

func newCrashStore(t *testing.T, path string, users ...model.User) {
	t.Helper()
	s, sess, _, err := Create(path, model.DefaultClinic("Crash Clinic", "CRS"), model.User{Username: "admin", FullName: "A"}, testPassword, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, u := range users {
		if _, err := sess.Admin().CreateUser(u, testPassword); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKillWhileWriting kills a writing process with SIGKILL at random
// moments (100 times; DOSSIER_KILLS for more). After each kill the store
// must open, pass tx.Check, have an intact audit chain and hold every
// acknowledged write.
func TestKillWhileWriting(t *testing.T) {
	runs := crashKills(t, 1)
	path := filepath.Join(t.TempDir(), "crash.dossier")
	newCrashStore(t, path)
	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[string]bool{}
	totalAcks := 0
	start := time.Now()
	for run := 0; run < runs; run++ {
		c := startCrashChild(t, "DOSSIER_CRASH_STORE="+path, fmt.Sprintf("DOSSIER_CRASH_RUN=r%d", run))
		// Kill at a random moment: sometimes while opening, mostly mid-write.
		if run%2 == 1 {
			c.waitForAck()
		}
		time.Sleep(time.Duration(rng.IntN(60)+2) * time.Millisecond)
		for _, name := range c.finish(t, run) {
			acked[name] = true
			totalAcks++
		}
		s, sess := openAfterKill(t, run, path)
		if run%20 == 0 || run == runs-1 {
			list, err := sess.Patients().List(false)
			if err != nil {
				t.Fatalf("run %d: list: %v", run, err)
			}
			have := map[string]bool{}
			for _, p := range list {
				have[strings.TrimPrefix(p.Name, "CRASH, ")] = true
			}
			for name := range acked {
				if !have[name] {
					t.Fatalf("run %d: acknowledged write %s is missing", run, name)
				}
			}
		}
		s.Close()
	}
	t.Logf("%d kills while writing, %d acknowledged writes, all present (%.1f s)", runs, totalAcks, time.Since(start).Seconds())
	if totalAcks == 0 {
		t.Fatal("the child never acknowledged a write: the kills were too early to test anything")
	}
}

// TestKillWhileImportingPages kills a process importing scanned pages
// (two pages a transaction, each with multi-chunk images) at random
// moments (50 times; DOSSIER_KILLS/2). After each kill: the store opens,
// tx.Check passes, the audit chain verifies, every acknowledged page is
// there, and every page's three images are whole (no page without all its
// blob chunks). The store starts afresh every 25 kills so it stays small.
func TestKillWhileImportingPages(t *testing.T) {
	runs := crashKills(t, 0.5)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	var path string
	var acked map[string]bool
	totalAcks, pagesChecked := 0, 0
	start := time.Now()
	for run := 0; run < runs; run++ {
		if run%25 == 0 {
			path = filepath.Join(dir, fmt.Sprintf("pages%d.dossier", run))
			newCrashStore(t, path, model.User{Username: "clerk", FullName: "C", Role: model.RoleClerk})
			acked = map[string]bool{}
		}
		c := startCrashChild(t, "DOSSIER_CRASH_STORE="+path, "DOSSIER_CRASH_MODE=import")
		if run%2 == 1 {
			c.waitForAck()
		}
		time.Sleep(time.Duration(rng.IntN(120)+5) * time.Millisecond)
		for _, id := range c.finish(t, run) {
			acked[id] = true
			totalAcks++
		}
		s, sess := openAfterKill(t, run, path)
		pages, err := sess.Pages().Unfiled(true)
		if err != nil {
			s.Close()
			t.Fatalf("run %d: list pages: %v", run, err)
		}
		have := map[string]bool{}
		for _, p := range pages {
			have[p.ID.String()] = true
			for _, img := range []struct {
				ref  model.BlobRef
				size int
			}{{p.Original, crashOriginal}, {p.Display, crashDisplay}, {p.Thumb, crashThumb}} {
				data, err := sess.Pages().Image(img.ref)
				if err != nil || len(data) != img.size {
					s.Close()
					t.Fatalf("run %d: page %s has an incomplete image (%d of %d bytes): %v", run, p.ID, len(data), img.size, err)
				}
			}
			pagesChecked++
		}
		for id := range acked {
			if !have[id] {
				s.Close()
				t.Fatalf("run %d: acknowledged page %s is missing", run, id)
			}
		}
		if run%10 == 9 || run == runs-1 {
			rep, err := sess.Admin().VerifyStore(context.Background(), nil)
			if err != nil || !rep.OK() {
				s.Close()
				t.Fatalf("run %d: verify after kill: %v %v", run, err, rep.Problems)
			}
		}
		s.Close()
	}
	t.Logf("%d kills while importing pages, %d acknowledged pages, %d page checks, all whole (%.1f s)", runs, totalAcks, pagesChecked, time.Since(start).Seconds())
	if totalAcks == 0 {
		t.Fatal("the child never acknowledged an import: the kills were too early to test anything")
	}
}

// restoreSteps are the points between RestoreBackup's steps where the
// restore test also kills (a random moment cannot hit the narrow ones).
var restoreSteps = []string{"extracted", "live-audited", "staged-audited", "kept", "swapped"}

// TestKillDuringRestore kills a process restoring a backup over a live
// store (30 times; 3×DOSSIER_KILLS/10): at random moments and, every
// third run, exactly between two of the restore's steps. After each kill
// the live path holds either the old store, unchanged but for audit
// entries, or the whole restored one with the restore in its trail —
// never a mix and never nothing — it opens, passes tx.Check and verify,
// and a restore right after succeeds and leaves no *.restoring behind.
func TestKillDuringRestore(t *testing.T) {
	runs := crashKills(t, 0.3)
	dir := t.TempDir()
	pristine := filepath.Join(dir, "pristine.dossier")
	backup := filepath.Join(dir, "backup.dbak")
	func() {
		s, sess, _, err := Create(pristine, model.DefaultClinic("Crash Clinic", "CRS"), model.User{Username: "admin", FullName: "A"}, testPassword, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for i := 0; i < 5; i++ {
			p := samplePatient(fmt.Sprintf("Before%d", i), "Crash")
			if err := sess.Patients().Register(&p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := sess.Admin().BackupToFile(backup); err != nil {
			t.Fatal(err)
		}
		p := samplePatient("After", "Crash") // only in the old store
		if err := sess.Patients().Register(&p); err != nil {
			t.Fatal(err)
		}
	}()
	live := filepath.Join(dir, "live", "clinic.dossier")
	reset := func() {
		os.RemoveAll(filepath.Dir(live))
		if err := os.MkdirAll(filepath.Dir(live), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := copyFile(pristine, live); err != nil {
			t.Fatal(err)
		}
	}
	cred := Credentials{Username: "admin", Password: testPassword}
	// How long a whole restore takes, to spread the random kills over it.
	reset()
	t0 := time.Now()
	if _, _, err := RestoreBackup(backup, live, cred, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)

	rng := rand.New(rand.NewPCG(5, 6))
	var olds, restoreds, strays int
	start := time.Now()
	for run := 0; run < runs; run++ {
		reset()
		env := []string{"DOSSIER_CRASH_STORE=" + live, "DOSSIER_CRASH_MODE=restore", "DOSSIER_CRASH_BACKUP=" + backup}
		atStep := run%3 == 2
		if atStep {
			env = append(env, "DOSSIER_CRASH_STEP="+restoreSteps[(run/3)%len(restoreSteps)])
		}
		c := startCrashChild(t, env...)
		if atStep {
			c.cmd.Wait() // it kills itself at the step
		} else {
			c.waitFor("start")
			time.Sleep(time.Duration(rng.Int64N(int64(took) * 3 / 2)))
		}
		c.finish(t, run)
		if m, _ := filepath.Glob(live + ".restoring"); len(m) > 0 {
			strays++
		}

		s, sess := openAfterKill(t, run, live)
		list, err := sess.Patients().List(false)
		if err != nil {
			s.Close()
			t.Fatalf("run %d: list: %v", run, err)
		}
		names := map[string]bool{}
		for _, p := range list {
			names[strings.TrimPrefix(p.Name, "CRASH, ")] = true
		}
		for i := 0; i < 5; i++ {
			if !names[fmt.Sprintf("BEFORE%d", i)] && !names[fmt.Sprintf("Before%d", i)] {
				s.Close()
				t.Fatalf("run %d: patient Before%d is missing after the kill: %v", run, i, names)
			}
		}
		entries, err := sess.Admin().Audit(model.AuditFilter{Action: model.ActRestoreBackup}, 0)
		if err != nil {
			s.Close()
			t.Fatal(err)
		}
		restoredEntry := false
		for _, e := range entries {
			restoredEntry = restoredEntry || strings.HasPrefix(e.Detail, "restored ")
		}
		switch {
		case len(list) == 6 && !restoredEntry:
			olds++
		case len(list) == 5 && restoredEntry:
			restoreds++
		default:
			s.Close()
			t.Fatalf("run %d: the live store is neither the old one nor the restored one: %d patients, restore in its trail: %v", run, len(list), restoredEntry)
		}
		rep, err := sess.Admin().VerifyStore(context.Background(), nil)
		s.Close()
		if err != nil || !rep.OK() {
			t.Fatalf("run %d: verify after kill: %v %v", run, err, rep.Problems)
		}

		// The next restore is not blocked by anything the kill left.
		if _, _, err := RestoreBackup(backup, live, cred, RestoreOptions{}); err != nil {
			t.Fatalf("run %d: restore after the killed one: %v", run, err)
		}
		if m, _ := filepath.Glob(live + ".restoring*"); len(m) > 0 {
			t.Fatalf("run %d: left behind after a restore: %v", run, m)
		}
		s, sess = openAfterKill(t, run, live)
		list, err = sess.Patients().List(false)
		s.Close()
		if err != nil || len(list) != 5 {
			t.Fatalf("run %d: after the second restore: %d patients, %v", run, len(list), err)
		}
	}
	t.Logf("%d kills during restore (a whole restore takes %v): %d left the old store, %d the restored one, %d left a *.restoring that the next restore cleared (%.1f s)",
		runs, took.Round(time.Millisecond), olds, restoreds, strays, time.Since(start).Seconds())
}

// rotateSteps are the points between RotateKeys's steps where the
// rotation test also kills.
var rotateSteps = []string{"begun", "built", "swapped"}

// TestKillDuringRotation kills a process rotating the keys of a store (20
// times; DOSSIER_KILLS/5): at random moments and, every third run,
// exactly between two of its steps. After each kill the store at the path
// is the old one (under the old key, no "keys rotated" entry) or the whole
// new one (under the new key, with it): it opens, every user signs in with
// their password, tx.Check, the audit chain and verify pass, every patient
// is there, and the next rotation succeeds and leaves no *.rotating.
func TestKillDuringRotation(t *testing.T) {
	runs := crashKills(t, 0.2)
	dir := t.TempDir()
	pristine := filepath.Join(dir, "pristine.dossier")
	const patients = 300
	func() {
		s, sess, _, err := Create(pristine, model.DefaultClinic("Crash Clinic", "CRS"), model.User{Username: "admin", FullName: "A"}, testPassword, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := sess.Admin().CreateUser(model.User{Username: "clerk", FullName: "C", Role: model.RoleClerk}, testPassword); err != nil {
			t.Fatal(err)
		}
		manyPatients(t, sess, patients)
		clerk, err := s.SignIn("clerk", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := clerk.Pages().Import(model.ZeroID, []NewPage{crashPage(0, 0)}); err != nil {
			t.Fatal(err)
		}
	}()
	live := filepath.Join(dir, "live", "clinic.dossier")
	reset := func() {
		os.RemoveAll(filepath.Dir(live))
		if err := os.MkdirAll(filepath.Dir(live), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := copyFile(pristine, live); err != nil {
			t.Fatal(err)
		}
	}
	rotated := func(sess *Session) int {
		n := 0
		es, err := sess.Admin().Audit(model.AuditFilter{Action: model.ActRotateKeys}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if strings.HasPrefix(e.Detail, "keys rotated") {
				n++
			}
		}
		return n
	}
	// How long a whole rotation takes, to spread the random kills over it.
	reset()
	c := startCrashChild(t, "DOSSIER_CRASH_STORE="+live, "DOSSIER_CRASH_MODE=rotate")
	c.waitFor("start")
	t0 := time.Now()
	c.waitFor("ack rotated")
	took := time.Since(t0)
	c.finish(t, -1)

	rng := rand.New(rand.NewPCG(7, 8))
	var olds, news, strays int
	start := time.Now()
	for run := 0; run < runs; run++ {
		reset()
		env := []string{"DOSSIER_CRASH_STORE=" + live, "DOSSIER_CRASH_MODE=rotate"}
		atStep := run%3 == 2
		if atStep {
			env = append(env, "DOSSIER_CRASH_STEP="+rotateSteps[(run/3)%len(rotateSteps)])
		}
		c := startCrashChild(t, env...)
		if atStep {
			c.cmd.Wait()
		} else {
			c.waitFor("start")
			time.Sleep(time.Duration(rng.Int64N(int64(took) * 3 / 2)))
		}
		c.finish(t, run)
		if m, _ := filepath.Glob(live + ".rotating"); len(m) > 0 {
			strays++
		}
		s, sess := openAfterKill(t, run, live)
		if m, _ := filepath.Glob(live + ".rotating"); len(m) > 0 {
			s.Close()
			t.Fatalf("run %d: opening the store did not clear %v", run, m)
		}
		switch rotated(sess) {
		case 0:
			olds++
		case 1:
			news++
		default:
			s.Close()
			t.Fatalf("run %d: rotated more than once", run)
		}
		list, err := sess.Patients().List(false)
		if err != nil || len(list) != patients {
			s.Close()
			t.Fatalf("run %d: %d patients after the kill: %v", run, len(list), err)
		}
		rep, err := sess.Admin().VerifyStore(context.Background(), nil)
		if err != nil || !rep.OK() {
			s.Close()
			t.Fatalf("run %d: verify after kill: %v %v", run, err, rep.Problems)
		}
		sess.Lock(model.ActSignOut)
		clerk, err := s.SignIn("clerk", testPassword)
		if err != nil {
			s.Close()
			t.Fatalf("run %d: the clerk cannot sign in after the kill: %v", run, err)
		}
		clerk.Lock(model.ActSignOut)
		// The next rotation is not blocked by anything the kill left.
		sess, err = s.SignIn("admin", testPassword)
		if err == nil {
			_, err = sess.Admin().RotateKeys(context.Background(), nil)
		}
		s.Close()
		if err != nil {
			t.Fatalf("run %d: rotation after the killed one: %v", run, err)
		}
		if m, _ := filepath.Glob(live + ".rotating*"); len(m) > 0 {
			t.Fatalf("run %d: left behind after a rotation: %v", run, m)
		}
		s, sess = openAfterKill(t, run, live)
		rep, err = sess.Admin().VerifyStore(context.Background(), nil)
		s.Close()
		if err != nil || !rep.OK() {
			t.Fatalf("run %d: verify after the second rotation: %v %v", run, err, rep.Problems)
		}
	}
	t.Logf("%d kills during key rotation (a whole rotation of %d patients takes %v): %d left the old store, %d the rotated one, %d left a *.rotating that the next open cleared (%.1f s)",
		runs, patients, took.Round(time.Millisecond), olds, news, strays, time.Since(start).Seconds())
	if olds == 0 || news == 0 {
		t.Fatalf("the kills never hit both sides of the rename (%d old, %d new): the test tests nothing", olds, news)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
