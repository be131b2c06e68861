package hl7in

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkApplyMessage applies one HL7 message per iteration (an
// admission, a transfer, a discharge or a result of 3 OBX, in turn, over
// 500 patients registered first) on a store on disk with fsync, as the
// listener does: read, apply in one transaction, keep the message, build
// the ACK. It reports the median and the 99th percentile of the wall
// clock (target: p99 ≤ 20 ms) and of the thread's CPU time.
//
//	go test -run '^$' -bench ApplyMessage -benchtime 2000x ./app/flow/hl7in/
func BenchmarkApplyMessage(b *testing.B) {
	t := &testing.T{}
	sess := store(t)
	const people = 500
	for i := 0; i < people; i++ {
		if r, err := Apply(sess, adt("A28", fmt.Sprintf("R%d", i), fmt.Sprintf("P-%d", i), ""), "bench"); err != nil || r.Code != "AA" {
			b.Fatalf("register %d: %v %+v", i, err, r.Message.Reason)
		}
	}
	msgs := make([]string, b.N)
	for i := range msgs {
		pid := fmt.Sprintf("P-%d", (i/4)%people)
		round := i / (4 * people) // each patient's stays follow one another
		base := 40 - round*3
		switch i % 4 {
		case 0:
			msgs[i] = adt("A01", fmt.Sprintf("B%d", i), pid, "PV1|1|I|Medical^1^B"+strings.Repeat("|", 41)+day(base, 8)+"\r")
		case 1:
			msgs[i] = strings.Replace(adt("A02", fmt.Sprintf("B%d", i), pid, "PV1|1|I|Surgical^2^A\r"), "EVN|A02|"+day(0, 8), "EVN|A02|"+day(base-1, 8), 1)
		case 2:
			msgs[i] = "MSH|^~\\&|LAB|L|D|C|" + day(0, 9) + "||ORU^R01|" + fmt.Sprintf("B%d", i) + "|P|2.5.1\rPID|1||" + pid + "^^^^MR||Phiri^Ann\r" +
				"OBR|1||9|CBC^Blood count|||" + day(base-1, 9) + "\rOBX|1|NM|718-7^Hb^LN||9.8|g/dL|12-16|L|||F\rOBX|2|NM|6690-2^WBC^LN||11|10*3/uL|4-10|H|||F\rOBX|3|ST|X^Comment||haemolysed||||||F\r"
		case 3:
			msgs[i] = adt("A03", fmt.Sprintf("B%d", i), pid, "PV1|1|I|Surgical"+strings.Repeat("|", 42)+day(base-2, 8)+"\r")
		}
	}
	took := make([]time.Duration, b.N)
	cpu := make([]time.Duration, b.N)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start, t := time.Now(), threadCPU()
		r, err := Apply(sess, msgs[i], "bench")
		took[i], cpu[i] = time.Since(start), time.Duration(threadCPU()-t)
		if err != nil || r.Code != "AA" {
			b.Fatalf("message %d: %v %s", i, err, r.Message.Reason)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	slices.Sort(cpu)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	// The thread's CPU time: the work, without the waits for the disk and
	// for a core (Linux; 0 elsewhere).
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "p50-cpu-ms")
	b.ReportMetric(float64(cpu[len(cpu)*99/100].Microseconds())/1000, "p99-cpu-ms")
}
