package storage

import (
	"encoding/binary"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/demo"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkReadSnapshot times unlock's part of the patient index: opening
// the sealed chunks and loading them (BENCH_PATIENTS demo entries, default
// 200,000, written straight into the search bucket). It reports process CPU
// (the machine is shared: wall time waits for a core) and the peak Go heap.
func BenchmarkReadSnapshot(b *testing.B) {
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_PATIENTS")); err == nil {
		n = v
	}
	s, sess, _ := newTestStore(b)
	err := s.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bSearch)
		var buf []byte
		c := uint32(0)
		flush := func() error {
			err := bk.Put(u32(c), sess.keys.Records.Seal(buf, chunkAAD(c)))
			buf, c = buf[:0], c+1
			return err
		}
		var err error
		demo.Patients(demo.Config{Patients: n, Seed: 7, Today: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, func(i int, p model.Patient) bool {
			p.ID = model.NewID()
			e := search.EntryOf(p, false)
			d := e.AppendBinary(nil)
			buf = binary.AppendUvarint(buf, uint64(len(d)))
			buf = append(buf, d...)
			if (i+1)%chunkSize == 0 {
				err = flush()
			}
			return err == nil
		})
		if err == nil && len(buf) > 0 {
			err = flush()
		}
		if err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kSearchCount, u64(uint64(n)))
	})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	var peak uint64
	b.ResetTimer()
	cpu0 := processCPU()
	for it := 0; it < b.N; it++ {
		done := make(chan struct{})
		go func() { // the heap's high-water mark, sampled
			var ms runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(5 * time.Millisecond):
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
				}
			}
		}()
		err := s.db.View(func(tx *bolt.Tx) error {
			ix, err := sess.readSnapshot(tx)
			if err == nil && ix.Len() != n {
				b.Fatalf("%d entries, want %d", ix.Len(), n)
			}
			return err
		})
		close(done)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}
