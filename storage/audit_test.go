package storage

import (
	"strings"
	"testing"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// tamper changes the raw audit bucket the way someone with the file but
// without the key could.
func TestAuditVerifyFindsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(b *bolt.Bucket) error
		want   string
	}{
		{"nothing changed", func(b *bolt.Bucket) error { return nil }, ""},
		{"a byte altered", func(b *bolt.Bucket) error {
			v := append([]byte(nil), b.Get(u64(4))...)
			v[len(v)-3] ^= 1
			return b.Put(u64(4), v)
		}, "entry 4: was altered"},
		{"an entry removed", func(b *bolt.Bucket) error { return b.Delete(u64(3)) }, "entry 3: was removed"},
		{"two entries swapped", func(b *bolt.Bucket) error {
			a, c := append([]byte(nil), b.Get(u64(3))...), append([]byte(nil), b.Get(u64(5))...)
			if err := b.Put(u64(3), c); err != nil {
				return err
			}
			return b.Put(u64(5), a)
		}, "entry 3: was altered or moved"},
		{"the last entry removed", func(b *bolt.Bucket) error {
			k, _ := b.Cursor().Last()
			return b.Delete(k)
		}, "removed from the end"},
		{"a mac replaced", func(b *bolt.Bucket) error {
			v := append([]byte(nil), b.Get(u64(2))...)
			v[0] ^= 0xff
			return b.Put(u64(2), v)
		}, "entry 2: does not follow"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, sess, _ := newTestStore(t)
			for i := 0; i < 5; i++ {
				p := samplePatient("Given", "Family")
				if err := sess.Patients().Register(&p); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.db.Update(func(tx *bolt.Tx) error { return tc.tamper(tx.Bucket(bAudit)) }); err != nil {
				t.Fatal(err)
			}
			n, problems, err := sess.Admin().VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if len(problems) != 0 || n < 7 {
					t.Fatalf("intact chain of %d reported %v", n, problems)
				}
				return
			}
			var all []string
			for _, p := range problems {
				all = append(all, p.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Fatalf("problems %q do not mention %q", all, tc.want)
			}
		})
	}
}

func TestAuditFilter(t *testing.T) {
	e := model.AuditEntry{User: "amina", Action: model.ActView, Flagged: false}
	tests := []struct {
		f    model.AuditFilter
		want bool
	}{
		{model.AuditFilter{}, true},
		{model.AuditFilter{User: "amina"}, true},
		{model.AuditFilter{User: "bob"}, false},
		{model.AuditFilter{Action: model.ActEdit}, false},
		{model.AuditFilter{FlaggedOnly: true}, false},
	}
	for _, tc := range tests {
		if got := tc.f.Match(e); got != tc.want {
			t.Errorf("%+v: got %v", tc.f, got)
		}
	}
}
