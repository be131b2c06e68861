package storage

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

// District scale: 200,000 stays and 2,000,000 visits. The worklist reads
// only its queue, so what a benchmark needs is the queue at that scale:
// DOSSIER_BENCH_QUEUE encounters waiting for a coder (default 220,000, a
// tenth of all stays and visits) over DOSSIER_BENCH_PATIENTS patients
// (default 200,000) in the patient index. The queue entries are written
// sealed, as the records' writes leave them, and read back as a session
// would; building 2,200,000 encounter records first would only slow the
// setup.
func reportCPU(b *testing.B, start float64) {
	b.ReportMetric((cpuMillis()-start)/float64(b.N), "cpu-ms/op")
}

func benchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

var benchQueue struct {
	once  sync.Once
	sess  *Session
	store *Store
}

var benchWards = []string{"OPD", "Maternity", "Paediatrics", "Surgical", "Medical", "Casualty", "TB clinic", "ART clinic"}

func queueBenchSession(b *testing.B) *Session {
	b.Helper()
	benchQueue.once.Do(func() {
		nq, np := benchEnv("DOSSIER_BENCH_QUEUE", 220_000), benchEnv("DOSSIER_BENCH_PATIENTS", 200_000)
		dir, err := os.MkdirTemp("", "queuebench")
		if err != nil {
			b.Fatal(err)
		}
		s, admin, _, err := Create(dir+"/q.dossier", model.DefaultClinic("Bench", "BEN"), model.User{Username: "admin", FullName: "A"}, testPassword, testOptions())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := admin.Admin().CreateUser(model.User{Username: "coder1", FullName: "C", Role: model.RoleCoder}, testPassword); err != nil {
			b.Fatal(err)
		}
		coder, err := s.SignIn("coder1", testPassword)
		if err != nil {
			b.Fatal(err)
		}
		ix, err := coder.index()
		if err != nil {
			b.Fatal(err)
		}
		patients := make([]model.ID, np)
		for i := range patients {
			patients[i] = model.NewID()
			ix.Put(search.Entry{ID: patients[i], MRN: fmt.Sprintf("BEN-%07d", i), Given: fmt.Sprintf("Given%d", i%5000), Family: fmt.Sprintf("Family%d", i%9000)})
		}
		base := time.Date(2015, 1, 1, 8, 0, 0, 0, time.UTC)
		err = coder.update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists(bQueues)
			if err != nil {
				return err
			}
			for i := 0; i < nq; i++ {
				it := WorkItem{Queue: QueueToCode, ID: model.NewID(), Patient: patients[i%np], At: base.Add(time.Duration(i) * 17 * time.Minute),
					Who: fmt.Sprintf("Dr Clinician%d", i%120), Ward: benchWards[i%len(benchWards)], Type: string(model.EncOutpatient),
					Text: "malaria; anaemia", Discharged: i%10 != 0}
				key := coder.queueKey(QueueToCode, it.ID)
				if err := bk.Put(key, coder.keys.Records.Seal(encodeWorkItem(&it), queueAAD(key))); err != nil {
					return err
				}
			}
			return bk.Put(kQueuesBuilt, []byte{1})
		})
		if err != nil {
			b.Fatal(err)
		}
		s.queues.drop()
		benchQueue.sess, benchQueue.store = coder, s
	})
	return benchQueue.sess
}

// BenchmarkQueueLoad is the one read of the queues per store after the
// first sign-in: every entry decrypted and sorted.
func BenchmarkQueueLoad(b *testing.B) {
	sess := queueBenchSession(b)
	start := cpuMillis()
	defer func() { reportCPU(b, start) }()
	for b.Loop() {
		sess.store.queues.drop()
		if _, err := sess.loadQueues(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWorklistFirstPaint is what My work reads to draw the coder's
// list: the count, then the first page of 100 (audited; read with Head,
// as the list's count is known).
func BenchmarkWorklistFirstPaint(b *testing.B) {
	sess := queueBenchSession(b)
	if _, err := sess.loadQueues(); err != nil {
		b.Fatal(err)
	}
	start := cpuMillis()
	defer func() { reportCPU(b, start) }()
	for b.Loop() {
		n, err := sess.Worklist().Count(QueueToCode, WorkFilter{})
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
		if _, err := sess.Worklist().Head(QueueToCode, WorkFilter{}, 0, 100); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWorklistFilter is a filter change: the first page of the
// list narrowed (not audited: Count and the page read without the view
// entry, which BenchmarkWorklistFirstPaint measures).
func BenchmarkWorklistFilter(b *testing.B) {
	sess := queueBenchSession(b)
	if _, err := sess.loadQueues(); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    WorkFilter
	}{
		{"ward", WorkFilter{Ward: "maternity"}},
		{"clinician", WorkFilter{Clinician: "clinician7"}},
		{"dates", WorkFilter{From: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2017, 7, 1, 0, 0, 0, 0, time.UTC)}},
		{"discharge", WorkFilter{Discharged: 2}},
		{"text-patient", WorkFilter{Text: "family123"}},
		{"ward+clinician+open", WorkFilter{Ward: "OPD", Clinician: "clinician8", Discharged: 1}},
	} {
		b.Run(c.name, func(b *testing.B) {
			start := cpuMillis()
			defer func() { reportCPU(b, start) }()
			for b.Loop() {
				if _, err := sess.Worklist().read(QueueToCode, c.f, 0, 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkQueueStage is what the queue index adds to a save: working out
// an encounter's entry and writing it, in the save's transaction.
func BenchmarkQueueStage(b *testing.B) {
	_, admin, _ := newTestStore(b)
	p := samplePatient("Amina", "Nakato")
	if err := admin.Patients().Register(&p); err != nil {
		b.Fatal(err)
	}
	e := model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: model.EncInpatient, Start: wallNow(), Ward: "Maternity",
		Clinician: "Dr Namuli", Diagnoses: []string{"pre-eclampsia", "anaemia"}}
	body := []byte(fmt.Sprintf(`{"id":"%s","patient":"%s","type":"inpatient","start":"2026-01-02T03:04:05Z","ward":"Maternity","clinician":"Dr Namuli","dx":["pre-eclampsia","anaemia"]}`, e.ID, p.ID))
	err := admin.update(func(tx *bolt.Tx) error {
		for b.Loop() {
			if err := admin.stageQueues(tx, model.KindEncounter, e.ID, body, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
