package model

import (
	"strings"
	"testing"
	"time"
)

var (
	admitted   = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	discharged = time.Date(2026, 6, 5, 11, 0, 0, 0, time.UTC)
	evalNow    = time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
)

func day(n int) time.Time { return discharged.AddDate(0, 0, n) }

func stay(mod ...func(*Encounter)) Encounter {
	e := Encounter{ID: ID{1}, PatientID: ID{2}, Type: EncInpatient, Start: admitted, End: discharged, Disposition: "home",
		Diagnoses: []string{"malaria"}}
	for _, m := range mod {
		m(&e)
	}
	return e
}

func doc(t DocType, filed time.Time) Document {
	return Document{ID: NewID(), Type: t, EncounterID: ID{1}, IndexedAt: filed}
}

func signed(title string, at time.Time) Note {
	return Note{ID: NewID(), EncounterID: ID{1}, Title: title, Written: at, SignedBy: "dr", SignedAt: at}
}

// findingOf runs the evaluation and returns the finding of one rule.
func findingOf(t *testing.T, facts ChartFacts, rule RuleCode) (Finding, bool) {
	t.Helper()
	for _, f := range EvaluateChart(DefaultChartRules(), facts, evalNow) {
		if f.Rule == rule {
			return f, true
		}
	}
	return Finding{}, false
}

func TestEvaluateChartEachRule(t *testing.T) {
	coded := func(e *Encounter) {
		e.Coding = []CodedItem{{Kind: ItemDiagnosis, Text: "malaria", Code: "B54", Principal: true}}
		e.CodingStatus, e.CodedAt = CodingDone, day(3)
	}
	operated := func(e *Encounter) {
		e.Coding = append(e.Coding, CodedItem{Kind: ItemProcedure, Text: "Appendicectomy", System: "ICD-10-PCS", Code: "0DTJ4ZZ"})
	}
	died := func(e *Encounter) { e.Disposition = "died" }
	tests := []struct {
		name    string
		facts   ChartFacts
		rule    RuleCode
		applies bool
		met     bool
		late    bool
		missing string
	}{
		{"admission form met", ChartFacts{Encounter: stay(), Documents: []Document{doc(DocAdmission, admitted.Add(time.Hour))}}, RuleAdmissionForm, true, true, false, ""},
		{"admission form unmet", ChartFacts{Encounter: stay()}, RuleAdmissionForm, true, false, false, "file the admission form"},
		{"admission form met late", ChartFacts{Encounter: stay(), Documents: []Document{doc(DocAdmission, admitted.AddDate(0, 0, 9))}}, RuleAdmissionForm, true, true, true, ""},
		{"admission form not for a visit", ChartFacts{Encounter: stay(func(e *Encounter) { e.Type = EncOutpatient })}, RuleAdmissionForm, false, false, false, ""},
		{"discharge summary unmet", ChartFacts{Encounter: stay()}, RuleDischargeSummary, true, false, false, "write and sign the discharge summary"},
		{"discharge summary unsigned", ChartFacts{Encounter: stay(), Notes: []Note{{ID: NewID(), EncounterID: ID{1}, Title: "Discharge summary", Written: day(0)}}}, RuleDischargeSummary, true, false, false, "sign the discharge summary"},
		{"discharge summary signed in time", ChartFacts{Encounter: stay(), Notes: []Note{signed("Discharge summary", day(2))}}, RuleDischargeSummary, true, true, false, ""},
		{"discharge summary signed late", ChartFacts{Encounter: stay(), Notes: []Note{signed("Discharge summary", day(12))}}, RuleDischargeSummary, true, true, true, ""},
		{"discharge summary scanned", ChartFacts{Encounter: stay(), Documents: []Document{doc(DocDischarge, day(1))}}, RuleDischargeSummary, true, true, false, ""},
		{"discharge summary waits for discharge", ChartFacts{Encounter: stay(func(e *Encounter) { e.End = time.Time{} })}, RuleDischargeSummary, false, false, false, ""},
		{"principal coded unmet", ChartFacts{Encounter: stay()}, RulePrincipalCoded, true, false, false, "code the principal diagnosis"},
		{"principal coded met", ChartFacts{Encounter: stay(coded)}, RulePrincipalCoded, true, true, false, ""},
		{"operation note unmet", ChartFacts{Encounter: stay(coded, operated)}, RuleOperationNote, true, false, false, "write and sign the operation note"},
		{"operation note met", ChartFacts{Encounter: stay(coded, operated), Notes: []Note{signed("Operation note", day(0))}}, RuleOperationNote, true, true, false, ""},
		{"operation note only with a procedure", ChartFacts{Encounter: stay(coded)}, RuleOperationNote, false, false, false, ""},
		{"surgical consent unmet", ChartFacts{Encounter: stay(coded, operated)}, RuleSurgicalConsent, true, false, false, "file the signed consent for surgery"},
		{"surgical consent met", ChartFacts{Encounter: stay(coded, operated), Documents: []Document{doc(DocConsent, day(0))}}, RuleSurgicalConsent, true, true, false, ""},
		{"death note unmet", ChartFacts{Encounter: stay(died)}, RuleDeathNote, true, false, false, "write and sign the death note"},
		{"death note met late", ChartFacts{Encounter: stay(died), Documents: []Document{doc(DocDeath, day(5))}}, RuleDeathNote, true, true, true, ""},
		{"no death note for a survivor", ChartFacts{Encounter: stay()}, RuleDeathNote, false, false, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := findingOf(t, tc.facts, tc.rule)
			if ok != tc.applies {
				t.Fatalf("applies %v, want %v", ok, tc.applies)
			}
			if !ok {
				return
			}
			if f.Met != tc.met || f.Late() != tc.late {
				t.Errorf("met %v late %v, want %v %v (%+v)", f.Met, f.Late(), tc.met, tc.late, f)
			}
			if !tc.met && f.Missing != tc.missing {
				t.Errorf("missing %q, want %q", f.Missing, tc.missing)
			}
		})
	}
}

func TestNotesSignedOnePerNote(t *testing.T) {
	facts := ChartFacts{Encounter: stay(), Notes: []Note{
		signed("Clinical note", admitted), {ID: NewID(), EncounterID: ID{1}, Title: "Nursing note", Written: admitted},
		{ID: NewID(), EncounterID: ID{1}, Title: "Discharge summary", Written: discharged}}}
	var n, unmet int
	for _, f := range EvaluateChart(DefaultChartRules(), facts, evalNow) {
		if f.Rule == RuleNotesSigned {
			n++
			if !f.Met {
				unmet++
				if f.Target != facts.Notes[1].ID || !strings.Contains(f.Missing, "Nursing note") {
					t.Errorf("unsigned note finding %+v", f)
				}
			}
		}
	}
	if n != 2 || unmet != 1 {
		t.Fatalf("%d note findings, %d unmet; want 2, 1 (the summary has its own rule)", n, unmet)
	}
}

func TestEvaluateDocument(t *testing.T) {
	d := Document{ID: NewID(), Type: DocLab, Date: Date{2026, 6, 2}, IndexedAt: admitted}
	if _, ok := EvaluateDocument(DefaultChartRules(), d, false); ok {
		t.Error("the rule applied to a document not keyed")
	}
	f, ok := EvaluateDocument(DefaultChartRules(), d, true)
	if !ok || f.Met || f.Role != RoleClerk {
		t.Fatalf("keyed document with no visit: %+v %v", f, ok)
	}
	d.EncounterID = ID{1}
	if f, _ = EvaluateDocument(DefaultChartRules(), d, true); !f.Met {
		t.Fatal("attached document still unmet")
	}
}

func TestReconcile(t *testing.T) {
	unmet := Finding{Rule: RuleDischargeSummary, Role: RoleClinician, Missing: "write", Start: day(0), Due: day(7)}
	metOnTime, metLate := unmet, unmet
	metOnTime.Met, metOnTime.MetAt = true, day(3)
	metLate.Met, metLate.MetAt = true, day(9)
	open := Deficiency{ID: ID{9}, Rule: RuleDischargeSummary, Status: DefOpen, Missing: "write", Due: day(7), Since: day(0), Role: RoleClinician}
	waived := open
	waived.Status = DefWaived
	openElsewhere := open
	openElsewhere.Due = open.Due.In(time.FixedZone("EAT", 3*3600))
	done := open
	done.Status = DefDone
	tests := []struct {
		name   string
		cur    *Deficiency
		f      Finding
		write  bool
		status DeficiencyStatus
		late   bool
	}{
		{"unmet opens", nil, unmet, true, DefOpen, false},
		{"met needs nothing", nil, metOnTime, false, "", false},
		{"met closes", &open, metOnTime, true, DefDone, false},
		{"met late closes late", &open, metLate, true, DefDone, true},
		{"still unmet unchanged", &open, unmet, false, DefOpen, false},
		{"still unmet, due read back in another zone", &openElsewhere, unmet, false, DefOpen, false},
		{"waived stays waived when unmet", &waived, unmet, false, DefWaived, false},
		{"waived stays waived when met", &waived, metOnTime, false, DefWaived, false},
		{"done reopens when it goes away", &done, unmet, true, DefOpen, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next, _, write := Reconcile(tc.cur, tc.f, Deficiency{PatientID: ID{2}}, evalNow)
			if write != tc.write {
				t.Fatalf("write %v, want %v", write, tc.write)
			}
			if next.Status != tc.status || next.Late != tc.late {
				t.Errorf("status %q late %v, want %q %v", next.Status, next.Late, tc.status, tc.late)
			}
		})
	}
}

func TestTransitionAndAgeing(t *testing.T) {
	manual := Deficiency{Rule: RuleManual, Role: RoleClinician, Status: DefOpen, Due: day(7), Discharge: discharged}
	rule := manual
	rule.Rule = RuleDischargeSummary
	tests := []struct {
		name string
		d    Deficiency
		to   DeficiencyStatus
		role Role
		why  string
		code ErrorCode
	}{
		{"clinician marks hand-raised done", manual, DefDone, RoleClinician, "", ""},
		{"clerk may not mark the clinician's done", manual, DefDone, RoleClerk, "", Denied},
		{"a rule's closes itself", rule, DefDone, RoleSupervisor, "", Conflict},
		{"open is not checked", manual, DefChecked, RoleSupervisor, "", Conflict},
		{"waiver needs a supervisor", rule, DefWaived, RoleClinician, "on leave", Denied},
		{"waiver needs a reason", rule, DefWaived, RoleSupervisor, " ", Invalid},
		{"supervisor waives", rule, DefWaived, RoleSupervisor, "patient left against advice", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d
			err := d.Transition(tc.to, "u", tc.role, tc.why, evalNow)
			if CodeOf(err) != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if err == nil && (d.Status != tc.to || d.ClosedBy != "u") {
				t.Errorf("after: %+v", d)
			}
		})
	}
	r := DefaultChartRules()
	for _, tc := range []struct {
		days  int
		level AgeLevel
		lett  int
	}{{5, AgeCurrent, 0}, {14, AgeWarning, 1}, {30, AgeDelinquent, 2}, {61, AgeDelinquent, 3}} {
		d := manual
		now := discharged.AddDate(0, 0, tc.days).Add(time.Hour)
		if got := r.Level(d, now); got != tc.level {
			t.Errorf("%d days: level %d, want %d", tc.days, got, tc.level)
		}
		if got := r.LetterLevel(d.AgeDays(now)); got != tc.lett {
			t.Errorf("%d days: letter %d, want %d", tc.days, got, tc.lett)
		}
	}
	if err := DefaultChartRules().Validate(); err != nil {
		t.Errorf("default rules invalid: %v", err)
	}
	bad := DefaultChartRules()
	bad.WarningDays = 40
	if bad.Validate() == nil {
		t.Error("a warning after delinquency passed")
	}
}

func TestFacetsOf(t *testing.T) {
	e := stay(func(e *Encounter) {
		e.Disposition = "died"
		e.Coding = []CodedItem{{Kind: ItemDiagnosis, Code: "O80", Principal: true}, {Kind: ItemProcedure, Text: "Caesarean section"}}
	})
	f := FacetsOf(e)
	for _, want := range []Facet{FacetStay, FacetDeath, FacetDelivery, FacetOperation, FacetSurgery} {
		if !f[want] {
			t.Errorf("%s not recognised in %v", want, f)
		}
	}
	if FacetsOf(Encounter{Type: EncOutpatient})[FacetStay] {
		t.Error("a visit is a stay")
	}
	if SurgicalProcedure(CodedItem{Kind: ItemProcedure, System: "ICD-10-PCS", Code: "BW03ZZZ", Text: "x-ray"}) {
		t.Error("imaging counted as surgery")
	}
}

func TestInScopeLooksBack(t *testing.T) {
	r := DefaultChartRules()
	old := stay(func(e *Encounter) { e.End = evalNow.AddDate(0, 0, -91) })
	recent := stay(func(e *Encounter) { e.End = evalNow.AddDate(0, 0, -89) })
	open := stay(func(e *Encounter) { e.Start, e.End = evalNow.AddDate(-1, 0, 0), time.Time{} })
	if r.InScope(old, evalNow) || !r.InScope(recent, evalNow) || !r.InScope(open, evalNow) {
		t.Fatal("look-back of 90 days misapplied")
	}
	r.LookBackDays = 0
	if !r.InScope(old, evalNow) {
		t.Fatal("no look-back still left out an old record")
	}
}
