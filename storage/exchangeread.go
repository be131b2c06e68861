package storage

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"

	"dossier/model"
	"dossier/model/exchange"

	bolt "go.etcd.io/bbolt"
)

// A whole clinic's export spends most of its time opening (decrypting)
// and decoding revisions. The export's one read transaction reads each
// patient's revisions still sealed (bbolt's values stay valid while the
// transaction is open), workers on every core open and decode them, and
// the transaction's goroutine takes the records back in the clinic's
// order: the same records, in the same order, as reading them one by one.

// sealedRev is one record's latest revision, as stored.
type sealedRev struct {
	kind        model.Kind
	id          model.ID
	key, sealed []byte
}

// sealedPatient is a patient's revisions: the patient's, then those of the
// records the patient owns, kind by kind in exportKinds' order.
type sealedPatient struct {
	id   model.ID
	revs []sealedRev
}

// exportKinds are the kinds of record an export carries with the patient.
var exportKinds = []model.Kind{model.KindEncounter, model.KindProblem, model.KindAllergy, model.KindObservation,
	model.KindMedication, model.KindDocument}

// decodedPatient is a patient's record opened (exportRecord's results).
type decodedPatient struct {
	id      model.ID
	rec     exchange.PatientRecord
	changed time.Time
	ok      bool
	err     error
}

// readSealed reads a patient's revisions without opening them.
func (sess *Session) readSealed(tx *bolt.Tx, id model.ID) (sealedPatient, error) {
	sp := sealedPatient{id: id}
	one := func(kind model.Kind, rid model.ID) (bool, error) {
		heads, revs, err := kindBuckets(tx, kind, false)
		if err != nil {
			return false, err
		}
		if heads == nil {
			return false, nil
		}
		h, ok := decodeHead(heads.Get(rid[:]))
		if !ok {
			return false, nil
		}
		key := revKey(rid, h.rev)
		v := revs.Get(key)
		if v == nil {
			return false, nil
		}
		sp.revs = append(sp.revs, sealedRev{kind: kind, id: rid, key: key, sealed: v})
		return true, nil
	}
	found, err := one(model.KindPatient, id)
	if err != nil {
		return sp, err
	}
	if !found {
		return sp, ErrNotFound
	}
	for _, kind := range exportKinds {
		for _, rid := range sess.owned(tx, id, kind) {
			if _, err := one(kind, rid); err != nil {
				return sp, err
			}
		}
	}
	return sp, nil
}

// open decodes a patient's sealed revisions as exportRecord reads them.
func (sess *Session) openSealed(sp sealedPatient) (d decodedPatient) {
	d.id = sp.id
	for i, r := range sp.revs {
		env, err := decodeRevision(sess.keys.Records, r.kind, r.key, r.sealed)
		if err != nil {
			d.err = fmt.Errorf("%s %s revision %d is damaged: %w", r.kind, r.id, revOf(r.key), err)
			return d
		}
		if i == 0 {
			if err := json.Unmarshal(env.Body, &d.rec.Patient); err != nil {
				d.err = fmt.Errorf("%s %s does not parse: %w", r.kind, r.id, err)
				return d
			}
			if env.Meta.Deleted || !d.rec.Patient.MergedInto.IsZero() {
				return decodedPatient{id: sp.id}
			}
			d.changed = env.Meta.Time
			continue
		}
		if env.Meta.Deleted {
			continue
		}
		if env.Meta.Time.After(d.changed) {
			d.changed = env.Meta.Time
		}
		switch r.kind {
		case model.KindEncounter:
			d.err = appendBody(env.Body, r, &d.rec.Encounters)
		case model.KindProblem:
			d.err = appendBody(env.Body, r, &d.rec.Problems)
		case model.KindAllergy:
			d.err = appendBody(env.Body, r, &d.rec.Allergies)
		case model.KindObservation:
			d.err = appendBody(env.Body, r, &d.rec.Observations)
		case model.KindMedication:
			d.err = appendBody(env.Body, r, &d.rec.Medications)
		case model.KindDocument:
			d.err = appendBody(env.Body, r, &d.rec.Documents)
		}
		if d.err != nil {
			return d
		}
	}
	d.ok = true
	return d
}

func revOf(key []byte) uint32 {
	return uint32(key[16])<<24 | uint32(key[17])<<16 | uint32(key[18])<<8 | uint32(key[19])
}

func appendBody[T any](body []byte, r sealedRev, out *[]T) error {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("%s %s does not parse: %w", r.kind, r.id, err)
	}
	*out = append(*out, v)
	return nil
}

// exportAll opens the records of every live patient (heads order) on
// every core and hands them to visit in that order, on the transaction's
// goroutine (visit may read tx). At most a window of patients is open at
// once, so memory stays that of a few patients.
func (sess *Session) exportAll(tx *bolt.Tx, visit func(d decodedPatient) error) error {
	heads, _, err := kindBuckets(tx, model.KindPatient, false)
	if err != nil || heads == nil {
		return err
	}
	type job struct {
		sp  sealedPatient
		out chan decodedPatient
	}
	workers := max(1, runtime.NumCPU())
	window := 16 * workers
	jobs := make(chan job, window)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out <- sess.openSealed(j.sp)
			}
		}()
	}
	// The workers read values of this transaction: they end before it.
	defer wg.Wait()
	defer close(jobs)
	var pending []chan decodedPatient
	next := func() error {
		d := <-pending[0]
		pending = pending[1:]
		if d.err != nil {
			return d.err
		}
		return visit(d)
	}
	c := heads.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if h, ok := decodeHead(v); !ok || h.deleted {
			continue
		}
		sp, err := sess.readSealed(tx, model.ID(k))
		if err != nil {
			return err
		}
		out := make(chan decodedPatient, 1)
		jobs <- job{sp, out}
		pending = append(pending, out)
		if len(pending) >= window {
			if err := next(); err != nil {
				return err
			}
		}
	}
	for len(pending) > 0 {
		if err := next(); err != nil {
			return err
		}
	}
	return nil
}
