package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
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
	reopen := fs.Bool("reopen", false, "measure only the index (unlock, search, duplicates) on the scratch store an earlier run left in --dir")
	noScan := fs.Bool("no-scan", false, "leave out the full duplicate scan (minutes at a million patients)")
	codesOnly := fs.Bool("codes", false, "measure the code search only (no scratch store)")
	noStats := fs.Bool("no-stats", false, "leave out the statistics (a year of encounters saved, then counted)")
	if err := parse(fs, args); err != nil {
		return err
	}
	rows := [][3]string{}
	add := func(what, figure, target string) {
		rows = append(rows, [3]string{what, figure, target})
		fmt.Fprintf(env.Stderr, "  %s: %s\n", what, figure)
	}
	// The code search first, in a fresh process: its first use is what a
	// coder waits for after starting Dossier.
	if !*reopen {
		if err := benchCodes(add); err != nil {
			return err
		}
	}
	if *codesOnly {
		return printRows(env, rows)
	}
	if *reopen {
		if *dir == "" {
			return errors.New("--reopen needs the --dir of an earlier run")
		}
		return reportIndex(env, filepath.Join(*dir, "bench.dossier"), *noScan)
	}
	path, removeScratch, err := scratchStore(dir, "dossier-bench-", "bench.dossier")
	if err != nil {
		return err
	}
	defer removeScratch()
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
	if hl, err := timeHL7(sess, 500); err != nil {
		add("Apply one HL7 message, fsync on", "failed: "+oneLine(err), "p99 ≤ 20 ms")
	} else {
		add("Apply one HL7 message, fsync on", fmt.Sprintf("p50 %.2f ms, p99 %.2f ms (%d messages)", ms(pct(hl, 50)), ms(pct(hl, 99)), len(hl)), "p99 ≤ 20 ms")
	}

	if !*noStats {
		list, err := sess.Patients().List(false)
		if err == nil {
			err = benchStatistics(sess, list, add)
		}
		if err != nil {
			s.Close()
			return fmt.Errorf("statistics: %w", err)
		}
	}

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

	ix, err := measureIndex(path, *noScan)
	if err != nil {
		return err
	}
	ix.rows(add)
	return printRows(env, rows)
}

// reportIndex measures the index of an existing scratch store.
func reportIndex(env *Env, path string, noScan bool) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	var rows [][3]string
	ix, err := measureIndex(path, noScan)
	if err != nil {
		return err
	}
	ix.rows(func(what, figure, target string) { rows = append(rows, [3]string{what, figure, target}) })
	for _, m := range ix.Missed {
		fmt.Fprintf(env.Stderr, "  typo missed: %s\n", m)
	}
	return printRows(env, rows)
}

func (ix indexFigures) rows(add func(what, figure, target string)) {
	add("Open and unlock (fresh process)", fmt.Sprintf("%.0f ms", ms(ix.Unlock)), "≤ 2 s")
	ready := fmt.Sprintf("%.0f ms", ms(ix.IndexReady))
	if ix.IndexReadyCPU > 0 {
		ready += fmt.Sprintf(" (process CPU %.0f ms)", ms(ix.IndexReadyCPU))
	}
	add("Patient index ready after unlock", ready, "≤ 1 s")
	ix.keystrokeRows(add)
	add("Duplicate check at registration", fmt.Sprintf("p50 %.1f ms, p95 %.1f ms", ms(ix.DupP50), ms(ix.DupP95)), "≤ 50 ms")
	if ix.Scan > 0 {
		add("Full duplicate scan (incl. saving the queue)", fmt.Sprintf("%.1f s, %d pairs to review", ix.Scan.Seconds(), ix.Pairs), "≤ 5 min")
	}
	add("Resident memory after unlock and index load (now / peak)", ix.RSS+" / "+ix.Peak, "≤ 300 MB")
}

func printRows(env *Env, rows [][3]string) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "MEASURE\tRESULT\tTARGET\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r[0], r[1], r[2])
	}
	return tw.Flush()
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
	Unlock, IndexReady   time.Duration
	IndexReadyCPU        time.Duration    // process CPU of the load (0: not read here)
	Short, Long          [3]time.Duration // keystroke p50, p95, p99: last word of 1–2 letters, of 3 or more
	ShortCPU, LongCPU    [3]time.Duration // the same in the searching thread's CPU time (0: not read here)
	ShortN, LongN        int
	DupP50, DupP95, Scan time.Duration
	Pairs                int
	RSS, Peak            string
	Recall               search.TypoRecall
	Missed               []string // the typos whose patient was not in the first 10, and where it was
}

// measureIndex runs the index measurements in a fresh process so resident
// memory is the store's and the index's alone.
func measureIndex(path string, noScan bool) (indexFigures, error) {
	var f indexFigures
	exe, err := os.Executable()
	if err != nil {
		return f, err
	}
	args := []string{"bench-open", "--db", path}
	if noScan {
		args = append(args, "--no-scan")
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "DOSSIER_PASSWORD="+benchPassword)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return f, fmt.Errorf("measure in a fresh process: %v: %s", err, stderr.String())
	}
	err = json.Unmarshal(out, &f)
	return f, err
}

// keystrokeRows are the search figures as table rows.
func (f indexFigures) keystrokeRows(add func(what, figure, target string)) {
	figure := func(d, cpu [3]time.Duration, n int) string {
		s := fmt.Sprintf("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d keystrokes)", ms(d[0]), ms(d[1]), ms(d[2]), n)
		if cpu[2] > 0 {
			s += fmt.Sprintf("; thread CPU p50 %.2f, p95 %.2f, p99 %.2f ms", ms(cpu[0]), ms(cpu[1]), ms(cpu[2]))
		}
		return s
	}
	add("Search per keystroke, last word 1–2 letters", figure(f.Short, f.ShortCPU, f.ShortN), "p99 ≤ 10 ms")
	add("Search per keystroke, last word 3+ letters", figure(f.Long, f.LongCPU, f.LongN), "p99 ≤ 10 ms")
	r := f.Recall
	var by []string
	for _, p := range search.TypoPositions {
		v := r.ByPosition[p]
		by = append(by, fmt.Sprintf("%s %.3f", p, float64(v[0])/float64(max(1, v[1]))))
	}
	for _, k := range search.TypoKinds {
		v := r.ByKind[k]
		by = append(by, fmt.Sprintf("%s %.3f", k, float64(v[0])/float64(max(1, v[1]))))
	}
	add("Typo recall@10, given name + mistyped family name", fmt.Sprintf("%.3f of %d (%s)", r.Rate(), r.Total, strings.Join(by, ", ")), "≥ 0.95")
}

// runBenchOpen is the child of measureIndex: unlock, load the index, type
// names keystroke by keystroke (with typos), check new registrations for
// duplicates, measure recall on the fixed typo set, and scan the whole
// index. It prints indexFigures as JSON.
func runBenchOpen(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "bench-open")
	noScan := fs.Bool("no-scan", false, "leave out the full duplicate scan")
	if err := parse(fs, args); err != nil {
		return err
	}
	var f indexFigures
	start := time.Now()
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	f.Unlock = time.Since(start)
	if pf := os.Getenv("PROBE_CPU"); pf != "" {
		out, _ := os.Create(pf)
		pprof.StartCPUProfile(out)
	}
	start = time.Now()
	cpu0, cpuOK := processCPU()
	ix, err := sess.Patients().Index()
	pprof.StopCPUProfile()
	if err != nil {
		return err
	}
	f.IndexReady = time.Since(start)
	if cpu1, _ := processCPU(); cpuOK {
		f.IndexReadyCPU = cpu1 - cpu0
	}
	debug.FreeOSMemory()
	// Heap memory (anonymous) is what the index costs; file pages are the
	// store's memory map, which the OS reclaims under pressure.
	f.RSS = procStatus("RssAnon:") + "(+" + procStatus("RssFile:") + "file)"
	f.Peak = residentMemory()

	rng := rand.New(rand.NewPCG(3, 4))
	var short, long, shortCPU, longCPU, dup []time.Duration
	// Each keystroke is timed in wall time and in this thread's CPU time
	// (the machine may be shared: the wall clock then counts waiting for a
	// core).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
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
			c0, _ := threadCPU()
			t0 := time.Now()
			if _, err := sess.Patients().Search(search.Query{Text: text[:k], Limit: 50}, false); err != nil {
				return err
			}
			d := time.Since(t0)
			c1, cpuOK := threadCPU()
			if w := strings.Fields(text[:k]); len(w) > 0 && len(w[len(w)-1]) <= 2 && !strings.HasSuffix(text[:k], " ") {
				short = append(short, d)
				if cpuOK {
					shortCPU = append(shortCPU, c1-c0)
				}
			} else {
				long = append(long, d)
				if cpuOK {
					longCPU = append(longCPU, c1-c0)
				}
			}
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
	f.Short = [3]time.Duration{pct(short, 50), pct(short, 95), pct(short, 99)}
	f.Long = [3]time.Duration{pct(long, 50), pct(long, 95), pct(long, 99)}
	f.ShortN, f.LongN = len(short), len(long)
	f.ShortCPU = [3]time.Duration{pct(shortCPU, 50), pct(shortCPU, 95), pct(shortCPU, 99)}
	f.LongCPU = [3]time.Duration{pct(longCPU, 50), pct(longCPU, 95), pct(longCPU, 99)}
	f.DupP50, f.DupP95 = pct(dup, 50), pct(dup, 95)
	if f.Recall, f.Missed, err = typoRecall(sess, ix); err != nil {
		return err
	}
	if *noScan {
		return json.NewEncoder(env.Stdout).Encode(f)
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
	f.Scan = time.Since(start)
	f.Pairs = scanned.Open
	return json.NewEncoder(env.Stdout).Encode(f)
}

// typoRecall searches the fixed typo set (search.TypoSeed) drawn from 5,000
// patients of the store: given name and a family name with one edit; a hit
// is the intended patient, or a namesake, in the first 10 results. Each
// miss is described: kind, position, text, the patient, the rank found at
// in the first 100 (0: not there) and the 10th result's score.
func typoRecall(sess *storage.Session, ix storage.PatientIndex) (search.TypoRecall, []string, error) {
	var r search.TypoRecall
	var missed []string
	rng := rand.New(rand.NewPCG(search.TypoSeed, 1))
	var people []search.Entry
	var names [][2]string
	for len(people) < 5000 && ix.Len() > 0 {
		e, ok := ix.At(rng.IntN(ix.Len()))
		if !ok || e.Restricted || e.Hidden() {
			continue
		}
		people = append(people, e)
		names = append(names, [2]string{e.Given, e.Family})
	}
	for _, c := range search.TypoSet(search.TypoSeed, names, 25) {
		want := people[c.Target]
		res, err := sess.Patients().Search(search.Query{Text: c.Text, Limit: 10}, false)
		if err != nil {
			return r, nil, err
		}
		found := false
		for _, got := range res {
			if e, ok := ix.Get(got.ID); ok && search.IsTarget(e, want.ID, want.Given, want.Family) {
				found = true
				break
			}
		}
		r.Add(c, found)
		if !found {
			at, score := 0, 0.0
			more, err := sess.Patients().Search(search.Query{Text: c.Text, Limit: 100}, false)
			if err != nil {
				return r, nil, err
			}
			for i, got := range more {
				if e, ok := ix.Get(got.ID); ok && search.IsTarget(e, want.ID, want.Given, want.Family) {
					at, score = i+1, got.Score
					break
				}
			}
			tenth := 0.0
			if len(res) > 0 {
				tenth = res[len(res)-1].Score
			}
			missed = append(missed, fmt.Sprintf("%s %s %q for %s %s: rank %d score %.3f, 10th %.3f", c.Position, c.Kind, c.Text, want.Given, want.Family, at, score, tenth))
		}
	}
	return r, missed, nil
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

// scratchStore is the path of a benchmark's scratch store in *dir, made a
// new temporary folder (removed by done) when *dir is empty; a store an
// earlier run left there is removed first.
func scratchStore(dir *string, prefix, name string) (path string, done func(), err error) {
	done = func() {}
	if *dir == "" {
		d, err := os.MkdirTemp("", prefix)
		if err != nil {
			return "", done, err
		}
		done = func() { os.RemoveAll(d) }
		*dir = d
	}
	path = filepath.Join(*dir, name)
	os.Remove(path)
	return path, done, nil
}
