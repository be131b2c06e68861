package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"dossier/model"
	"dossier/model/demo"
	"dossier/model/search"
	"dossier/storage"
)

const benchPassword = "bench password 1"

// runBench builds a scratch store (never the clinic's) and measures what
// the foundation promises. Figures come from here, never from tests.
func runBench(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "bench")
	n := fs.Int("patients", 100_000, "patients in the scratch store")
	saves := fs.Int("saves", 500, "single revisions to time")
	dir := fs.String("dir", "", "folder for the scratch store (default: a temporary folder, removed after)")
	codesOnly := fs.Bool("codes", false, "measure the code search only (no scratch store)")
	if err := parse(fs, args); err != nil {
		return err
	}
	rows := [][3]string{}
	add := func(what, figure, target string) {
		rows = append(rows, [3]string{what, figure, target})
		fmt.Fprintf(env.Stderr, "  %s: %s\n", what, figure)
	}
	table := func() error {
		tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "MEASURE\tRESULT\tTARGET\n")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r[0], r[1], r[2])
		}
		return tw.Flush()
	}
	// The code search first, in a fresh process: its first use is what a
	// coder waits for after starting Dossier.
	if err := benchCodes(add); err != nil {
		return err
	}
	if *codesOnly {
		return table()
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "dossier-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	path := filepath.Join(*dir, "bench.dossier")
	os.Remove(path)
	fmt.Fprintf(env.Stderr, "Benchmarking on %d cores with %d patients in %s\n", runtime.NumCPU(), *n, *dir)

	kdf := storage.CalibrateKDF(time.Second)
	s, sess, _, err := storage.Create(path, model.DefaultClinic("Bench Clinic", "BEN"),
		model.User{Username: "admin", FullName: "Bench"}, benchPassword, storage.Options{KDF: kdf})
	if err != nil {
		return err
	}
	add("Argon2id setting (calibrated)", fmt.Sprintf("%d MiB, t=%d, p=%d", kdf.MemoryKiB/1024, kdf.Time, kdf.Threads), "≥ 64 MiB, t ≥ 3, ~1 s")

	start := time.Now()
	cfg := demo.Config{Patients: *n, Seed: 7, Today: time.Now()}
	if err := streamPatients(&Env{Stdout: io.Discard, Stderr: io.Discard}, sess, cfg); err != nil {
		s.Close()
		return err
	}
	took := time.Since(start)
	add("Bulk creation (demo/import path)", fmt.Sprintf("%.0f patients/s", float64(*n)/took.Seconds()), "≥ 10,000 patients/s")

	lat, err := timeSaves(sess, *saves)
	if err != nil {
		s.Close()
		return err
	}
	add("Save one patient revision, fsync on", fmt.Sprintf("p50 %.2f ms, p99 %.2f ms (%d saves)", ms(pct(lat, 50)), ms(pct(lat, 99)), len(lat)), "p99 ≤ 20 ms")

	backupPath := filepath.Join(*dir, "bench.dbak")
	start = time.Now()
	man, err := sess.Admin().BackupToFile(backupPath)
	backupTook := time.Since(start)
	s.Close()
	if err != nil {
		return err
	}
	copyTook, err := plainCopy(path, filepath.Join(*dir, "copy.raw"))
	if err != nil {
		return err
	}
	mb := float64(man.Size) / (1 << 20)
	add("Store size", fmt.Sprintf("%.0f MiB", mb), "")
	add("Backup (hot, checksummed, fsync)", fmt.Sprintf("%.0f MiB/s = %.0f%% of a plain copy (%.0f MiB/s)",
		mb/backupTook.Seconds(), 100*copyTook.Seconds()/backupTook.Seconds(), mb/copyTook.Seconds()), "≥ 80% of a plain copy")

	ix, err := measureIndex(path)
	if err != nil {
		return err
	}
	add("Open and unlock (fresh process)", fmt.Sprintf("%.0f ms", ms(ix.unlock)), "≤ 2 s")
	add("Patient index ready after unlock", fmt.Sprintf("%.0f ms", ms(ix.indexReady)), "≤ 2 s")
	add("Search per keystroke (storage, not audited)", fmt.Sprintf("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d keystrokes)", ms(ix.searchP50), ms(ix.searchP95), ms(ix.searchP99), ix.keystrokes), "p95 ≤ 10 ms")
	add("Duplicate check at registration", fmt.Sprintf("p50 %.1f ms, p95 %.1f ms", ms(ix.dupP50), ms(ix.dupP95)), "≤ 50 ms")
	add("Full duplicate scan (incl. saving the queue)", fmt.Sprintf("%.1f s, %d pairs to review", ix.scan.Seconds(), ix.pairs), "≤ 5 min")
	add("Resident memory after unlock and index load (now / peak)", ix.rss+" / "+ix.peak, "≤ 400 MB")

	return table()
}

func timeSaves(sess *storage.Session, n int) ([]time.Duration, error) {
	list, err := sess.Patients().List(false)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var lat []time.Duration
	for i := 0; i < n; i++ {
		ps := list[rng.IntN(len(list))]
		p, rev, err := sess.Patients().Get(ps.ID)
		if err == storage.ErrRestricted {
			continue
		}
		if err != nil {
			return nil, err
		}
		p.Phone = fmt.Sprintf("+256 77%07d", i)
		start := time.Now()
		if err := sess.Patients().Update(p, rev.Rev, "bench edit"); err != nil {
			return nil, err
		}
		lat = append(lat, time.Since(start))
	}
	return lat, nil
}

func plainCopy(src, dst string) (time.Duration, error) {
	start := time.Now()
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	defer os.Remove(dst)
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return 0, err
	}
	if err := out.Sync(); err != nil {
		return 0, err
	}
	out.Close()
	return time.Since(start), nil
}

// indexFigures are what the fresh child process measured.
type indexFigures struct {
	unlock, indexReady              time.Duration
	searchP50, searchP95, searchP99 time.Duration
	dupP50, dupP95, scan            time.Duration
	keystrokes, pairs               int
	rss, peak                       string
}

// measureIndex runs the index measurements in a fresh process so resident
// memory is the store's and the index's alone.
func measureIndex(path string) (indexFigures, error) {
	var f indexFigures
	exe, err := os.Executable()
	if err != nil {
		return f, err
	}
	cmd := exec.Command(exe, "bench-open", "--db", path)
	cmd.Env = append(os.Environ(), "DOSSIER_PASSWORD="+benchPassword)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return f, fmt.Errorf("measure in a fresh process: %v: %s", err, stderr.String())
	}
	var ns [8]int64
	_, err = fmt.Sscanf(strings.TrimSpace(string(out)), "%d %d %d %d %d %d %d %d %d %d %s %s",
		&ns[0], &ns[1], &ns[2], &ns[3], &ns[4], &ns[5], &ns[6], &ns[7], &f.keystrokes, &f.pairs, &f.rss, &f.peak)
	f.unlock, f.indexReady, f.searchP50, f.searchP95 = time.Duration(ns[0]), time.Duration(ns[1]), time.Duration(ns[2]), time.Duration(ns[3])
	f.searchP99, f.dupP50, f.dupP95, f.scan = time.Duration(ns[4]), time.Duration(ns[5]), time.Duration(ns[6]), time.Duration(ns[7])
	return f, err
}

// runBenchOpen is the child of measureIndex: unlock, load the index, type
// names keystroke by keystroke (with typos), check new registrations for
// duplicates, and scan the whole index.
func runBenchOpen(env *Env, g *globals, args []string) error {
	start := time.Now()
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	unlock := time.Since(start)
	start = time.Now()
	ix, err := sess.Patients().Index()
	if err != nil {
		return err
	}
	ready := time.Since(start)
	debug.FreeOSMemory()
	// Heap memory (anonymous) is what the index costs; file pages are the
	// store's memory map, which the OS reclaims under pressure.
	rss, peak := procStatus("RssAnon:")+"(+"+procStatus("RssFile:")+"file)", residentMemory()

	rng := rand.New(rand.NewPCG(3, 4))
	var typing, dup []time.Duration
	for n := 0; n < 300; n++ {
		e, ok := ix.At(rng.IntN(ix.Len()))
		if !ok {
			continue
		}
		text := strings.ToLower(e.Given + " " + e.Family)
		if n%3 == 0 && len(text) > 4 { // a typo: swap two letters
			b := []byte(text)
			i := 1 + rng.IntN(len(b)-3)
			b[i], b[i+1] = b[i+1], b[i]
			text = string(b)
		}
		for k := 1; k <= len(text); k++ {
			t0 := time.Now()
			if _, err := sess.Patients().Search(search.Query{Text: text[:k], Limit: 50}, false); err != nil {
				return err
			}
			typing = append(typing, time.Since(t0))
		}
		if n < 200 {
			p := model.Patient{GivenName: e.Given, FamilyName: e.Family + "e", Sex: e.Sex, BirthDate: e.Birth, Address: e.Address}
			t0 := time.Now()
			if _, err := sess.Duplicates().Likely(p); err != nil {
				return err
			}
			dup = append(dup, time.Since(t0))
		}
	}
	// A supervisor runs the scan; a second run on the same scratch store
	// finds the account already there.
	sess.Admin().CreateUser(model.User{Username: "benchsup", FullName: "Bench", Role: model.RoleSupervisor}, benchPassword)
	supSess, err := s.SignIn("benchsup", benchPassword)
	if err != nil {
		return err
	}
	start = time.Now()
	scanned, err := supSess.Duplicates().Scan(context.Background(), nil)
	if err != nil {
		return err
	}
	scan := time.Since(start)
	fmt.Fprintf(env.Stdout, "%d %d %d %d %d %d %d %d %d %d %s %s\n", unlock, ready, pct(typing, 50), pct(typing, 95), pct(typing, 99),
		pct(dup, 50), pct(dup, 95), scan, len(typing), scanned.Open, rss, peak)
	return nil
}

// residentMemory reads the peak resident set from /proc (Linux).
func residentMemory() string { return procStatus("VmHWM:") }

func procStatus(field string) string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			return strings.ReplaceAll(strings.TrimSpace(v), " ", "")
		}
	}
	return "n/a"
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
