package cli

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"dossier/storage"
)

// runBenchRotate builds a scratch store of N patients and P pages (as
// bench-verify does), then times rotating its keys (Admin().RotateKeys),
// with the Go heap's peak meanwhile, and checks the result with verify.
func runBenchRotate(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "bench-rotate")
	n := fs.Int("patients", 10_000, "patients in the scratch store")
	total := fs.Int("pages", 100, "scanned pages in the scratch store")
	dir := fs.String("dir", "", "folder for the scratch store (default: a temporary folder, removed after)")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, removeScratch, err := scratchStore(dir, "dossier-bench-rotate-", "rotate.dossier")
	if err != nil {
		return err
	}
	defer removeScratch()
	fmt.Fprintf(env.Stderr, "Benchmarking key rotation on %d cores with %d patients and %d pages in %s\n", runtime.NumCPU(), *n, *total, *dir)
	if err := buildVerifyStore(env, path, *n, *total); err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	sess, err := s.SignIn("admin", benchPassword)
	if err != nil {
		return err
	}
	runtime.GC()
	var heapPeak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			heapPeak = max(heapPeak, ms.HeapInuse+ms.StackInuse)
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	plan, err := sess.Admin().RotateKeys(context.Background(), nil)
	took := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		return err
	}
	vstart := time.Now()
	rep, err := sess.Admin().VerifyStore(context.Background(), nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Rotate keys: %d patients, %d pages, %.2f GiB store: %.1f s (%.0f MiB/s), %d values re-sealed, peak Go heap %.0f MiB; verify after: %.1f s, %d problems\n",
		*n, *total, float64(info.Size())/(1<<30), took.Seconds(), float64(info.Size())/(1<<20)/took.Seconds(), plan.Values,
		float64(heapPeak)/(1<<20), time.Since(vstart).Seconds(), len(rep.Problems))
	if !rep.OK() {
		return fmt.Errorf("verify after rotating found %d problems (first: %s)", len(rep.Problems), rep.Problems[0])
	}
	return nil
}
