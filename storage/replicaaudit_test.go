package storage

import (
	"encoding/json"
	"strings"
	"testing"
)

// Another desk's audit entries are checked against their signers' keys
// (on every core before the transaction, the key found then confirmed in
// it): an entry whose signature was altered, even sealed again with the
// clinic's key, is set aside, never kept.
func TestPulledAuditSignaturesChecked(t *testing.T) {
	for _, c := range []struct {
		name  string
		alter bool
		want  int
	}{{"as sent", false, 0}, {"signature altered", true, 1}} {
		t.Run(c.name, func(t *testing.T) {
			a, b := twoDesksLocal(t)
			p := samplePatient("Grace", "Akello")
			if err := a.Patients().Register(&p); err != nil {
				t.Fatal(err)
			}
			replicateTo(t, a, b)
			docs, _, err := a.Sync().OutgoingAudit(500)
			if err != nil || len(docs) == 0 {
				t.Fatalf("no audit documents: %v", err)
			}
			signed := -1
			for i, d := range docs {
				plain, err := a.keys.Records.Open(d.C, docAAD(d.ID, d.Dev, d.Seq))
				if err != nil {
					t.Fatal(err)
				}
				var ad auditDoc
				if err := json.Unmarshal(plain, &ad); err != nil {
					t.Fatal(err)
				}
				if len(ad.Sig) > 20 && signed < 0 {
					signed = i
					if c.alter {
						ad.Sig[20] ^= 1
						body, _ := json.Marshal(ad)
						docs[i].C = a.keys.Records.Seal(body, docAAD(d.ID, d.Dev, d.Seq))
					}
				}
			}
			if signed < 0 {
				t.Fatal("no signed audit entry")
			}
			res, err := b.Sync().Apply(docs, "")
			if err != nil {
				t.Fatal(err)
			}
			if res.Quarantined != c.want {
				t.Fatalf("set aside %d, want %d (%v)", res.Quarantined, c.want, res.Problems)
			}
			if c.want > 0 && !strings.Contains(res.Problems[0], "signature does not match") {
				t.Errorf("problem %q", res.Problems[0])
			}
			if res.Applied != len(docs)-c.want {
				t.Errorf("kept %d of %d entries", res.Applied, len(docs)-c.want)
			}
		})
	}
}
