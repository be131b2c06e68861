package cli

import (
	"fmt"
	"time"

	"dossier/app/flow/hl7in"
	"dossier/storage"
)

// timeHL7 applies n HL7 messages to the demo clinic's patients, as the
// MLLP listener does (read, one transaction, the message kept, the ACK
// built), alternating a laboratory result (ORU^R01, three results) and a
// change of details (ADT^A08, a new phone number), and returns each one's
// time. Each is one transaction, fsynced.
func timeHL7(sess *storage.Session, n int) ([]time.Duration, error) {
	ps, err := sess.Patients().List(false)
	if err != nil || len(ps) == 0 {
		return nil, fmt.Errorf("no patients to send messages about: %v", err)
	}
	now := time.Now().Format("200601021504")
	var out []time.Duration
	for i := 0; i < n; i++ {
		p := ps[i%len(ps)]
		var msg string
		if i%2 == 0 {
			msg = fmt.Sprintf("MSH|^~\\&|LAB|L|DOSSIER|C|%s||ORU^R01|BENCH%d|P|2.5.1\rPID|1||%s^^^^MR\rOBR|1||%d|CBC^Blood count|||%s\r"+
				"OBX|1|NM|718-7^Hb^LN||9.8|g/dL|12-16|L|||F\rOBX|2|NM|6690-2^WBC^LN||11|10*3/uL|4-10|H|||F\rOBX|3|ST|X^Comment||haemolysed||||||F\r",
				now, i, p.MRN, i, now)
		} else {
			msg = fmt.Sprintf("MSH|^~\\&|ADT|H|DOSSIER|C|%s||ADT^A08|BENCH%d|P|2.5.1\rEVN|A08|%s\rPID|1||%s^^^^MR||||||||||0770%06d\r",
				now, i, now, p.MRN, i)
		}
		start := time.Now()
		r, err := hl7in.Apply(sess, msg, "bench")
		out = append(out, time.Since(start))
		if err != nil {
			return nil, err
		}
		if r.Code != "AA" {
			return nil, fmt.Errorf("bench message %d not applied: %s", i, r.Message.Reason)
		}
	}
	return out, nil
}
