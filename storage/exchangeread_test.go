package storage

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/exchange"

	bolt "go.etcd.io/bbolt"
)

// The whole clinic's export, its records opened on every core, hands over
// the same records in the same order as reading each patient in turn.
func TestExportAllSameAsOneByOne(t *testing.T) {
	_, admin, _ := newTestStore(t)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	var encs []model.Encounter
	for i := 0; i < 120; i++ {
		p := newPatient(t, super, fmt.Sprintf("Amina%c", 'a'+i%26))
		for j := 0; j < i%4; j++ {
			encs = append(encs, model.Encounter{PatientID: p.ID, Type: model.EncOutpatient,
				Start: time.Date(2020, 1, 1+j, 9, i%60, 0, 0, time.UTC), Reason: fmt.Sprintf("visit %d", j)})
		}
	}
	if err := super.Encounters().CreateChartItems(encs, nil); err != nil {
		t.Fatal(err)
	}
	var got []exchange.PatientRecord
	sum, err := super.Exchange().Export(exchange.Scope{All: true, ForWhom: "registry", Where: "test"},
		func(r exchange.PatientRecord) error { got = append(got, r); return nil })
	if err != nil || sum.Patients != 120 || sum.Encounters != len(encs) {
		t.Fatalf("%+v, %v", sum, err)
	}
	var want []exchange.PatientRecord
	err = super.view(func(tx *bolt.Tx) error {
		heads, _, err := kindBuckets(tx, model.KindPatient, false)
		if err != nil {
			return err
		}
		c := heads.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			rec, _, ok, err := super.exportRecord(tx, model.ID(k))
			if err != nil {
				return err
			}
			if ok {
				want = append(want, rec)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the export's %d records differ from the %d read one by one", len(got), len(want))
	}
}
