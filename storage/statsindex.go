package storage

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"

	"dossier/model"
	"dossier/model/stats"

	bolt "go.etcd.io/bbolt"
)

// The date index the statistics are computed from. Every encounter has an
// entry (a sealed stats.Encounter: dates, wards, outcome, codes, the
// patient's sex and birth date) under each calendar month (UTC) it
// touches (months of the computer's zone, statZone); a stay not yet discharged sits under its admission month and in
// the open set. A period's figures read the entries of its months and the
// open set, never the records. The entries of a patient are rewritten in
// the transaction of any change to the patient or one of their encounters
// (so "new this year", which depends on the patient's other visits, is
// always right), from the list of entry keys kept per patient.
//
//	stats
//	├─ built  → 1 once every patient's entries are written (the backfill)
//	├─ m      HMAC(index key, "stm" ‖ month)[:8] ‖ HMAC(index key, "ste" ‖ encounter ID)[:8] → sealed entry
//	│         (the open set: HMAC(index key, "sto")[:8] ‖ …)
//	├─ n      HMAC(index key, "stn" ‖ month)[:8] ‖ HMAC(index key, "ste" ‖ encounter ID)[:8] → sealed entry:
//	│         the encounters of the month (by their first day) coded with a notifiable disease of the
//	│         clinic's list, so the front page's weekly counts read only those
//	└─ p      HMAC(index key, "stp" ‖ patient ID)[:16] → sealed list of the patient's entries:
//	          month(4; all ones: the open set) ‖ HMAC(index key, "ste" ‖ encounter ID)[:8] each
//
// The file shows how many entries each (unnamed) month has, so at most
// counts per month; no day, and no record or patient ID.
var (
	bStats       = []byte("stats")
	bStatMonths  = []byte("m")
	bStatPeople  = []byte("p")
	bStatNotif   = []byte("n")
	kStatsBuilt  = []byte("built")
	statsLayout  = byte(2) // the value of built: a store built with an older layout is rebuilt
	statEntryAAD = []byte("stat\x00")
)

func (sess *Session) statTag(what string, b []byte, n int) []byte {
	m := hmac.New(sha256.New, sess.keys.Index)
	m.Write([]byte(what))
	m.Write([]byte{0})
	m.Write(b)
	return m.Sum(nil)[:n]
}

func (sess *Session) statMonthTag(month int) []byte {
	return sess.statTag("stm", binary.BigEndian.AppendUint32(nil, uint32(month)), 8)
}

func (sess *Session) statOpenTag() []byte { return sess.statTag("sto", nil, 8) }

func (sess *Session) statNotifTag(month int) []byte {
	return sess.statTag("stn", binary.BigEndian.AppendUint32(nil, uint32(month)), 8)
}

// statOpenMonth marks the open set in a patient's list of entries.
const statOpenMonth = 0xFFFFFFFF

// statBuilt reports an index built with this layout.
func statBuilt(b *bolt.Bucket) bool {
	v := b.Get(kStatsBuilt)
	return len(v) == 1 && v[0] == statsLayout
}

// statNotifCodes is the clinic's notifiable codes, compacted.
func (sess *Session) statNotifCodes(tx *bolt.Tx) ([]string, error) {
	set, err := sess.statSettingsTx(tx)
	return stats.NotifiableCodes(set.Notifiable), err
}

func statAAD(key []byte) []byte { return append(slices.Clip(statEntryAAD), key...) }

// stageStats notes the patient whose entries a write changes.
func (sess *Session) stageStats(tx *bolt.Tx, kind model.Kind, id, owner model.ID, body []byte) {
	var patient model.ID
	switch kind {
	case model.KindPatient:
		patient = id
	case model.KindEncounter:
		patient = owner
		if patient.IsZero() { // a delete or restore names no owner
			var e struct {
				Patient model.ID `json:"patient"`
			}
			if json.Unmarshal(body, &e) == nil {
				patient = e.Patient
			}
		}
	default:
		return
	}
	if patient.IsZero() {
		return
	}
	s := sess.store
	if s.statStageTx != tx {
		s.statStage, s.statStageTx = map[model.ID]bool{}, tx
	}
	s.statStage[patient] = true
}

// flushStats rewrites the entries of the patients the transaction
// changed, once the index is built (until then the backfill writes them).
func (sess *Session) flushStats(tx *bolt.Tx) error {
	s := sess.store
	staged := s.statStage
	if s.statStageTx != tx {
		staged = nil
	}
	s.statStage, s.statStageTx = nil, nil
	if len(staged) == 0 {
		return nil
	}
	b := tx.Bucket(bStats)
	if b == nil || !statBuilt(b) {
		return nil
	}
	codes, err := sess.statNotifCodes(tx)
	if err != nil {
		return err
	}
	for p := range staged {
		if err := sess.restat(tx, b, p, codes); err != nil {
			return wrap("update the statistics index", err)
		}
	}
	return nil
}

// restat rewrites one patient's entries from their records; notif are
// the clinic's notifiable codes (compacted).
func (sess *Session) restat(tx *bolt.Tx, b *bolt.Bucket, patient model.ID, notif []string) error {
	months, people, cases := b.Bucket(bStatMonths), b.Bucket(bStatPeople), b.Bucket(bStatNotif)
	pk := sess.statTag("stp", patient[:], 16)
	if old := people.Get(pk); old != nil {
		list, err := sess.keys.Records.Open(old, statAAD(pk))
		if err != nil {
			return err
		}
		for i := 0; i+12 <= len(list); i += 12 {
			m, et := binary.BigEndian.Uint32(list[i:]), list[i+4:i+12]
			if m == statOpenMonth {
				if err := months.Delete(append(sess.statOpenTag(), et...)); err != nil {
					return err
				}
				continue
			}
			if err := months.Delete(append(sess.statMonthTag(int(m)), et...)); err != nil {
				return err
			}
			if err := cases.Delete(append(sess.statNotifTag(int(m)), et...)); err != nil {
				return err
			}
		}
	}
	entries, err := sess.statEntriesOf(tx, patient)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return people.Delete(pk)
	}
	var list []byte
	put := func(bk *bolt.Bucket, tag, et, body []byte) error {
		k := append(slices.Clip(tag), et...)
		return bk.Put(k, sess.keys.Records.Seal(body, statAAD(k)))
	}
	for _, e := range entries {
		ms, open := e.Months(statZone())
		body := encodeStatEntry(e)
		et := sess.statTag("ste", e.ID[:], 8)
		for _, m := range ms {
			if err := put(months, sess.statMonthTag(m), et, body); err != nil {
				return err
			}
			list = binary.BigEndian.AppendUint32(list, uint32(m))
			list = append(list, et...)
		}
		if open {
			if err := put(months, sess.statOpenTag(), et, body); err != nil {
				return err
			}
			list = binary.BigEndian.AppendUint32(list, statOpenMonth)
			list = append(list, et...)
		}
		if stats.IsNotifiable(notif, e) { // counted in the month of its first day, ms[0]
			if err := put(cases, sess.statNotifTag(ms[0]), et, body); err != nil {
				return err
			}
		}
	}
	return people.Put(pk, sess.keys.Records.Seal(list, statAAD(pk)))
}

// refileNotifiable rewrites the notifiable cases from the month entries
// after the list changed (in the settings' transaction).
func (sess *Session) refileNotifiable(tx *bolt.Tx, list []model.Notifiable) error {
	b := tx.Bucket(bStats)
	if b == nil || !statBuilt(b) {
		return nil // the backfill will file them
	}
	if err := b.DeleteBucket(bStatNotif); err != nil {
		return err
	}
	cases, err := b.CreateBucket(bStatNotif)
	if err != nil {
		return err
	}
	codes := stats.NotifiableCodes(list)
	open := string(sess.statOpenTag())
	return b.Bucket(bStatMonths).ForEach(func(k, v []byte) error {
		if len(k) != 16 || string(k[:8]) == open {
			return nil
		}
		plain, err := sess.keys.Records.Open(v, statAAD(k))
		if err != nil {
			return err
		}
		e, err := decodeStatEntry(plain)
		if err != nil {
			return err
		}
		ms, _ := e.Months(statZone())
		if !stats.IsNotifiable(codes, e) || string(sess.statMonthTag(ms[0])) != string(k[:8]) {
			return nil // not a case, or the copy of a stay under a later month
		}
		nk := append(sess.statNotifTag(ms[0]), k[8:]...)
		return cases.Put(nk, sess.keys.Records.Seal(plain, statAAD(nk)))
	})
}

// statEntriesOf works out a patient's entries from the records: the live
// encounters they own, with their sex and birth date, and which of their
// attendances are their first in the calendar year and ever.
func (sess *Session) statEntriesOf(tx *bolt.Tx, patient model.ID) ([]stats.Encounter, error) {
	p, m, err := getRecord[model.Patient](sess, tx, model.KindPatient, patient)
	if errors.Is(err, ErrNotFound) || err == nil && m.Deleted {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []stats.Encounter
	for _, id := range sess.owned(tx, patient, model.KindEncounter) {
		e, em, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if em.Deleted || e.PatientID != patient || e.Start.IsZero() {
			continue
		}
		out = append(out, statEncounter(p, e))
	}
	markNew(out)
	return out, nil
}

// statEncounter is what the statistics keep of an encounter.
func statEncounter(p model.Patient, e model.Encounter) stats.Encounter {
	s := stats.Encounter{ID: e.ID, Patient: e.PatientID, Type: e.Type, Sex: string(p.Sex),
		Start: e.Start.UTC(), Ward: e.Ward, Disposition: e.Disposition}
	if !p.BirthDate.IsZero() {
		s.Birth = p.BirthDate.Time()
	}
	if e.Type == model.EncInpatient && !e.End.IsZero() {
		s.End = e.End.UTC()
	}
	if e.Type == model.EncInpatient {
		for _, t := range e.Transfers {
			s.Moves = append(s.Moves, stats.Move{At: t.At.UTC(), To: t.ToWard})
		}
		if s.End.IsZero() {
			s.Disposition = "" // an open stay has no outcome yet
		}
	}
	for _, it := range e.Coding {
		if it.Code == "" {
			continue
		}
		c := stats.Code{Code: stats.Compact(it.Code), Proc: it.Kind == model.ItemProcedure,
			Principal: it.Principal && it.Kind == model.ItemDiagnosis}
		if c.Proc && !it.Done.IsZero() {
			c.Done = it.Done.Time()
		}
		s.Codes = append(s.Codes, c)
	}
	return s
}

// markNew marks each attendance that is the patient's first at this
// facility in its calendar year (UTC) and ever.
func markNew(encs []stats.Encounter) {
	idx := []int{}
	for i, e := range encs {
		if e.Attendance() {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return encs[a].Start.Compare(encs[b].Start) })
	seenYear := map[int]bool{}
	for n, i := range idx {
		encs[i].NewEver = n == 0
		y := encs[i].Start.Year()
		encs[i].NewYear = !seenYear[y]
		seenYear[y] = true
	}
}

// statsBucket makes sure the index is built (the backfill of a store made
// before it, or after a key rotation) and returns whether it is; a
// read-only store that has none answers false.
func (sess *Session) ensureStats() (bool, error) {
	var built bool
	if err := sess.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bStats)
		built = b != nil && statBuilt(b)
		return nil
	}); err != nil || built {
		return built, err
	}
	if sess.store.opts.ReadOnly {
		return false, nil
	}
	if err := sess.update(sess.rebuildStats); err != nil {
		return false, wrap("build the statistics index", err)
	}
	return true, nil
}

// rebuildStats writes every patient's entries: the backfill.
func (sess *Session) rebuildStats(tx *bolt.Tx) error {
	if b := tx.Bucket(bStats); b != nil && statBuilt(b) {
		return nil // another session built it meanwhile
	}
	if err := tx.DeleteBucket(bStats); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
		return err
	}
	b, err := tx.CreateBucket(bStats)
	if err != nil {
		return err
	}
	if _, err := b.CreateBucket(bStatMonths); err != nil {
		return err
	}
	if _, err := b.CreateBucket(bStatPeople); err != nil {
		return err
	}
	if _, err := b.CreateBucket(bStatNotif); err != nil {
		return err
	}
	codes, err := sess.statNotifCodes(tx)
	if err != nil {
		return err
	}
	heads, _, err := kindBuckets(tx, model.KindPatient, false)
	if err != nil {
		return err
	}
	if heads != nil {
		var ids []model.ID
		if err := heads.ForEach(func(k, _ []byte) error {
			var id model.ID
			copy(id[:], k)
			ids = append(ids, id)
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			if err := sess.restat(tx, b, id, codes); err != nil {
				return err
			}
		}
	}
	return b.Put(kStatsBuilt, []byte{statsLayout})
}

// statZone is the zone the index's months are in: the computer's (the
// clinic's) zone, the one periods are asked in, so a month reads one
// month. After the computer's zone is changed, rebuild the index (drop
// the bucket: it is rebuilt at the next use).
func statZone() *time.Location { return time.Local }

// statEncounters reads the entries a period needs: those of the months
// (in statZone) it covers, and the open stays. Duplicates (a stay
// under several months) are left for the engine, which counts each once.
func (sess *Session) statEncounters(p stats.Period) ([]stats.Encounter, error) {
	return sess.statRead(p, false)
}

// statCases reads the notifiable cases of the months a period covers
// (their other encounters are not read).
func (sess *Session) statCases(p stats.Period) ([]stats.Encounter, error) {
	return sess.statRead(p, true)
}

func (sess *Session) statRead(p stats.Period, cases bool) ([]stats.Encounter, error) {
	built, err := sess.ensureStats()
	if err != nil {
		return nil, err
	}
	if !built {
		return sess.statScan()
	}
	var out []stats.Encounter
	// The months, in the index's zone, of the period's first and last
	// instants (exact whatever zone the period is in).
	z := statZone()
	from, to := p.From.In(z), p.To.AddDate(0, 0, 1).Add(-time.Nanosecond).In(z)
	var tags [][]byte
	if !cases {
		tags = append(tags, sess.statOpenTag())
	}
	for _, m := range (stats.Period{From: from, To: to}).Months() {
		if cases {
			tags = append(tags, sess.statNotifTag(m))
		} else {
			tags = append(tags, sess.statMonthTag(m))
		}
	}
	bucket := bStatMonths
	if cases {
		bucket = bStatNotif
	}
	err = sess.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bStats).Bucket(bucket).Cursor()
		// Count first (keys only, nothing opened), so the entries are
		// decoded into one slice that never grows: a year is ~440,000
		// entries, and growing copies them over and over.
		n := 0
		for _, t := range tags {
			for k, _ := c.Seek(t); k != nil && len(k) == 16 && string(k[:8]) == string(t); k, _ = c.Next() {
				n++
			}
		}
		out = make([]stats.Encounter, 0, n)
		for _, t := range tags {
			for k, v := c.Seek(t); k != nil && len(k) == 16 && string(k[:8]) == string(t); k, v = c.Next() {
				plain, err := sess.keys.Records.Open(v, statAAD(k))
				if err != nil {
					return err
				}
				e, err := decodeStatEntry(plain)
				if err != nil {
					return err
				}
				out = append(out, e)
			}
		}
		return nil
	})
	return out, wrap("read the statistics index", err)
}

// statScan works the entries out from the records, for a read-only store
// opened before its index was built: slow, but right.
func (sess *Session) statScan() ([]stats.Encounter, error) {
	var out []stats.Encounter
	err := sess.view(func(tx *bolt.Tx) error {
		heads, _, err := kindBuckets(tx, model.KindPatient, false)
		if err != nil || heads == nil {
			return err
		}
		return heads.ForEach(func(k, _ []byte) error {
			var id model.ID
			copy(id[:], k)
			es, err := sess.statEntriesOf(tx, id)
			out = append(out, es...)
			return err
		})
	})
	return out, wrap("read the encounters for the statistics", err)
}

// statEntryRef is one index entry to count: its key and sealed value (in
// the read transaction's memory) and the month it was filed under
// (statOpenMonth: the open set).
type statEntryRef struct {
	k, v  []byte
	month uint32
}

// statTally counts a period's entries straight into the engine, without
// holding them: the reading transaction walks the months' keys and hands
// them in batches to one reader per core, each opening and decoding into
// its own reused buffers and counting into its own tally; the tallies are
// merged at the end. A stay filed under several months is counted under
// the first of them the period reads (the open set: only when its
// admission month is outside the period), so no two readers count it.
func (sess *Session) statTally(p stats.Period, setup stats.Setup) (stats.Figures, error) {
	fs, err := sess.statTallies([]stats.Period{p}, setup)
	if err != nil {
		return nil, err
	}
	return fs[0], nil
}

// statTallies is statTally for several periods from one read: each entry
// is counted for every period whose months it is filed under (a chart's
// twelve months, or the days of a month).
func (sess *Session) statTallies(parts []stats.Period, setup stats.Setup) ([]stats.Figures, error) {
	built, err := sess.ensureStats()
	if err != nil {
		return nil, err
	}
	if !built {
		encs, err := sess.statScan()
		if err != nil {
			return nil, err
		}
		out := make([]stats.Figures, len(parts))
		for i, p := range parts {
			out[i] = stats.Compute(encs, p, setup)
		}
		return out, nil
	}
	z := statZone()
	// The months, in the index's zone, of each part's first and last
	// instants (exact whatever zone the period is in).
	type span struct{ first, last int }
	spans := make([]span, len(parts))
	lo, hi := int(^uint(0)>>1), -1
	for i, p := range parts {
		ms := (stats.Period{From: p.From.In(z), To: p.To.AddDate(0, 0, 1).Add(-time.Nanosecond).In(z)}).Months()
		spans[i] = span{ms[0], ms[len(ms)-1]}
		lo, hi = min(lo, ms[0]), max(hi, ms[len(ms)-1])
	}
	// counts says whether part i counts entry e filed under month filed.
	counts := func(i int, e *stats.Encounter, filed uint32) bool {
		sp := spans[i]
		if filed != statOpenMonth && (int(filed) < sp.first || int(filed) > sp.last) {
			return false // another part's month
		}
		if !e.Stay() {
			return true // a visit is filed under its own month only
		}
		s := e.Start.In(z)
		adm := s.Year()*12 + int(s.Month()) - 1
		if filed == statOpenMonth {
			return adm < sp.first || adm > sp.last
		}
		return int(filed) == max(adm, sp.first)
	}
	readers := max(1, min(runtime.GOMAXPROCS(0), 8))
	tallies := make([][]*stats.Tally, readers)
	errs := make([]error, readers)
	err = sess.view(func(tx *bolt.Tx) error {
		const batchLen = 1024
		work := make(chan []statEntryRef, 2*readers)
		spare := make(chan []statEntryRef, 3*readers)
		var wg sync.WaitGroup
		for r := range readers {
			tallies[r] = make([]*stats.Tally, len(parts))
			for i, p := range parts {
				tallies[r][i] = stats.NewTally(p, setup)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				var plain, aad []byte
				var e stats.Encounter
				strs := map[string]string{}
				intern := func(b []byte) string {
					if s, ok := strs[string(b)]; ok {
						return s
					}
					s := string(b)
					strs[s] = s
					return s
				}
				for batch := range work {
					for _, ref := range batch {
						if errs[r] != nil {
							break
						}
						aad = append(append(aad[:0], statEntryAAD...), ref.k...)
						var err error
						if plain, err = sess.keys.Records.OpenTo(plain, ref.v, aad); err != nil {
							errs[r] = err
							break
						}
						if err := decodeStatEntryInto(plain, &e, intern); err != nil {
							errs[r] = err
							break
						}
						for i, t := range tallies[r] {
							if counts(i, &e, ref.month) {
								t.Add(&e)
							}
						}
					}
					select {
					case spare <- batch[:0]:
					default:
					}
				}
			}()
		}
		batch := make([]statEntryRef, 0, batchLen)
		send := func() {
			work <- batch
			select {
			case batch = <-spare:
			default:
				batch = make([]statEntryRef, 0, batchLen)
			}
		}
		c := tx.Bucket(bStats).Bucket(bStatMonths).Cursor()
		walk := func(tag []byte, month uint32) {
			for k, v := c.Seek(tag); k != nil && len(k) == 16 && string(k[:8]) == string(tag); k, v = c.Next() {
				batch = append(batch, statEntryRef{k: k, v: v, month: month})
				if len(batch) == batchLen {
					send()
				}
			}
		}
		walk(sess.statOpenTag(), statOpenMonth)
		for m := lo; m <= hi; m++ {
			walk(sess.statMonthTag(m), uint32(m))
		}
		if len(batch) > 0 {
			send()
		}
		close(work)
		wg.Wait()
		return errors.Join(errs...)
	})
	if err != nil {
		return nil, wrap("read the statistics index", err)
	}
	out := make([]stats.Figures, len(parts))
	for i := range parts {
		for _, t := range tallies[1:] {
			tallies[0][i].Merge(t[i])
		}
		out[i] = tallies[0][i].Figures()
	}
	return out, nil
}
