package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"dossier/app/flow/exchange"
	"dossier/model"
	"dossier/model/demo"
	"dossier/storage"
)

// runBenchExport builds a scratch store of N patients, each with an
// outpatient encounter (diagnosis written, coded), and times the FHIR Bulk
// NDJSON export of the whole clinic (exchange.ExportBulk, as `dossier
// export fhir --all`): patients a second, CPU time per patient, and the Go
// heap before the export and at its peak, so runs at two sizes show
// whether the export's memory grows with the clinic (issue 18: it must
// not). The store's own search index is in the heap before; what the
// export adds is the peak less that.
func runBenchExport(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "bench-export")
	n := fs.Int("patients", 10_000, "patients in the scratch store")
	dir := fs.String("dir", "", "folder for the scratch store (default: a temporary folder, removed after)")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, removeScratch, err := scratchStore(dir, "dossier-bench-export-", "export.dossier")
	if err != nil {
		return err
	}
	defer removeScratch()
	fmt.Fprintf(env.Stderr, "Benchmarking the FHIR export on %d cores with %d patients in %s\n", runtime.NumCPU(), *n, filepath.Dir(path))
	if err := buildExportStore(env, path, *n); err != nil {
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
	out, err := os.MkdirTemp(filepath.Dir(path), "ndjson-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heapBefore := ms.HeapInuse + ms.StackInuse
	heapPeak := heapBefore
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
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	cpu0, _ := processCPU()
	start := time.Now()
	res, err := exchange.ExportBulk(context.Background(), sess, out, time.Time{}, "benchmark", false, nil)
	took := time.Since(start)
	cpu1, _ := processCPU()
	close(stop)
	<-done
	if err != nil {
		return err
	}
	resources := 0
	for _, k := range res.Resources {
		resources += k
	}
	fmt.Fprintf(env.Stdout, "FHIR NDJSON export: %d patients, %d resources: %.1f s, %.0f patients/s, CPU %.0f µs a patient; Go heap %.0f MiB before, peak %.0f MiB (+%.0f MiB during the export)\n",
		res.Patients, resources, took.Seconds(), float64(res.Patients)/took.Seconds(),
		float64((cpu1-cpu0).Microseconds())/float64(max(1, res.Patients)),
		float64(heapBefore)/(1<<20), float64(heapPeak)/(1<<20), float64(heapPeak-heapBefore)/(1<<20))
	return nil
}

// buildExportStore is a scratch store of n demo patients, each with one
// coded outpatient encounter, written 10,000 patients a transaction.
func buildExportStore(env *Env, path string, n int) error {
	s, sess, _, err := storage.Create(path, model.DefaultClinic("Bench Clinic", "BEN"),
		model.User{Username: "admin", FullName: "Bench"}, benchPassword, storage.Options{KDF: storage.CalibrateKDF(time.Second)})
	if err != nil {
		return err
	}
	defer s.Close()
	const chunk = 10_000
	buf := make([]model.Patient, 0, chunk)
	day := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	var saveErr error
	flush := func(done int) bool {
		if saveErr = sess.Patients().RegisterMany(buf, nil); saveErr != nil {
			return false
		}
		encs := make([]model.Encounter, len(buf))
		for i, p := range buf {
			encs[i] = model.Encounter{PatientID: p.ID, Type: model.EncOutpatient, Start: day.Add(-time.Duration(i%500) * time.Hour),
				Reason: "fever", Diagnoses: []string{"malaria"}, CodingStatus: model.CodingDone,
				Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "malaria", System: "ICD-10-CM", Version: "2021",
					Code: "B54", Title: "Unspecified malaria", Principal: true}}}
		}
		if saveErr = sess.Encounters().CreateChartItems(encs, nil); saveErr != nil {
			return false
		}
		buf = buf[:0]
		fmt.Fprintf(env.Stderr, "\r%d of %d patients", done, n)
		return true
	}
	demo.Patients(demo.Config{Patients: n, Seed: 7, Today: time.Now()}, func(i int, p model.Patient) bool {
		buf = append(buf, p)
		if len(buf) == chunk {
			return flush(i + 1)
		}
		return true
	})
	if saveErr == nil && len(buf) > 0 {
		flush(n)
	}
	fmt.Fprintln(env.Stderr)
	return saveErr
}
