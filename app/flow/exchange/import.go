package exchange

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"dossier/model"
	"dossier/model/exchange"
	"dossier/reports/fhir"
	"dossier/storage"
)

// ImportResult is what an import did, or (dry run) would do.
type ImportResult struct {
	DryRun  bool
	Plans   []exchange.Plan
	Skipped []exchange.Skip // records of the files that belong to no patient imported
	// Outcomes counts patients by outcome.
	Outcomes map[exchange.Outcome]int
	New      exchange.Counts
	Already  int
}

// SkippedCount is every record left out, in the files and per patient.
func (r ImportResult) SkippedCount() int {
	n := len(r.Skipped)
	for _, p := range r.Plans {
		n += len(p.Skipped)
	}
	return n
}

// String is the report's summary line.
func (r ImportResult) String() string {
	verb := "imported"
	if r.DryRun {
		verb = "would be imported (dry run: nothing written)"
	}
	var parts []string
	for _, o := range []exchange.Outcome{exchange.OutCreate, exchange.OutReview, exchange.OutLinked, exchange.OutUpdate,
		exchange.OutUnchanged, exchange.OutRefused} {
		if n := r.Outcomes[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, outcomeWords[o]))
		}
	}
	return fmt.Sprintf("%d patients %s: %s. Records added: %d encounters, %d conditions, %d observations, %d allergies, %d medications; %d already in the store; %d skipped.",
		len(r.Plans), verb, strings.Join(parts, ", "), r.New.Encounters, r.New.Conditions, r.New.Observations,
		r.New.Allergies, r.New.Medications, r.Already, r.SkippedCount())
}

var outcomeWords = map[exchange.Outcome]string{
	exchange.OutCreate: "new", exchange.OutReview: "new and sent to duplicate review",
	exchange.OutLinked: "matched to an existing patient", exchange.OutUpdate: "updated",
	exchange.OutUnchanged: "unchanged", exchange.OutRefused: "refused",
}

// OutcomeWords is an outcome as the report says it.
func OutcomeWords(o exchange.Outcome) string { return outcomeWords[o] }

// expand lists the files named, a folder meaning its .json and .ndjson
// files, sorted.
func expand(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var inDir []string
		for _, pat := range []string{"*.json", "*.ndjson", "*.json.gz", "*.ndjson.gz"} {
			m, _ := filepath.Glob(filepath.Join(p, pat))
			inDir = append(inDir, m...)
		}
		sort.Strings(inDir)
		files = append(files, inDir...)
	}
	return files, nil
}

// ReadFiles reads FHIR files (Bundles or NDJSON; a folder means its
// .json and .ndjson files) together into incoming patients: NDJSON keeps
// each resource type in its own file, so they are pooled before grouping.
func ReadFiles(sess *storage.Session, paths []string) ([]exchange.Incoming, []exchange.Skip, error) {
	c, err := sess.Clinic()
	if err != nil {
		return nil, nil, err
	}
	files, err := expand(paths)
	if err != nil {
		return nil, nil, err
	}
	r := &fhir.Reader{Prefix: c.MRNPrefix}
	for _, f := range files {
		if err := readFile(r, f); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	in, skipped := r.Patients()
	return in, skipped, nil
}

func readFile(r *fhir.Reader, path string) error {
	f, in, err := openExport(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return r.Read(in)
}

// openExport opens a file of resources for reading, through gunzip when
// its name ends in .gz; the caller closes f.
func openExport(path string) (f *os.File, in io.Reader, err error) {
	if f, err = os.Open(path); err != nil {
		return nil, nil, err
	}
	in = f
	if strings.HasSuffix(path, ".gz") {
		if in, err = gzip.NewReader(f); err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	return f, in, nil
}

// ImportFiles imports FHIR files as ReadFiles reads them, but a file per
// patient (Synthea writes a Bundle per person) is read and imported one
// file at a time, so a thousand bundles never sit in memory together;
// the NDJSON files are streamed together at the end, patients a batch at
// a time (ndjson.go).
// progress is called after each patient with the files done so far.
func ImportFiles(ctx context.Context, sess *storage.Session, paths []string, dryRun bool,
	progress func(patients, filesDone, files int)) (ImportResult, error) {
	res := ImportResult{DryRun: dryRun, Outcomes: map[exchange.Outcome]int{}}
	c, err := sess.Clinic()
	if err != nil {
		return res, err
	}
	files, err := expand(paths)
	if err != nil {
		return res, err
	}
	var pooled []string
	done := 0
	step := func(in []exchange.Incoming, skipped []exchange.Skip) error {
		part, err := Import(ctx, sess, in, skipped, dryRun, func(int, int) {
			if progress != nil {
				progress(len(res.Plans)+1, done, len(files))
			}
		})
		res.add(part)
		return err
	}
	var bundles []string
	for _, f := range files {
		if isNDJSON(f) {
			pooled = append(pooled, f)
		} else {
			bundles = append(bundles, f)
		}
	}
	stop := make(chan struct{})
	defer close(stop)
	// Bundles of a few patients (Synthea writes one a person) are taken
	// together, so that the store can commit a group at a time.
	var pending []exchange.Incoming
	var pendingSkips []exchange.Skip
	flush := func() error {
		if len(pending) == 0 && len(pendingSkips) == 0 {
			return nil
		}
		err := step(pending, pendingSkips)
		pending, pendingSkips = nil, nil
		return err
	}
	for p := range readAhead(bundles, c.MRNPrefix, stop) {
		r := <-p
		if r.err != nil {
			if err := flush(); err != nil {
				return res, err
			}
			return res, fmt.Errorf("%s: %w", r.path, r.err)
		}
		done++
		pending, pendingSkips = append(pending, r.in...), append(pendingSkips, r.skipped...)
		if len(pending) >= storage.ImportGroup {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	if err := flush(); err != nil {
		return res, err
	}
	if len(pooled) > 0 {
		err := importNDJSON(ctx, pooled, c.MRNPrefix, step)
		done += len(pooled)
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// readBundle is one Bundle file read into incoming patients.
type readBundle struct {
	path    string
	in      []exchange.Incoming
	skipped []exchange.Skip
	err     error
}

// readAhead reads Bundle files on every core while the store imports the
// ones read before (reading and decoding the JSON is most of an import's
// CPU; the store's transactions wait on the disk meanwhile). The files
// come out in their order, each as a channel that gives it once read; at
// most a few files per core are read ahead, so memory holds those, never
// the whole folder. Closing stop ends the reading early.
func readAhead(paths []string, prefix string, stop <-chan struct{}) <-chan chan readBundle {
	workers := max(1, runtime.NumCPU())
	out := make(chan chan readBundle, 2*workers)
	sem := make(chan struct{}, workers)
	go func() {
		defer close(out)
		for _, path := range paths {
			one := make(chan readBundle, 1)
			select {
			case out <- one:
			case <-stop:
				return
			}
			select {
			case sem <- struct{}{}:
			case <-stop:
				return
			}
			go func() {
				defer func() { <-sem }()
				r := &fhir.Reader{Prefix: prefix}
				rb := readBundle{path: path}
				if rb.err = readFile(r, path); rb.err == nil {
					rb.in, rb.skipped = r.Patients()
				}
				one <- rb
			}()
		}
	}()
	return out
}

// add folds another result into r.
func (r *ImportResult) add(o ImportResult) {
	r.Plans = append(r.Plans, o.Plans...)
	r.Skipped = append(r.Skipped, o.Skipped...)
	for k, v := range o.Outcomes {
		r.Outcomes[k] += v
	}
	r.New.Encounters += o.New.Encounters
	r.New.Conditions += o.New.Conditions
	r.New.Observations += o.New.Observations
	r.New.Allergies += o.New.Allergies
	r.New.Medications += o.New.Medications
	r.Already += o.Already
}

// Import brings the incoming patients in one after another, each patient
// all-or-nothing (storage's ImportMany commits a few unrelated patients
// together, so that they share one fsync), or with dryRun plans them all
// and writes nothing. A patient the store refuses is reported and the
// rest go on. progress, when not nil, is called after each patient; ctx
// cancels between groups (those done stay done).
func Import(ctx context.Context, sess *storage.Session, in []exchange.Incoming, fileSkips []exchange.Skip, dryRun bool,
	progress func(done, total int)) (ImportResult, error) {
	res := ImportResult{DryRun: dryRun, Skipped: fileSkips, Outcomes: map[exchange.Outcome]int{}}
	step := 1
	if !dryRun {
		step = storage.ImportGroup
	}
	for i := 0; i < len(in); i += step {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("import cancelled after %d of %d patients: %w", i, len(in), err)
		}
		group := in[i:min(i+step, len(in))]
		var plans []exchange.Plan
		var errs []error
		if dryRun {
			plan, err := sess.Exchange().Import(group[0], true)
			plans, errs = []exchange.Plan{plan}, []error{err}
		} else {
			plans, errs = sess.Exchange().ImportMany(group)
		}
		for k, plan := range plans {
			if err := errs[k]; err != nil {
				if c := model.CodeOf(err); c == model.Denied || c == model.Locked {
					return res, err
				}
				plan.Outcome, plan.Note = exchange.OutRefused, err.Error()
			}
			res.add(ImportResult{Plans: []exchange.Plan{plan}, Outcomes: map[exchange.Outcome]int{plan.Outcome: 1},
				New: plan.New, Already: plan.Already})
			if progress != nil {
				progress(i+k+1, len(in))
			}
		}
	}
	return res, nil
}
