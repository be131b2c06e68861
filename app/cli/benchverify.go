package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	scanflow "dossier/app/flow/scan"
	"dossier/model"
	"dossier/model/demo"
	scanin "dossier/reports/imports/scans"
	"dossier/storage"
)

// runBenchVerify builds a scratch store of N patients (as bench does) and
// P scanned pages (as bench-pages does), then times `dossier verify` of
// the live store (Admin().VerifyStore) in a fresh process, with its memory.
func runBenchVerify(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "bench-verify")
	n := fs.Int("patients", 1_000_000, "patients in the scratch store")
	total := fs.Int("pages", 10_000, "scanned pages in the scratch store")
	dir := fs.String("dir", "", "folder for the scratch store (default: a temporary folder, removed after)")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, removeScratch, err := scratchStore(dir, "dossier-bench-verify-", "verify.dossier")
	if err != nil {
		return err
	}
	defer removeScratch()
	var rows [][3]string
	add := func(what, figure, target string) {
		rows = append(rows, [3]string{what, figure, target})
		fmt.Fprintf(env.Stderr, "  %s: %s\n", what, figure)
	}
	fmt.Fprintf(env.Stderr, "Benchmarking verify on %d cores with %d patients and %d pages in %s\n", runtime.NumCPU(), *n, *total, *dir)

	build := time.Now()
	if err := buildVerifyStore(env, path, *n, *total); err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	add("Scratch store", fmt.Sprintf("%d patients, %d pages, %.2f GiB (built in %.0f s)", *n, *total, float64(info.Size())/(1<<30), time.Since(build).Seconds()), "")

	f, err := measureVerify(path)
	if err != nil {
		return err
	}
	add("Verify the live store (tx.Check, every revision, every image chunk, the audit chain), fresh process",
		fmt.Sprintf("%.1f s (%.0f MiB/s); %d records, %d revisions, %d image chunks, %d audit entries, %d problems",
			f.took.Seconds(), float64(info.Size())/(1<<20)/f.took.Seconds(), f.records, f.revisions, f.chunks, f.audit, f.problems), "")
	add("Memory during verify: peak Go heap / peak anonymous RSS / peak RSS incl. the store's mapped pages",
		fmt.Sprintf("%.0f MiB / %s / %s", float64(f.heapPeak)/(1<<20), f.anonPeak, f.hwm), "")
	if f.problems != 0 {
		return fmt.Errorf("verify found %d problems in the scratch store", f.problems)
	}

	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "MEASURE\tRESULT\tTARGET\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r[0], r[1], r[2])
	}
	return tw.Flush()
}

// buildVerifyStore creates the scratch store: the patients through the
// demo/import path, then pages: up to 20 synthetic 300 dpi A4 scans
// through the real import, copied (as new pages, newly sealed) until the
// store holds total.
func buildVerifyStore(env *Env, path string, patients, total int) error {
	s, sess, _, err := storage.Create(path, model.DefaultClinic("Bench Clinic", "BEN"),
		model.User{Username: "admin", FullName: "Bench"}, benchPassword, storage.Options{KDF: storage.CalibrateKDF(time.Second)})
	if err != nil {
		return err
	}
	defer s.Close()
	cfg := demo.Config{Patients: patients, Seed: 7, Today: time.Now()}
	if err := streamPatients(env, sess, cfg); err != nil {
		return err
	}
	if total <= 0 {
		return nil
	}
	if _, err := sess.Admin().CreateUser(model.User{Username: "clerk", FullName: "Bench Clerk", Role: model.RoleSupervisor}, benchPassword); err != nil {
		return err
	}
	clerk, err := s.SignIn("clerk", benchPassword)
	if err != nil {
		return err
	}
	files := make([]scanin.Input, min(total, 20))
	for i := range files {
		files[i] = scanin.Input{Name: fmt.Sprintf("page%03d.jpg", i+1), Data: syntheticA4(uint64(i))}
	}
	if _, err := scanflow.Import(context.Background(), clerk, model.ZeroID, files, nil); err != nil {
		return err
	}
	tray, err := clerk.Pages().Unfiled(false)
	if err != nil {
		return err
	}
	proto := make([]storage.NewPage, len(tray))
	for i, p := range tray {
		o, _ := clerk.Pages().Image(p.Original)
		d, _ := clerk.Pages().Image(p.Display)
		t, _ := clerk.Pages().Image(p.Thumb)
		proto[i] = storage.NewPage{Source: p.Source, Format: p.Format, Original: o, Display: d, Thumb: t, Width: p.Width, Height: p.Height, DPI: p.DPI, Ink: p.Ink}
	}
	for done := len(tray); done < total; {
		k := min(len(proto), total-done)
		if _, err := clerk.Pages().Import(model.ZeroID, proto[:k]); err != nil {
			return err
		}
		done += k
		fmt.Fprintf(env.Stderr, "\r%d of %d pages", done, total)
	}
	fmt.Fprintln(env.Stderr)
	return nil
}

// verifyFigures are what the fresh child process measured.
type verifyFigures struct {
	took                       time.Duration
	records, revisions, chunks int
	audit                      uint64
	problems                   int
	heapPeak                   uint64
	anonPeak, hwm              string
}

// measureVerify runs the verification in a fresh process so its memory is
// the verification's alone.
func measureVerify(path string) (verifyFigures, error) {
	var f verifyFigures
	exe, err := os.Executable()
	if err != nil {
		return f, err
	}
	cmd := exec.Command(exe, "bench-verify-open", "--db", path)
	cmd.Env = append(os.Environ(), "DOSSIER_PASSWORD="+benchPassword)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return f, fmt.Errorf("verify in a fresh process: %v: %s", err, stderr.String())
	}
	var ns int64
	_, err = fmt.Sscanf(strings.TrimSpace(string(out)), "%d %d %d %d %d %d %d %s %s",
		&ns, &f.records, &f.revisions, &f.chunks, &f.audit, &f.problems, &f.heapPeak, &f.anonPeak, &f.hwm)
	f.took = time.Duration(ns)
	return f, err
}

// runBenchVerifyOpen is the child of measureVerify: sign in and verify the
// store, sampling memory meanwhile.
func runBenchVerifyOpen(env *Env, g *globals, args []string) error {
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	runtime.GC()
	var heapPeak uint64
	var anonPeak int64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			heapPeak = max(heapPeak, ms.HeapInuse+ms.StackInuse)
			var kb int64
			fmt.Sscanf(strings.TrimSuffix(procStatus("RssAnon:"), "kB"), "%d", &kb)
			anonPeak = max(anonPeak, kb)
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	rep, err := sess.Admin().VerifyStore(context.Background(), nil)
	took := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		return err
	}
	for _, p := range rep.Problems[:min(len(rep.Problems), 5)] {
		fmt.Fprintln(env.Stderr, "problem:", p)
	}
	fmt.Fprintf(env.Stdout, "%d %d %d %d %d %d %d %s %s\n", took, rep.Records, rep.Revisions, rep.ImageChunks, rep.AuditEntries,
		len(rep.Problems), heapPeak, fmt.Sprintf("%.0fMiB", float64(anonPeak)/1024), residentMemory())
	return nil
}
