package storage

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// The queue in memory (decoded once, sorted once per change) follows
// every committed change after a read, ignores a rolled-back one, reads
// back the same from the file, and leaves nothing in plaintext on disk.
func TestDeficiencyQueueCacheSeesChanges(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	pt := newPatient(t, clerk, "Amina")
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	mk := func(day int, missing string) model.Deficiency {
		return model.Deficiency{ID: model.NewID(), PatientID: pt.ID, EncounterID: model.NewID(), Rule: model.RuleManual,
			Problem: model.ProblemDate, Missing: missing, Role: model.RoleClerk, Since: base.AddDate(0, 0, day),
			Due: base.AddDate(0, 0, day+7), Status: model.DefOpen, RaisedBy: "clerk1"}
	}
	made := map[model.ID]bool{}
	put := func(d model.Deficiency, fail bool) {
		t.Helper()
		op := model.ActEdit
		if !made[d.ID] {
			op = model.ActCreate
		}
		err := super.update(func(tx *bolt.Tx) error {
			if err := super.putDeficiency(tx, d, op, "test"); err != nil {
				return err
			}
			if fail {
				return errors.New("rolled back")
			}
			return nil
		})
		if (err != nil) != fail {
			t.Fatalf("put %v: %v", d.Missing, err)
		}
		made[d.ID] = made[d.ID] || !fail
	}
	a, b, c := mk(5, "QUEUE-SECRET-a"), mk(2, "QUEUE-SECRET-b"), mk(9, "QUEUE-SECRET-c")
	for _, d := range []model.Deficiency{a, b, c} {
		put(d, false)
	}
	s.defMu.Lock()
	s.defQueue = nil // the first read loads it from the file
	s.defMu.Unlock()
	read := func(statuses ...model.DeficiencyStatus) []string {
		t.Helper()
		rows, err := super.Deficiencies().Open(DeficiencyFilter{Patient: pt.ID, Role: model.RoleClerk, Statuses: statuses})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			if r.Rule == model.RuleManual {
				out = append(out, r.Missing[len("QUEUE-SECRET-"):])
			}
		}
		return out
	}
	older, moved := mk(1, "QUEUE-SECRET-d"), c
	moved.Since = base // now the oldest
	done, waived := a, b
	done.Status, waived.Status = model.DefDone, model.DefWaived
	steps := []struct {
		name   string
		change func()
		open   []string // open ones, oldest first
		both   []string // open and done
	}{
		{"first read, from the file", func() {}, []string{"b", "a", "c"}, []string{"b", "a", "c"}},
		{"a new one, older than all", func() { put(older, false) }, []string{"d", "b", "a", "c"}, []string{"d", "b", "a", "c"}},
		{"one moves to the front", func() { put(moved, false) }, []string{"c", "d", "b", "a"}, []string{"c", "d", "b", "a"}},
		{"one done", func() { put(done, false) }, []string{"c", "d", "b"}, []string{"c", "d", "b", "a"}},
		{"one waived leaves the queue", func() { put(waived, false) }, []string{"c", "d"}, []string{"c", "d", "a"}},
		{"a rolled-back change is not seen", func() { put(mk(0, "QUEUE-SECRET-x"), true) }, []string{"c", "d"}, []string{"c", "d", "a"}},
		{"read again from the file", func() {
			s.defMu.Lock()
			s.defQueue = nil
			s.defMu.Unlock()
		}, []string{"c", "d"}, []string{"c", "d", "a"}},
	}
	for _, st := range steps {
		st.change()
		if got := read(); !slices.Equal(got, st.open) {
			t.Fatalf("%s: open %v, want %v", st.name, got, st.open)
		}
		if got := read(model.DefOpen, model.DefDone); !slices.Equal(got, st.both) {
			t.Fatalf("%s: open and done %v, want %v", st.name, got, st.both)
		}
	}
	raw, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("QUEUE-SECRET")) {
		t.Fatal("a queued deficiency in plaintext on disk")
	}
}
