package exchange

import (
	"context"
	"fmt"
	"hash/maphash"
	"strings"

	"dossier/model/exchange"
	"dossier/reports/fhir"
)

// Bulk NDJSON is imported streaming: the files (one per resource type)
// are read line by line, patients a batch at a time. Each pass over the
// files keeps only the resources of the batch's patients (and those about
// no patient, such as practitioners, which encounters name), so memory is
// bounded by the batch, never by the files; the patients themselves go in
// one transaction each as from a Bundle, with the same preview, duplicate
// checks and idempotence. What the files hold beyond is only a hash of
// each patient's reference (8 bytes), to report resources whose patient
// is in none of the files.

// ndjsonBatch is how many patients one pass over the files gathers.
var ndjsonBatch = 1000

// ndjsonFile is what the first pass learnt of a file, so later passes
// open only the files that matter.
type ndjsonFile struct {
	path                string
	patients, resources bool // holds Patient resources; holds others
}

func isNDJSON(path string) bool {
	return strings.HasSuffix(path, ".ndjson") || strings.HasSuffix(path, ".ndjson.gz")
}

// streamFile calls fn for each resource of an NDJSON file (gzip or not).
func streamFile(path string, fn func(line int, res fhir.Streamed) error) error {
	f, in, err := openExport(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := fhir.Stream(in, fn); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// importNDJSON imports NDJSON files streaming; step imports one batch.
func importNDJSON(ctx context.Context, paths []string, prefix string,
	step func(in []exchange.Incoming, skipped []exchange.Skip) error) error {
	// First pass: which files hold what, each patient's reference
	// hashed, and the Bundles of NDJSON of Bundles imported as they come.
	seed := maphash.MakeSeed()
	known := map[uint64]struct{}{}
	files := make([]ndjsonFile, len(paths))
	for i, p := range paths {
		files[i].path = p
		binaries := 0
		err := streamFile(p, func(line int, res fhir.Streamed) error {
			switch {
			case res.Type == "Binary":
				// Page images (an export --with-images): Dossier files
				// pages from scans, so they are reported, never held.
				binaries++
			case res.Type == "Bundle":
				r := &fhir.Reader{Prefix: prefix}
				if err := r.Add(res); err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
				in, skipped := r.Patients()
				return step(in, skipped)
			case res.Type == "Patient":
				files[i].patients = true
				if res.Patient != "" {
					known[maphash.String(seed, res.Patient)] = struct{}{}
				}
			default:
				files[i].resources = true
			}
			return ctx.Err()
		})
		if err != nil {
			return err
		}
		if binaries > 0 {
			skip := exchange.Skip{Source: fmt.Sprintf("%d Binary resources in %s", binaries, p),
				Reason: "page images are not imported (scan the paper pages into Dossier)"}
			if err := step(nil, []exchange.Skip{skip}); err != nil {
				return err
			}
		}
	}
	seen := map[string]bool{} // skips reported already (shared resources come in every batch)
	for start := 0; ; start += ndjsonBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := &fhir.Reader{Prefix: prefix}
		batch := map[string]bool{}
		n := 0
		for _, f := range files {
			if !f.patients {
				continue
			}
			err := streamFile(f.path, func(_ int, res fhir.Streamed) error {
				if res.Type != "Patient" {
					return nil
				}
				if n >= start && n < start+ndjsonBatch {
					batch[res.Patient] = true
					if err := r.Add(res); err != nil {
						return err
					}
				}
				n++
				return nil
			})
			if err != nil {
				return err
			}
		}
		if len(batch) == 0 && start > 0 {
			return nil
		}
		for _, f := range files {
			if !f.resources {
				continue
			}
			err := streamFile(f.path, func(_ int, res fhir.Streamed) error {
				if res.Type == "Patient" || res.Type == "Bundle" || res.Type == "Binary" {
					return nil
				}
				_, inFiles := known[maphash.String(seed, res.Patient)]
				// A resource about a patient of this batch; one about no
				// patient (every batch may need it); one whose patient is
				// in no file (the first batch reports it skipped).
				if batch[res.Patient] || res.Patient == "" || (start == 0 && !inFiles) {
					return r.Add(res)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		in, skipped := r.Patients()
		var fresh []exchange.Skip
		for _, s := range skipped {
			if k := s.Source + "\x00" + s.Reason; !seen[k] {
				seen[k] = true
				fresh = append(fresh, s)
			}
		}
		if len(in) > 0 || len(fresh) > 0 {
			if err := step(in, fresh); err != nil {
				return err
			}
		}
		if len(batch) < ndjsonBatch {
			return nil
		}
	}
}
