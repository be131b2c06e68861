package storage

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/stats"

	bolt "go.etcd.io/bbolt"
)

// newStatStore is a store whose clinical clock reads 5 December 2026, so
// November's stays and visits can be entered as they happened.
func newStatStore(t *testing.T) (*Store, *Session, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clinic.dossier")
	opts := testOptions()
	opts.Clock = func() time.Time { return time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC) }
	s, sess, _, err := Create(path, model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada Admin"}, testPassword, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); checkFile(t, path) })
	return s, sess, path
}

func nov(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }

func statWards() model.StatSettings {
	jan := model.Date{Year: 2026, Month: 1, Day: 1}
	return model.StatSettings{
		Wards: []model.Ward{
			{ID: "MED", Name: "Medical", Type: model.WardMedical, Beds: []model.BedChange{{From: jan, Beds: 10}}},
			{ID: "SUR", Name: "Surgical", Type: model.WardSurgical, Beds: []model.BedChange{{From: jan, Beds: 5}}},
		},
		WardNames:  map[string]string{"Ward 3": "MED"},
		Notifiable: model.DefaultNotifiable,
	}
}

func novFigures(t *testing.T, sess *Session) stats.Figures {
	t.Helper()
	f, err := sess.Statistics().Compute(StatQuery{Period: stats.Month(2026, time.November, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func wantFigures(t *testing.T, what string, f stats.Figures, want map[stats.Key]float64) {
	t.Helper()
	for k, w := range want {
		if got := f[k]; got != w {
			t.Errorf("%s: %s = %v, want %v", what, k, got, w)
		}
	}
}

func TestStatisticsIndexFollowsEveryChange(t *testing.T) {
	_, admin, _ := newStatStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	if err := clerk.Statistics().SaveSettings(statWards(), "wards"); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk saved the wards: %v", err)
	}
	// Before the list exists any ward name is taken (an older clinic).
	a := newPatient(t, clerk, "Amina")
	old := model.Encounter{PatientID: a.ID, Start: nov(2, 9), Ward: "ward 3", AdmittedBy: "Dr O"}
	if err := clerk.Admissions().Admit(&old); err != nil {
		t.Fatal(err)
	}
	if err := admin.Statistics().SaveSettings(statWards(), "wards and beds"); err != nil {
		t.Fatal(err)
	}
	// Now an admission must name a ward of the list.
	b := newPatient(t, clerk, "Bosco")
	bad := model.Encounter{PatientID: b.ID, Start: nov(3, 9), Ward: "Kitchen", AdmittedBy: "Dr O"}
	if err := clerk.Admissions().Admit(&bad); err == nil || !strings.Contains(err.Error(), "Medical") {
		t.Fatalf("admitted to an unknown ward: %v", err)
	}
	stay := model.Encounter{PatientID: b.ID, Start: nov(3, 9), Ward: "med", AdmittedBy: "Dr O"}
	if err := clerk.Admissions().Admit(&stay); err != nil {
		t.Fatal(err)
	}
	if stay.Ward != "Medical" {
		t.Errorf("the ward is stored as %q, want the list's name Medical", stay.Ward)
	}
	// Bosco: MED 3 Nov → SUR 5 Nov → home 8 Nov: MED 2 days (3, 4), SUR 3 (5, 6, 7).
	if _, err := clerk.Admissions().Transfer(stay.ID, "Surgical", "", nov(5, 10)); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Admissions().Discharge(stay.ID, nov(8, 10), "home", ""); err != nil {
		t.Fatal(err)
	}
	// Two visits of Chen in November (new, then repeat), one cholera.
	c := newPatient(t, clerk, "Chen")
	for _, v := range []model.Encounter{
		{PatientID: c.ID, Type: model.EncOutpatient, Start: nov(10, 9), Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Code: "A00.1", Principal: true}}},
		{PatientID: c.ID, Type: model.EncOutpatient, Start: nov(12, 9)},
	} {
		if err := clerk.Encounters().Create(&v); err != nil {
			t.Fatal(err)
		}
	}
	// Amina, admitted to "ward 3" (mapped to MED) on 2 Nov, is still in:
	// MED 29 midnights (2–30).
	f := novFigures(t, clerk)
	wantFigures(t, "after the changes", f, map[stats.Key]float64{
		{Figure: stats.FigAdmissions, Ward: "MED"}: 2, {Figure: stats.FigServiceDays, Ward: "MED"}: 29 + 2,
		{Figure: stats.FigServiceDays, Ward: "SUR"}: 3, {Figure: stats.FigTransfersIn, Ward: "SUR"}: 1,
		{Figure: stats.FigDischarges, Ward: "SUR"}: 1, {Figure: stats.FigPatientsAtMidnight, Ward: "MED"}: 1,
		{Figure: stats.FigBedDaysAvailable}: 450, {Figure: stats.FigOPDNew}: 1, {Figure: stats.FigOPDRepeat}: 1,
		{Figure: stats.FigNotifiableCases, Extra: "A00"}: 1,
	})
	cholera := func(what string, want int) {
		t.Helper()
		ws, err := clerk.Statistics().Weekly([]stats.Period{stats.Week(nov(10, 9))})
		if err != nil {
			t.Fatal(err)
		}
		got := -1
		for _, row := range ws {
			if row[0].Disease.Name == "Cholera" {
				got = row[0].Cases
			}
		}
		if got != want {
			t.Errorf("%s: cholera in the week of 10 Nov = %d, want %d", what, got, want)
		}
	}
	cholera("after the visit", 1)
	only := statWards()
	only.Notifiable = []model.Notifiable{{Name: "Measles", Codes: []string{"B05"}, Threshold: 1}}
	if err := admin.Statistics().SaveSettings(only, "measles only"); err != nil {
		t.Fatal(err)
	}
	cholera("cholera off the list", -1)
	if err := admin.Statistics().SaveSettings(statWards(), "cholera back"); err != nil {
		t.Fatal(err)
	}
	cholera("cholera back on the list", 1)
	// Deleting the first visit makes the second one new: the patient's
	// entries are rewritten together.
	ch, err := clerk.Encounters().Chart(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	first := ch.Encounters[len(ch.Encounters)-1]
	if err := admin.Delete(model.KindEncounter, first.ID, "keyed twice"); err != nil {
		t.Fatal(err)
	}
	wantFigures(t, "after the delete", novFigures(t, clerk), map[stats.Key]float64{
		{Figure: stats.FigOPDNew}: 1, {Figure: stats.FigOPDRepeat}: 0, {Figure: stats.FigNotifiableCases, Extra: "A00"}: 0,
	})
	cholera("after the delete", 0)
	// A patient's sex corrected moves their attendance.
	c, rev, err := clerk.Patients().Get(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Sex = model.SexMale
	if err := clerk.Patients().Update(c, rev.Rev, "sex keyed wrong"); err != nil {
		t.Fatal(err)
	}
	wantFigures(t, "after the correction", novFigures(t, clerk), map[stats.Key]float64{
		{Figure: stats.FigOPDNew, Sex: "M"}: 1, {Figure: stats.FigOPDNew, Sex: "F"}: 0,
	})

	// The drill-down names the patients and is audited.
	ms, err := clerk.Statistics().Members(StatQuery{Period: stats.Month(2026, time.November, time.UTC)},
		stats.Key{Figure: stats.FigServiceDays, Ward: "MED"})
	if err != nil || len(ms) != 2 || ms[0].Patient.MRN != a.MRN || ms[1].Patient.MRN != b.MRN || ms[0].Reason == "" {
		t.Fatalf("members: %+v %v", ms, err)
	}
	log, err := admin.Admin().Audit(model.AuditFilter{User: "clerk1", Action: model.ActView}, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		found = found || strings.Contains(e.Detail, "statistics: patients of ip.service_days/ward=MED")
	}
	if !found {
		t.Error("the drill-down left no audit entry")
	}
	un, err := admin.Statistics().UnknownWards()
	if err != nil || len(un) != 0 {
		t.Errorf("unknown wards: %+v %v (ward 3 is mapped)", un, err)
	}
}

func TestStatisticsIndexRevealsNoIDsAndIsBackfilled(t *testing.T) {
	s, admin, path := newStatStore(t)
	if err := admin.Statistics().SaveSettings(statWards(), "wards"); err != nil {
		t.Fatal(err)
	}
	var pats []model.Patient
	for i, name := range []string{"Amina", "Bosco", "Chen"} {
		p := newPatient(t, admin, name)
		pats = append(pats, p)
		e := model.Encounter{PatientID: p.ID, Start: nov(3+i, 9), Ward: "Medical", AdmittedBy: "Dr O"}
		if err := admin.Admissions().Admit(&e); err != nil {
			t.Fatal(err)
		}
	}
	before := novFigures(t, admin)
	if before[stats.Key{Figure: stats.FigAdmissions}] != 3 {
		t.Fatalf("admissions %v, want 3", before[stats.Key{Figure: stats.FigAdmissions}])
	}
	// Nothing in the index names a patient, a record or a day.
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bStats).Bucket(bStatMonths).ForEach(func(k, v []byte) error {
			for _, p := range pats {
				if bytes.Contains(k, p.ID[:]) || bytes.Contains(v, p.ID[:]) || bytes.Contains(v, []byte(p.MRN)) {
					t.Errorf("an index entry shows patient %s", p.GivenName)
				}
			}
			if bytes.Contains(v, []byte("Medical")) {
				t.Error("an index entry shows its ward in clear")
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A store made before the index (simulated by dropping it) is
	// backfilled at the first use, with the same figures.
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bStats) }); err != nil {
		t.Fatal(err)
	}
	after := novFigures(t, admin)
	if len(after) != len(before) {
		t.Fatalf("backfilled: %d figures, before %d", len(after), len(before))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("backfilled %s = %v, before %v", k, after[k], v)
		}
	}
	_ = path
}

func TestStatEntryCodec(t *testing.T) {
	e := stats.Encounter{ID: model.NewID(), Patient: model.NewID(), Type: model.EncInpatient, Sex: "F",
		Birth: time.Date(1990, 3, 3, 0, 0, 0, 0, time.UTC), Start: nov(1, 9), End: nov(4, 10), Ward: "Medical",
		Disposition: "died", NewYear: true, Moves: []stats.Move{{At: nov(2, 3), To: "ICU"}},
		Codes: []stats.Code{{Code: "I219", Principal: true}, {Code: "0DTJ4ZZ", Proc: true}}}
	b := encodeStatEntry(e)
	got, err := decodeStatEntry(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != e.ID || got.Patient != e.Patient || !got.Start.Equal(e.Start) || !got.End.Equal(e.End) || !got.Birth.Equal(e.Birth) ||
		got.Ward != e.Ward || got.Disposition != e.Disposition || !got.NewYear || got.NewEver || len(got.Moves) != 1 ||
		got.Moves[0].To != "ICU" || len(got.Codes) != 2 || !got.Codes[1].Proc || !got.Codes[0].Principal {
		t.Fatalf("round trip: %+v", got)
	}
	for i := 1; i < len(b); i++ {
		if _, err := decodeStatEntry(b[:i]); err == nil {
			t.Fatalf("a truncated entry (%d of %d bytes) decoded", i, len(b))
		}
	}
}

// FuzzDecodeStatEntry: a damaged index entry is an error, never a panic,
// and what decodes encodes back to the same bytes.
func FuzzDecodeStatEntry(f *testing.F) {
	f.Add(encodeStatEntry(stats.Encounter{ID: model.NewID(), Type: model.EncInpatient, Start: nov(1, 9), End: nov(3, 9),
		Ward: "MED", Moves: []stats.Move{{At: nov(2, 9), To: "SUR"}}, Codes: []stats.Code{{Code: "A001", Principal: true}}}))
	f.Add([]byte{statEntryVersion})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := decodeStatEntry(b)
		if err != nil {
			return
		}
		if again := encodeStatEntry(e); !bytes.Equal(again, b) {
			// Varints have one shortest form; a longer one decodes the same.
			if e2, err := decodeStatEntry(again); err != nil || e2.ID != e.ID || len(e2.Codes) != len(e.Codes) {
				t.Fatalf("re-encoding changed the entry: %v", err)
			}
		}
	})
}

// The streamed count (one reader per core, a stay counted under the first
// of its months the period reads, several periods from one read) must
// give exactly what the engine gives on the period's entries in one
// slice: stays across months, one still open from October, visits.
func TestStatisticsStreamedEqualsWhole(t *testing.T) {
	_, admin, _ := newStatStore(t)
	if err := admin.Statistics().SaveSettings(statWards(), "wards"); err != nil {
		t.Fatal(err)
	}
	oct := func(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, time.UTC) }
	for i, e := range []model.Encounter{
		{Type: model.EncInpatient, Start: oct(20, 9), End: nov(3, 10), Ward: "Medical", Disposition: "home"},
		{Type: model.EncInpatient, Start: oct(28, 9), Ward: "Surgical"}, // still in
		{Type: model.EncInpatient, Start: nov(4, 9), End: nov(4, 15), Ward: "Medical", Disposition: "died"},
		{Type: model.EncInpatient, Start: oct(30, 9), End: oct(31, 9), Ward: "Surgical", Disposition: "referred"},
		{Type: model.EncOutpatient, Start: oct(15, 9), Coding: []model.CodedItem{{Kind: model.ItemDiagnosis, Code: "B05.9", Principal: true}}},
		{Type: model.EncOutpatient, Start: nov(15, 9)},
	} {
		p := newPatient(t, admin, fmt.Sprintf("P%d", i))
		e.PatientID = p.ID
		if err := admin.Encounters().CreateChartItems([]model.Encounter{e}, nil); err != nil {
			t.Fatal(err)
		}
	}
	parts := []stats.Period{stats.Month(2026, time.October, time.UTC), stats.Month(2026, time.November, time.UTC),
		stats.Range(oct(1, 0), time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)), stats.Day(nov(2, 0)), stats.Day(oct(31, 0))}
	each, err := admin.Statistics().ComputeEach(StatQuery{}, parts)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range parts {
		one, err := admin.Statistics().Compute(StatQuery{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		encs, setup, err := admin.statInputs(StatQuery{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		whole := stats.Compute(encs, p, setup)
		for _, got := range []stats.Figures{each[i], one} {
			if len(got) != len(whole) {
				t.Errorf("%s: %d figures streamed, %d from the whole", p, len(got), len(whole))
			}
			for k, v := range whole {
				if got[k] != v {
					t.Errorf("%s: %s = %v streamed, %v from the whole", p, k, got[k], v)
				}
			}
		}
	}
	if got := each[2][stats.Key{Figure: stats.FigAdmissions}]; got != 4 {
		t.Errorf("October and November: %v admissions, want 4", got)
	}
	if got := each[3][stats.Key{Figure: stats.FigPatientsAtMidnight}]; got != 2 {
		t.Errorf("in at midnight on 2 November: %v, want 2 (the stay from 20 October and the open one)", got)
	}
}

// A procedure's day, given by the coder, is checked against the stay and
// kept in the date index, and the post-operative death rate counts from it:
// a death 13 days after admission but 5 after the operation is post-operative.
func TestProcedureDayCountsPostOpDeath(t *testing.T) {
	_, admin, _ := newStatStore(t)
	coder := addUser(t, admin, "coder1", model.RoleCoder)
	p := newPatient(t, admin, "Operated")
	encs := []model.Encounter{{PatientID: p.ID, Type: model.EncInpatient, Start: nov(1, 9), End: nov(14, 9), Ward: "Medical", Disposition: "died"}}
	if err := admin.Encounters().CreateChartItems(encs, nil); err != nil {
		t.Fatal(err)
	}
	e := encs[0]
	items := func(done model.Date) []model.CodedItem {
		return []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "appendicitis", Code: "K35.80", Principal: true},
			{Kind: model.ItemProcedure, Text: "appendicectomy", Code: "0DTJ4ZZ", Done: done}}
	}
	for _, bad := range []model.Date{{Year: 2026, Month: 11, Day: 20}, {Year: 2026, Month: 10, Day: 31}} {
		err := coder.Coding().Save(e.ID, items(bad), true, 0)
		if !errors.Is(err, model.Errorf(model.Invalid, "")) {
			t.Errorf("a procedure done on %s, outside the stay: %v, want refused", bad, err)
		}
	}
	diag := items(model.Date{})
	diag[0].Done = model.Date{Year: 2026, Month: 11, Day: 2}
	if err := coder.Coding().Save(e.ID, diag, true, 0); !errors.Is(err, model.Errorf(model.Invalid, "")) {
		t.Errorf("a diagnosis with a day done: %v, want refused", err)
	}
	count := func() (float64, float64) {
		f, err := admin.Statistics().Compute(StatQuery{Period: stats.Month(2026, time.November, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		return f[stats.Key{Figure: stats.FigPostopDeaths}], f[stats.Key{Figure: stats.FigOperatedDischarges}]
	}
	if err := coder.Coding().Save(e.ID, items(model.Date{}), true, 0); err != nil {
		t.Fatal(err)
	}
	if deaths, operated := count(); deaths != 0 || operated != 1 {
		t.Errorf("undated: %v post-operative deaths of %v operated, want 0 of 1 (13 days after admission)", deaths, operated)
	}
	if err := coder.Coding().Save(e.ID, items(model.Date{Year: 2026, Month: 11, Day: 9}), true, 0); err != nil {
		t.Fatal(err)
	}
	if deaths, _ := count(); deaths != 1 {
		t.Errorf("done 9 November, died 14th: %v post-operative deaths, want 1", deaths)
	}
	ent := stats.Encounter{ID: e.ID, Type: model.EncInpatient, Start: nov(1, 9), Codes: []stats.Code{{Code: "0DTJ4ZZ", Proc: true, Done: nov(9, 0)}}}
	if back, err := decodeStatEntry(encodeStatEntry(ent)); err != nil || !back.Codes[0].Done.Equal(nov(9, 0)) {
		t.Errorf("the procedure's day did not survive the index: %+v %v", back.Codes, err)
	}
}
