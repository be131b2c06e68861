package exchange

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/demo"
	"dossier/model/exchange"
	"dossier/reports/fhir"
	"dossier/storage"
)

// demoClinic fills a store with a demo clinic: patients and encounters
// from model/demo, a third of the diagnoses coded in ICD-10-CM, a
// discharge disposition and a transfer on inpatient stays, vital signs
// and results for every patient (brought in as from a laboratory) and
// allergies for some.
func demoClinic(t testing.TB, s *storage.Store, admin *storage.Session, n int) {
	t.Helper()
	now := time.Now()
	ds := demo.Generate(demo.Config{Patients: n, Seed: 11, Today: now, Charts: true})
	if err := admin.Patients().RegisterMany(ds.Patients, nil); err != nil {
		t.Fatal(err)
	}
	var encs []model.Encounter
	for i, v := range ds.Visits {
		e := v.Encounter
		e.ID, e.PatientID = model.NewID(), ds.Patients[v.Patient].ID
		if i%3 == 0 && len(e.Diagnoses) > 0 {
			e.Coding = []model.CodedItem{{Kind: model.ItemDiagnosis, Text: e.Diagnoses[0], System: "ICD-10-CM", Version: "2021",
				Code: "B54", Title: "Unspecified malaria", Principal: true},
				{Kind: model.ItemProcedure, Text: "blood film", System: "ICD-10-PCS", Version: "2020", Code: "B5101ZZ"}}
			e.CodingStatus = model.CodingDone
		}
		if e.Type == model.EncInpatient && !e.End.IsZero() {
			e.Disposition = string(clinical.DispHome)
			mid := e.Start.Add(e.End.Sub(e.Start) / 2).Truncate(time.Minute)
			e.Transfers = []model.Transfer{{At: mid, FromWard: e.Ward, ToWard: "HDU"}}
		}
		encs = append(encs, e)
	}
	if err := admin.Encounters().CreateChartItems(encs, nil); err != nil {
		t.Fatal(err)
	}
	clerk := signIn(t, s, "clerk1")
	for i, p := range ds.Patients {
		at := now.Add(-time.Duration(i+1) * time.Hour).Truncate(time.Second)
		lab := exchange.Incoming{Source: fmt.Sprintf("Patient/lab-%d", i), Patient: model.Patient{MRN: p.MRN, GivenName: p.GivenName, Sex: p.Sex},
			Observations: []clinical.ObservationEntry{
				{Source: fmt.Sprintf("Observation/t%d", i), Observation: clinical.Observation{Test: "temp", Value: 36.5 + float64(i%30)/10, Unit: "°C", At: at}},
				{Source: fmt.Sprintf("Observation/h%d", i), Observation: clinical.Observation{Test: "hb", Value: 9 + float64(i%8), Unit: "g/dL", At: at, RefLow: 11.5, RefHigh: 16.5}},
				{Source: fmt.Sprintf("Observation/m%d", i), Observation: clinical.Observation{Test: "malaria-rdt", Text: "positive", At: at}},
				{Source: fmt.Sprintf("Observation/c%d", i), System: fhir.SysLOINC, Code: "2093-3", Display: "Cholesterol", Category: "laboratory",
					Observation: clinical.Observation{Value: 4.2, Unit: "mmol/L", At: at}},
			}}
		if p.Restricted {
			continue // the clerk may not open them
		}
		if plan, err := clerk.Exchange().Import(lab, false); err != nil || plan.Outcome != exchange.OutLinked {
			t.Fatalf("lab results for %s: %+v %v", p.MRN, plan, err)
		}
		if i%4 == 0 {
			a := clinical.AllergyEntry{PatientID: p.ID, Allergy: clinical.Allergy{Substance: "Penicillin", Reaction: "rash", Severity: "moderate", Kind: "allergy"}}
			if i%8 == 0 {
				a = clinical.AllergyEntry{PatientID: p.ID, NoneKnown: true}
			}
			if err := clerk.Clinical().AddAllergy(&a); err != nil && !a.NoneKnown {
				t.Fatal(err)
			}
		}
	}
}

// collect reads every patient's record through an export.
func collect(t testing.TB, sess *storage.Session) map[model.ID]exchange.PatientRecord {
	t.Helper()
	out := map[model.ID]exchange.PatientRecord{}
	_, err := sess.Exchange().Export(exchange.Scope{All: true, ForWhom: "round trip test", Where: "memory"}, func(r exchange.PatientRecord) error {
		out[r.Patient.ID] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRoundTrip exports a demo clinic as NDJSON, imports it into an
// empty store and compares patients, encounters, codes and observations.
// The fields FHIR (or Dossier's import) cannot carry are listed in
// expectedLoss, with the reason; any other difference fails the test.
func TestRoundTrip(t *testing.T) {
	sa, adminA := newStore(t, "KDH")
	demoClinic(t, sa, adminA, 120)
	superA := signIn(t, sa, "super1")
	dir := filepath.Join(t.TempDir(), "bulk")
	exp, err := ExportBulk(context.Background(), superA, dir, time.Time{}, "round trip", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := collect(t, superA)

	sb, adminB := newStore(t, "NEW")
	// Streamed, patients a few at a time, so the batches' seams are
	// crossed many times (an encounter in one pass, its patient's
	// observations in the same; practitioners in every pass).
	defer func(n int) { ndjsonBatch = n }(ndjsonBatch)
	ndjsonBatch = 7
	res, err := ImportFiles(context.Background(), adminB, []string{dir}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := ImportFiles(context.Background(), adminB, []string{dir}, false, nil); err != nil ||
		again.New != (exchange.Counts{}) || again.Outcomes[exchange.OutCreate]+again.Outcomes[exchange.OutReview] != 0 {
		t.Fatalf("the same files imported again changed the store: %s %v", again, err)
	}
	t.Logf("export: %s; import: %s", exp, res)
	after := collect(t, signIn(t, sb, "super1"))

	// Find each exported patient, encounter and observation in B by the
	// source it keeps.
	bySource := map[string]exchange.PatientRecord{}
	encs := map[string]model.Encounter{}
	obs := map[string]clinical.ObservationEntry{}
	alls := map[string]clinical.AllergyEntry{}
	for _, r := range after {
		for _, l := range r.Patient.LegacyCharts {
			if src, ok := strings.CutPrefix(l, fhir.SourceSystem+"|"); ok {
				bySource[src] = r
			}
		}
		for _, e := range r.Encounters {
			encs[e.Source] = e
		}
		for _, o := range r.Observations {
			obs[o.Source] = o
		}
		for _, a := range r.Allergies {
			alls[a.Source] = a
		}
	}
	diffs := map[string]int{}
	diff := func(what string, same bool) {
		if !same {
			diffs[what]++
		}
	}
	linked := 0
	for id, a := range before {
		b, ok := bySource["Patient/"+id.String()]
		if !ok {
			linked++ // joined an earlier patient with the same national ID and birth date
			continue
		}
		pa, pb := a.Patient, b.Patient
		diff("patient.name", pa.GivenName == pb.GivenName && pa.FamilyName == pb.FamilyName)
		diff("patient.sex", pa.Sex == pb.Sex)
		diff("patient.birth", pa.BirthDate == pb.BirthDate && pa.BirthEstimated == pb.BirthEstimated)
		diff("patient.phone", pa.Phone == pb.Phone)
		diff("patient.address", slices.Equal(pa.Address, pb.Address))
		diff("patient.nationalId", pa.NationalID == pb.NationalID)
		diff("patient.otherNames", slices.Equal(pa.OtherNames, pb.OtherNames))
		diff("patient.nextOfKin", pa.NextOfKin == pb.NextOfKin)
		diff("patient.restricted", pa.Restricted == pb.Restricted)
		diff("patient.mrn (reassigned; the old one kept as an identifier)", pa.MRN == pb.MRN)
		diff("patient.oldMrnKept", slices.Contains(pb.LegacyCharts, fhir.MRNSystem("KDH")+"|"+pa.MRN))
		for _, l := range pa.LegacyCharts {
			diff("patient.legacyCharts", slices.Contains(pb.LegacyCharts, l))
		}
		diff("patient.alerts (not exported)", slices.Equal(pa.Alerts, pb.Alerts))
	}
	for _, a := range before {
		for _, e := range a.Encounters {
			b, ok := encs["Encounter/"+e.ID.String()]
			if !ok {
				diffs["encounter missing"]++
				continue
			}
			diff("encounter.type", e.Type == b.Type)
			diff("encounter.start", e.Start.Equal(b.Start))
			diff("encounter.end", e.End.Equal(b.End))
			diff("encounter.ward", e.Ward == b.Ward)
			diff("encounter.reason", e.Reason == b.Reason)
			diff("encounter.disposition", e.Disposition == b.Disposition)
			diff("encounter.clinician", e.Clinician == b.Clinician)
			diff("encounter.transfers", len(e.Transfers) == len(b.Transfers) &&
				(len(e.Transfers) == 0 || e.Transfers[0].At.Equal(b.Transfers[0].At) && e.Transfers[0].ToWard == b.Transfers[0].ToWard))
			ia, ib := e.ItemsToCode(), b.ItemsToCode()
			same := len(ia) == len(ib)
			for i := 0; same && i < len(ia); i++ {
				x, y := ia[i], ib[i]
				same = x.Kind == y.Kind && x.Text == y.Text && x.System == y.System && x.Version == y.Version &&
					x.Code == y.Code && x.Principal == y.Principal
			}
			diff("encounter.codes", same)
			diff("encounter.codingStatus (the coder's sign-off does not travel)", e.CodingStatus == b.CodingStatus)
			diff("encounter.bed (not exported)", e.Bed == b.Bed)
		}
		for _, o := range a.Observations {
			b, ok := obs["Observation/"+o.ID.String()]
			if !ok {
				diffs["observation missing"]++
				continue
			}
			diff("observation.test", o.Test == b.Test && o.System == b.System && o.Code == b.Code)
			diff("observation.value", o.Value == b.Value && o.Unit == b.Unit && o.Text == b.Text && o.Comparator == b.Comparator)
			diff("observation.range", o.RefLow == b.RefLow && o.RefHigh == b.RefHigh)
			diff("observation.at", o.At.Equal(b.At))
			diff("observation.encounter", o.EncounterID.IsZero() == b.EncounterID.IsZero())
		}
		for _, al := range a.Allergies {
			b, ok := alls["AllergyIntolerance/"+al.ID.String()]
			if !ok {
				diffs["allergy missing"]++
				continue
			}
			diff("allergy", al.NoneKnown == b.NoneKnown && al.Substance == b.Substance && al.Reaction == b.Reaction &&
				al.Severity == b.Severity && al.Kind == b.Kind)
		}
	}
	// What FHIR round trip loses, and why (the closing note of issue 18).
	expectedLoss := map[string]bool{
		"patient.mrn (reassigned; the old one kept as an identifier)":   true,
		"patient.alerts (not exported)":                                 true,
		"encounter.codingStatus (the coder's sign-off does not travel)": true,
		"encounter.bed (not exported)":                                  true,
	}
	var keys []string
	for k := range diffs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if expectedLoss[k] {
			t.Logf("lost (expected): %-70s %d", k, diffs[k])
		} else {
			t.Errorf("lost: %-70s %d", k, diffs[k])
		}
	}
	t.Logf("%d of %d patients joined another with the same national ID and birth date (linked, not duplicated)", linked, len(before))
	if len(before) == 0 || len(encs) == 0 || len(obs) == 0 {
		t.Fatal("the round trip carried nothing")
	}
}
