package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Chart completion: the clinic's completeness rules, the pure evaluation
// of one encounter against them, and the deficiencies they produce
// (deficiency.go). Storage evaluates the rules in the transaction of every
// change that can affect an encounter (discharge, filing, keying, signing,
// coding) and keeps the deficiencies and their queue index in step.

// RuleCode names a completeness rule. Stored: append-only.
type RuleCode string

const (
	RuleAdmissionForm    RuleCode = "admission-form"    // an admission form filed to the stay
	RuleDischargeSummary RuleCode = "discharge-summary" // a discharge summary filed and signed
	RuleNotesSigned      RuleCode = "notes-signed"      // every note of the encounter signed
	RulePrincipalCoded   RuleCode = "principal-coded"   // the principal diagnosis coded
	RuleOperationNote    RuleCode = "operation-note"    // an operation note where a procedure is coded
	RuleSurgicalConsent  RuleCode = "surgical-consent"  // a consent where a surgical procedure is coded
	RuleDeathNote        RuleCode = "death-note"        // a death note for a death
	RuleDocumentAttached RuleCode = "document-attached" // every keyed document attached to an encounter
	RuleManual           RuleCode = "manual"            // raised by hand from the page viewer
)

// RuleCodes lists the rules in the order the desk shows them.
var RuleCodes = []RuleCode{RuleAdmissionForm, RuleDischargeSummary, RuleNotesSigned, RulePrincipalCoded,
	RuleOperationNote, RuleSurgicalConsent, RuleDeathNote, RuleDocumentAttached, RuleManual}

var ruleLabels = map[RuleCode]string{
	RuleAdmissionForm: "Admission form", RuleDischargeSummary: "Discharge summary",
	RuleNotesSigned: "Notes signed", RulePrincipalCoded: "Principal diagnosis coded",
	RuleOperationNote: "Operation note", RuleSurgicalConsent: "Consent for surgery",
	RuleDeathNote: "Death note", RuleDocumentAttached: "Document attached to a visit",
	RuleManual: "Raised by hand",
}

// Label is the rule's name as the desk shows it.
func (c RuleCode) Label() string {
	if l, ok := ruleLabels[c]; ok {
		return l
	}
	return string(c)
}

// Facet is a kind of encounter a rule applies to. Deliveries, deaths and
// operations are not encounter types: they are recognised from the codes
// and the discharge outcome (FacetsOf). Stored: append-only.
type Facet string

const (
	FacetStay      Facet = "stay"      // an inpatient stay
	FacetVisit     Facet = "visit"     // an outpatient or emergency visit
	FacetDelivery  Facet = "delivery"  // a birth: delivery codes or words
	FacetDeath     Facet = "death"     // the stay ended in death
	FacetOperation Facet = "operation" // a procedure is coded
	FacetSurgery   Facet = "surgery"   // a surgical procedure is coded
)

// Facets lists them in the order forms offer them.
var Facets = []Facet{FacetStay, FacetVisit, FacetDelivery, FacetDeath, FacetOperation, FacetSurgery}

// CompletenessRule is one clinic rule: what must be in the chart of the
// encounters it applies to, who completes it and in how many days.
type CompletenessRule struct {
	Code      RuleCode `json:"code"`
	AppliesTo []Facet  `json:"appliesTo"` // any of these
	Role      Role     `json:"role"`      // clinician (the attending), coder or clerk
	Days      int      `json:"days"`      // days allowed from the rule's start (discharge, visit, note)
	Off       bool     `json:"off,omitempty"`
}

// ChartRules is the clinic's rule set and its ageing levels, edited by
// records supervisors as one record (revisions keep each version).
type ChartRules struct {
	Rules []CompletenessRule `json:"rules"`
	// WarningDays and DelinquentDays count from discharge (from the visit
	// for visits): a record with a deficiency still open this long is
	// warned about, then delinquent.
	WarningDays    int `json:"warningDays"`
	DelinquentDays int `json:"delinquentDays"`
	// LookBackDays limits the rules to records that ended within this
	// many days (0: all): charts completed on paper before Dossier, or
	// keyed from old files, are not reviewed again.
	LookBackDays int `json:"lookBackDays,omitempty"`
}

// InScope reports whether the rules apply to an encounter at now: it
// ended (a visit: took place) within LookBackDays, or has not ended.
func (r ChartRules) InScope(e Encounter, now time.Time) bool {
	if r.LookBackDays <= 0 {
		return true
	}
	end := e.End
	if end.IsZero() {
		if e.Type == EncInpatient {
			return true // still admitted
		}
		end = e.Start
	}
	return !end.Before(now.AddDate(0, 0, -r.LookBackDays))
}

// DefaultChartRules is the set a clinic starts with. Days follow common
// hospital bylaws: what the ward files (admission form) and signs (notes)
// within days, the discharge summary within a week, coding within ten days
// so the record is complete well before the 30-day delinquency line; the
// operation and death notes within a day or two as their content fades
// fastest; consent is due at once because it should precede surgery.
func DefaultChartRules() ChartRules {
	return ChartRules{WarningDays: 14, DelinquentDays: 30, LookBackDays: 90, Rules: []CompletenessRule{
		{Code: RuleAdmissionForm, AppliesTo: []Facet{FacetStay}, Role: RoleClerk, Days: 2},
		{Code: RuleDischargeSummary, AppliesTo: []Facet{FacetStay}, Role: RoleClinician, Days: 7},
		{Code: RuleNotesSigned, AppliesTo: []Facet{FacetStay, FacetVisit}, Role: RoleClinician, Days: 3},
		{Code: RulePrincipalCoded, AppliesTo: []Facet{FacetStay, FacetVisit}, Role: RoleCoder, Days: 10},
		{Code: RuleOperationNote, AppliesTo: []Facet{FacetOperation}, Role: RoleClinician, Days: 1},
		{Code: RuleSurgicalConsent, AppliesTo: []Facet{FacetSurgery}, Role: RoleClinician, Days: 0},
		{Code: RuleDeathNote, AppliesTo: []Facet{FacetDeath}, Role: RoleClinician, Days: 2},
		{Code: RuleDocumentAttached, Role: RoleClerk, Days: 3},
	}}
}

// Rule returns the rule with a code, if the set has it switched on.
func (r ChartRules) Rule(c RuleCode) (CompletenessRule, bool) {
	for _, x := range r.Rules {
		if x.Code == c && !x.Off {
			return x, true
		}
	}
	return CompletenessRule{}, false
}

// Validate checks a rule set before it is saved.
func (r ChartRules) Validate() error {
	if r.WarningDays < 1 || r.DelinquentDays < 1 {
		return errors.New("the warning and delinquency levels are at least one day")
	}
	if r.LookBackDays < 0 {
		return errors.New("the look-back is a number of days, or 0 for every record")
	}
	if r.WarningDays >= r.DelinquentDays {
		return errors.New("the warning level comes before the delinquency level")
	}
	seen := map[RuleCode]bool{}
	for _, x := range r.Rules {
		if _, ok := ruleLabels[x.Code]; !ok || x.Code == RuleManual {
			return fmt.Errorf("%q is not a completeness rule", x.Code)
		}
		if seen[x.Code] {
			return fmt.Errorf("the rule %q is listed twice", x.Code.Label())
		}
		seen[x.Code] = true
		switch x.Role {
		case RoleClinician, RoleCoder, RoleClerk:
		default:
			return fmt.Errorf("%s: who completes it is the clinician, the coder or a clerk", x.Code.Label())
		}
		if x.Days < 0 || x.Days > 365 {
			return fmt.Errorf("%s: days allowed are 0 to 365", x.Code.Label())
		}
	}
	return nil
}

// FacetsOf recognises what kind of encounter e is: a stay or a visit, and
// a delivery, death or operation from its codes and discharge outcome.
func FacetsOf(e Encounter) map[Facet]bool {
	f := map[Facet]bool{}
	if e.Type == EncInpatient {
		f[FacetStay] = true
	} else {
		f[FacetVisit] = true
	}
	if e.Disposition == "died" {
		f[FacetDeath] = true
	}
	for _, it := range e.ItemsToCode() {
		switch it.Kind {
		case ItemProcedure:
			f[FacetOperation] = true
			if SurgicalProcedure(it) {
				f[FacetSurgery] = true
			}
			if deliveryWords(it.Text + " " + it.Title) {
				f[FacetDelivery] = true
			}
		case ItemDiagnosis:
			if DeliveryCode(it.Code) || deliveryWords(it.Text+" "+it.Title) {
				f[FacetDelivery] = true
			}
		}
	}
	return f
}

// DeliveryCode reports an ICD-10 code of a delivery (O80–O84) or of the
// outcome of delivery (Z37).
func DeliveryCode(code string) bool {
	c := strings.ToUpper(strings.ReplaceAll(code, ".", ""))
	if strings.HasPrefix(c, "Z37") {
		return true
	}
	return len(c) >= 3 && c[0] == 'O' && c[1] == '8' && c[2] >= '0' && c[2] <= '4'
}

func deliveryWords(s string) bool {
	s = strings.ToLower(s)
	for _, w := range []string{"delivery", "caesarean", "cesarean", "vaginal birth"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// surgicalWords mark a procedure as an operation when its code system does
// not say (free text, local codes).
var surgicalWords = []string{"ectomy", "otomy", "ostomy", "plasty", "pexy", "caesarean", "cesarean",
	"excision", "incision", "amputation", "repair", "resection", "laparotomy", "suture", "debridement"}

// SurgicalProcedure reports a procedure that needs a surgical consent: the
// Medical and Surgical section of ICD-10-PCS (codes starting 0), the CPT
// surgery range (10004–69990), or a surgical word in its name.
func SurgicalProcedure(it CodedItem) bool {
	if it.Kind != ItemProcedure {
		return false
	}
	sys, code := strings.ToUpper(it.System), strings.ToUpper(it.Code)
	switch {
	case strings.Contains(sys, "PCS") && len(code) == 7:
		return code[0] == '0'
	case strings.Contains(sys, "CPT") && len(code) == 5:
		n := 0
		for _, r := range code {
			if r < '0' || r > '9' {
				n = -1
				break
			}
			n = n*10 + int(r-'0')
		}
		if n >= 0 {
			return n >= 10004 && n <= 69990
		}
	}
	s := strings.ToLower(it.Text + " " + it.Title)
	for _, w := range surgicalWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
