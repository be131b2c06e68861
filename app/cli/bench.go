package cli

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"dossier/model"
	"dossier/model/demo"
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
	if err := parse(fs, args); err != nil {
		return err
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
	rows := [][3]string{}
	add := func(what, figure, target string) {
		rows = append(rows, [3]string{what, figure, target})
		fmt.Fprintf(env.Stderr, "  %s: %s\n", what, figure)
	}
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
	man, err := sess.BackupToFile(backupPath)
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

	openTook, rss, err := measureOpen(path)
	if err != nil {
		return err
	}
	add("Open and unlock (fresh process)", fmt.Sprintf("%.0f ms, resident memory %s", ms(openTook), rss), "≤ 2 s, ≤ 400 MB")

	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "MEASURE\tRESULT\tTARGET\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r[0], r[1], r[2])
	}
	return tw.Flush()
}

func timeSaves(sess *storage.Session, n int) ([]time.Duration, error) {
	list, err := sess.ListPatients(false)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var lat []time.Duration
	for i := 0; i < n; i++ {
		ps := list[rng.IntN(len(list))]
		p, rev, err := sess.GetPatient(ps.ID)
		if err == storage.ErrRestricted {
			continue
		}
		if err != nil {
			return nil, err
		}
		p.Phone = fmt.Sprintf("+256 77%07d", i)
		start := time.Now()
		if err := sess.UpdatePatient(p, rev.Rev, "bench edit"); err != nil {
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

// measureOpen opens and unlocks the store in a fresh process so its
// resident memory is the store's alone.
func measureOpen(path string) (time.Duration, string, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, "", err
	}
	cmd := exec.Command(exe, "bench-open", "--db", path)
	cmd.Env = append(os.Environ(), "DOSSIER_PASSWORD="+benchPassword)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, "", fmt.Errorf("open in a fresh process: %v: %s", err, out)
	}
	var nanos int64
	var rss string
	_, err = fmt.Sscanf(strings.TrimSpace(string(out)), "%d %s", &nanos, &rss)
	return time.Duration(nanos), rss, err
}

// runBenchOpen is the child of measureOpen.
func runBenchOpen(env *Env, g *globals, args []string) error {
	start := time.Now()
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	took := time.Since(start)
	defer s.Close()
	if _, err := sess.Clinic(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d %s\n", took.Nanoseconds(), residentMemory())
	return nil
}

// residentMemory reads the peak resident set from /proc (Linux).
func residentMemory() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
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
