package exchange

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/exchange"
	"dossier/storage"
)

const pw = "a long password"

// newStore makes a store with a clerk and a supervisor; it returns the
// administrator's session.
func newStore(t testing.TB, prefix string) (*storage.Store, *storage.Session) {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", prefix),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, u := range []model.User{{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk},
		{Username: "super1", FullName: "Sam", Role: model.RoleSupervisor}} {
		if _, err := admin.Admin().CreateUser(u, pw); err != nil {
			t.Fatal(err)
		}
	}
	return s, admin
}

func signIn(t testing.TB, s *storage.Store, user string) *storage.Session {
	t.Helper()
	sess, err := s.SignIn(user, pw)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// synthea is the testdata folder of reports/fhir (Synthea samples, with
// their licence in README.txt there).
func synthea(t testing.TB) []string {
	t.Helper()
	m, _ := filepath.Glob("../../../reports/fhir/testdata/synthea-*.json.gz")
	if len(m) == 0 {
		t.Fatal("no Synthea samples in reports/fhir/testdata")
	}
	dir := t.TempDir()
	var out []string
	for _, f := range m {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		z, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(z)
		p := filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), ".gz"))
		os.WriteFile(p, b.Bytes(), 0o600)
		out = append(out, p)
	}
	return out
}

func TestImportSyntheaPreviewThenOnceOnly(t *testing.T) {
	s, _ := newStore(t, "TST")
	clerk := signIn(t, s, "clerk1")
	in, skipped, err := ReadFiles(clerk, synthea(t))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Counts()
	preview, err := Import(context.Background(), clerk, in, skipped, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := s.Counts(); after[model.KindPatient] != before[model.KindPatient] || after[model.KindEncounter] != 0 {
		t.Fatalf("the dry run wrote records: %v", after)
	}
	if preview.Outcomes[exchange.OutCreate] != 3 || preview.New.Encounters == 0 || preview.New.Observations == 0 {
		t.Fatalf("preview: %s", preview)
	}
	res, err := Import(context.Background(), clerk, in, skipped, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != preview.New || res.Outcomes[exchange.OutCreate] != 3 {
		t.Errorf("the import did not do what the preview said:\npreview %s\nimport  %s", preview, res)
	}
	counts, _ := s.Counts()
	if counts[model.KindPatient] != 3 || counts[model.KindEncounter] != res.New.Encounters || counts[model.KindObservation] != res.New.Observations {
		t.Errorf("store holds %v after %s", counts, res)
	}
	if res.SkippedCount() == 0 {
		t.Error("Claims, Immunizations … were not reported as skipped")
	}
	// SNOMED diagnoses wait for the coder with their text.
	queue, err := signIn(t, s, "super1").Coding().Queue(100)
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) == 0 {
		t.Error("no SNOMED-coded encounter reached the coding queue")
	}
	// Again: nothing changes.
	in2, sk2, _ := ReadFiles(clerk, synthea(t))
	again, err := Import(context.Background(), clerk, in2, sk2, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Outcomes[exchange.OutUnchanged] != 3 || again.New.Total() != 0 {
		t.Errorf("second import: %s", again)
	}
	if c2, _ := s.Counts(); c2[model.KindPatient] != 3 || c2[model.KindEncounter] != counts[model.KindEncounter] ||
		c2[model.KindObservation] != counts[model.KindObservation] {
		t.Errorf("second import changed the store: %v → %v", counts, c2)
	}
}

func TestImportMatchesTheIndex(t *testing.T) {
	s, admin := newStore(t, "TST")
	clerk := signIn(t, s, "clerk1")
	files := synthea(t)
	in, _, err := ReadFiles(clerk, files[:1])
	if err != nil {
		t.Fatal(err)
	}
	// Someone registered by hand already, with the same name, sex, birth
	// date and phone: the import must not make a silent second record.
	hand := in[0].Patient
	hand.LegacyCharts = nil
	if err := admin.Patients().Register(&hand); err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), clerk, in, nil, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcomes[exchange.OutReview] != 1 {
		t.Fatalf("a likely duplicate was not sent to review: %s", res)
	}
	q, err := signIn(t, s, "super1").Duplicates().Queue()
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 {
		t.Errorf("duplicate review holds %d pairs, want 1", len(q))
	}
	// An incoming record with this clinic's MRN is linked to that patient.
	byMRN := exchange.Incoming{Source: "Patient/other-system-1", Patient: model.Patient{GivenName: "X", FamilyName: "Y",
		Sex: model.SexUnknown, MRN: hand.MRN},
		Observations: []clinical.ObservationEntry{{Source: "Observation/o1", Observation: clinical.Observation{Test: "temp", Value: 38, Unit: "°C", At: time.Now().Add(-time.Hour)}}}}
	plan, err := clerk.Exchange().Import(byMRN, false)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Outcome != exchange.OutLinked || plan.Patient != hand.ID || plan.New.Observations != 1 {
		t.Errorf("by MRN: %+v", plan)
	}
	got, _, _ := clerk.Patients().Get(hand.ID)
	if got.GivenName != hand.GivenName {
		t.Error("a linked import overwrote the patient's name")
	}
}

func TestExportRestrictedNeedsReleaseAuthority(t *testing.T) {
	s, admin := newStore(t, "TST")
	for i, name := range []string{"Open", "Hidden"} {
		p := model.Patient{GivenName: name, FamilyName: "Case", Sex: model.SexFemale, BirthDate: model.Date{Year: 1990, Month: 1, Day: 2}, Restricted: i == 1}
		if err := admin.Patients().Register(&p); err != nil {
			t.Fatal(err)
		}
	}
	res, err := ExportBulk(context.Background(), admin, filepath.Join(t.TempDir(), "a"), time.Time{}, "registry", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Patients != 1 || res.LeftOut != 1 || res.Restricted != 0 {
		t.Errorf("administrator: %s", res)
	}
	dir := filepath.Join(t.TempDir(), "s")
	res, err = ExportBulk(context.Background(), signIn(t, s, "super1"), dir, time.Time{}, "registry", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Patients != 2 || res.LeftOut != 0 || res.Restricted != 1 {
		t.Errorf("supervisor: %s", res)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "Patient.ndjson"))
	if !strings.Contains(string(raw), `"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"`) {
		t.Error("the restricted patient is not flagged")
	}
	if _, err := ExportBulk(context.Background(), signIn(t, s, "clerk1"), t.TempDir(), time.Time{}, "registry", false, nil); model.CodeOf(err) != model.Denied {
		t.Errorf("a clerk exported: %v", err)
	}
	entries, err := admin.Admin().Audit(model.AuditFilter{Action: model.ActExport}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var flagged, forWhom int
	for _, e := range entries {
		if e.Flagged {
			flagged++
		}
		if strings.Contains(e.Detail, "for registry") {
			forWhom++
		}
	}
	if forWhom < 2 || flagged < 2 {
		t.Errorf("export audit: %d entries name the recipient, %d flagged: %+v", forWhom, flagged, entries)
	}
}

// TestImportGroupsSameAsOneByOne imports one list of patients twice: as
// ImportFiles does (storage commits unrelated patients in groups) and one
// patient a transaction. The outcomes must be the same: a person met
// twice in one group is still sent to review, the same record twice
// still adds nothing the second time, and a patient that fails leaves the
// others of its group imported.
func TestImportGroupsSameAsOneByOne(t *testing.T) {
	files := synthea(t)
	_, probe := newStore(t, "TST")
	read, _, err := ReadFiles(probe, files)
	if err != nil {
		t.Fatal(err)
	}
	again := read[0] // the same person registered elsewhere
	again.Source = "Patient/elsewhere-1"
	bad := read[1] // refused: born in the future
	bad.Source, bad.Patient.BirthDate = "Patient/bad-1", model.Date{Year: 2999, Month: 1, Day: 1}
	other := exchange.Incoming{Source: "Patient/plain-1", Patient: model.Patient{GivenName: "Wanjiru", FamilyName: "Otieno",
		Sex: model.SexFemale, BirthDate: model.Date{Year: 1971, Month: 3, Day: 4}}}
	cases := []struct {
		name string
		in   []exchange.Incoming
	}{
		{"samples, a repeat and the same record twice", []exchange.Incoming{read[0], read[1], again, read[2], read[1]}},
		{"a failing patient amid others", []exchange.Incoming{read[0], bad, other, read[2]}},
		{"more than a group", append(append(append(many(storage.ImportGroup+5), read...), other), read...)},
	}
	type row struct {
		out exchange.Outcome
		new exchange.Counts
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs, gadmin := newStore(t, "TST")
			ss, _ := newStore(t, "TST")
			grouped, single := signIn(t, gs, "clerk1"), signIn(t, ss, "clerk1")
			res, err := Import(context.Background(), grouped, tc.in, nil, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []row
			for _, in := range tc.in {
				plan, err := single.Exchange().Import(in, false)
				if err != nil {
					plan.Outcome = exchange.OutRefused
				}
				want = append(want, row{plan.Outcome, plan.New})
			}
			for _, p := range res.Plans {
				got = append(got, row{p.Outcome, p.New})
			}
			if len(got) != len(want) {
				t.Fatalf("%d plans, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("patient %d (%s): grouped %+v, one by one %+v", i, tc.in[i].Source, got[i], want[i])
				}
			}
			gq, err := signIn(t, gs, "super1").Duplicates().Queue()
			if err != nil {
				t.Fatal(err)
			}
			sq, err := signIn(t, ss, "super1").Duplicates().Queue()
			if err != nil {
				t.Fatal(err)
			}
			if len(gq) != len(sq) {
				t.Errorf("duplicate review: %d pairs grouped, %d one by one", len(gq), len(sq))
			}
			// A group's audit entries are signed together: the trail
			// still verifies, every entry signed.
			n, problems, err := gadmin.Admin().VerifyAudit()
			if err != nil || len(problems) > 0 || n == 0 {
				t.Errorf("audit trail after a grouped import: %d entries, %d problems (%v), %v", n, len(problems), problems[:min(len(problems), 2)], err)
			}
		})
	}
}

// many makes n people the matcher tells apart.
func many(n int) []exchange.Incoming {
	given := []string{"Amina", "Bosco", "Chiara", "Dawit", "Esther", "Faisal", "Grace", "Hamisi", "Imani", "Joseph", "Kezia", "Lwazi"}
	family := []string{"Njoroge", "Banda", "Ferreira", "Tesfaye", "Mwangi", "Osei", "Dlamini", "Kariuki"}
	var out []exchange.Incoming
	for i := 0; i < n; i++ {
		out = append(out, exchange.Incoming{Source: fmt.Sprintf("Patient/many-%d", i), Patient: model.Patient{
			GivenName: given[i%len(given)], FamilyName: family[(i/len(given)+i)%len(family)], Sex: model.SexUnknown,
			BirthDate: model.Date{Year: 1940 + 3*i, Month: time.Month(1 + i%12), Day: 1 + i%28}}})
	}
	return out
}
