package hl7in

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"dossier/model"
	"dossier/reports/imports/hl7"
	"dossier/storage"
)

// ImportFiles applies every message of the files (single messages,
// several one after another, FHS/BHS batches) in order, each in its own
// transaction. progress gets the messages done and the total; a cancelled
// ctx stops between messages (those applied stay applied, and the
// summary says how far it went). With dryRun nothing is written: each
// message is only read, and the summary says what would be tried.
func ImportFiles(ctx context.Context, sess *storage.Session, paths []string, dryRun bool, progress func(done, total int)) (Summary, error) {
	type item struct {
		m      hl7.Message
		source string
		err    error
		text   string
	}
	var items []item
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return Summary{}, model.Errorf(model.NotFound, "cannot read %s: %v", p, err)
		}
		source := "file " + filepath.Base(p)
		ms, err := hl7.ParseAll(string(b))
		if err != nil {
			items = append(items, item{source: source, err: err, text: string(b)})
			continue
		}
		for _, m := range ms {
			items = append(items, item{m: m, source: source})
		}
	}
	var s Summary
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			s.Problems = append(s.Problems, fmt.Sprintf("cancelled after %d of %d messages", i, len(items)))
			return s, nil
		}
		var r Result
		var err error
		switch {
		case dryRun:
			r = dryResult(it.m, it.err)
		case it.err != nil:
			r, err = keepUnreadable(sess, it.text, it.source, it.err)
		default:
			r, err = applyMessage(sess, it.m, it.source)
		}
		if err != nil {
			return s, err
		}
		s.add(i+1, r)
		if progress != nil {
			progress(i+1, len(items))
		}
	}
	return s, nil
}

// dryResult says what reading alone can tell: refused, failed to read, or
// ready to apply (the store's rules are only checked when applying).
func dryResult(m hl7.Message, readErr error) Result {
	in := inboundOf(m, "")
	if readErr != nil {
		in.Type, in.Reason = "?", readErr.Error()
		return Result{Message: in, Code: hl7.AckReject}
	}
	if _, err := hl7.ReadEvent(m, Clock); err != nil {
		in.Reason = err.Error()
		if hl7.IsRefusal(err) {
			return Result{Message: in, Code: hl7.AckReject}
		}
		return Result{Message: in, Code: hl7.AckError}
	}
	return Result{Message: in, Code: hl7.AckAccept}
}
