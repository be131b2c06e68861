package demo

import (
	"math/rand/v2"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// dxCode is how a coder codes one written diagnosis of the demo: ICD-10-CM
// codes with their titles (principal first), an ICD-10-PCS procedure where
// the diagnosis implies one, and the chance in a hundred that an admission
// for it ends in death. The codes are the 2021 release Dossier ships;
// TestDemoCodesExist (app/cli) checks every one against it.
type dxCode struct {
	codes   []codeTitle
	proc    codeTitle
	deathIn int // per 100 admissions
}

type codeTitle struct{ code, title string }

// Titles as the shipped tabular list words them.
var (
	cFalciparum  = codeTitle{"B50.9", "Plasmodium falciparum malaria, unspecified"}
	cSevMalaria  = codeTitle{"B50.8", "Other severe and complicated Plasmodium falciparum malaria"}
	cPneumonia   = codeTitle{"J18.9", "Pneumonia, unspecified organism"}
	cGastro      = codeTitle{"A09", "Infectious gastroenteritis and colitis, unspecified"}
	cHypertens   = codeTitle{"I10", "Essential (primary) hypertension"}
	cTBLung      = codeTitle{"A15.0", "Tuberculosis of lung"}
	cHIV         = codeTitle{"B20", "Human immunodeficiency virus [HIV] disease"}
	cLiveBirth   = codeTitle{"Z37.0", "Single live birth"}
	cStillBirth  = codeTitle{"Z37.1", "Single stillbirth"}
	cRabiesRisk  = codeTitle{"Z20.3", "Contact with and (suspected) exposure to rabies"}
	cDogBite     = codeTitle{"W54.0XXA", "Bitten by dog, initial encounter"}
	cAnaemia     = codeTitle{"D64.9", "Anemia, unspecified"}
	cTyphoid     = codeTitle{"A01.00", "Typhoid fever, unspecified"}
	cCaesarean   = codeTitle{"10D00Z1", "Obstetrics, Pregnancy, Extraction, Products of Conception, Open, No Device, Low"}
	cSnakeVenom  = codeTitle{"T63.001A", "Toxic effect of unspecified snake venom, accidental (unintentional), initial encounter"}
	cHelminthInt = codeTitle{"B82.0", "Intestinal helminthiasis, unspecified"}
)

// dxCodes covers every diagnosis the conditions write (TestEveryDiagnosisCoded).
var dxCodes = map[string]dxCode{
	"Malaria (uncomplicated), mRDT positive":       {codes: []codeTitle{cFalciparum}, deathIn: 1},
	"Malaria, B/S positive":                        {codes: []codeTitle{cFalciparum}, deathIn: 1},
	"Severe malaria":                               {codes: []codeTitle{cSevMalaria}, deathIn: 6},
	"Severe malaria with severe anaemia":           {codes: []codeTitle{cSevMalaria, cAnaemia}, deathIn: 8},
	"Cerebral malaria":                             {codes: []codeTitle{{"B50.0", "Plasmodium falciparum malaria with cerebral complications"}}, deathIn: 15},
	"Pneumonia":                                    {codes: []codeTitle{cPneumonia}, deathIn: 3},
	"Severe pneumonia":                             {codes: []codeTitle{cPneumonia}, deathIn: 8},
	"Bronchopneumonia":                             {codes: []codeTitle{{"J18.0", "Bronchopneumonia, unspecified organism"}}, deathIn: 4},
	"Upper respiratory tract infection":            {codes: []codeTitle{{"J06.9", "Acute upper respiratory infection, unspecified"}}},
	"Common cold":                                  {codes: []codeTitle{{"J00", "Acute nasopharyngitis [common cold]"}}},
	"Tonsillitis":                                  {codes: []codeTitle{{"J03.90", "Acute tonsillitis, unspecified"}}},
	"Acute watery diarrhoea with some dehydration": {codes: []codeTitle{cGastro}, deathIn: 1},
	"Diarrhoea with severe dehydration":            {codes: []codeTitle{cGastro}, deathIn: 4},
	"Acute gastroenteritis":                        {codes: []codeTitle{cGastro}, deathIn: 1},
	"Hypertension":                                 {codes: []codeTitle{cHypertens}, deathIn: 2},
	"Essential hypertension, poorly controlled":    {codes: []codeTitle{cHypertens}, deathIn: 3},
	"Type 2 diabetes mellitus":                     {codes: []codeTitle{{"E11.9", "Type 2 diabetes mellitus without complications"}}, deathIn: 2},
	"Type 2 diabetes mellitus, poorly controlled":  {codes: []codeTitle{{"E11.65", "Type 2 diabetes mellitus with hyperglycemia"}}, deathIn: 3},
	// Outpatient rules: an unconfirmed diagnosis is coded as its symptom.
	"Pulmonary tuberculosis (presumptive)": {codes: []codeTitle{{"R05", "Cough"}}},
	"Pulmonary TB, GeneXpert positive":     {codes: []codeTitle{cTBLung}, deathIn: 5},
	"Pulmonary TB on treatment":            {codes: []codeTitle{cTBLung}, deathIn: 4},
	"HIV infection, on ART":                {codes: []codeTitle{cHIV}, deathIn: 6},
	"HIV infection, stable on TLD":         {codes: []codeTitle{cHIV}, deathIn: 4},
	"Pregnancy, routine antenatal care": {codes: []codeTitle{{"Z34.90",
		"Encounter for supervision of normal pregnancy, unspecified, unspecified trimester"}}},
	"Spontaneous vaginal delivery, live baby": {codes: []codeTitle{{"O80", "Encounter for full-term uncomplicated delivery"}, cLiveBirth}},
	"Caesarean section for obstructed labour": {codes: []codeTitle{{"O66.9", "Obstructed labor, unspecified"}, cLiveBirth},
		proc: cCaesarean, deathIn: 1},
	"Spontaneous vaginal delivery with perineal tear": {codes: []codeTitle{{"O70.0", "First degree perineal laceration during delivery"}, cLiveBirth}},
	"Laceration of the scalp":                         {codes: []codeTitle{{"S01.01XA", "Laceration without foreign body of scalp, initial encounter"}}},
	"Closed fracture of the tibia": {codes: []codeTitle{{"S82.209A",
		"Unspecified fracture of shaft of unspecified tibia, initial encounter for closed fracture"}}},
	"Soft tissue injury of the leg":          {codes: []codeTitle{{"S89.90XA", "Unspecified injury of unspecified lower leg, initial encounter"}}},
	"Head injury, mild":                      {codes: []codeTitle{{"S09.90XA", "Unspecified injury of head, initial encounter"}}, deathIn: 2},
	"Partial thickness burns":                {codes: []codeTitle{{"T30.0", "Burn of unspecified body region, unspecified degree"}}, deathIn: 3},
	"Superficial scalds of the chest":        {codes: []codeTitle{{"T21.11XA", "Burn of first degree of chest wall, initial encounter"}}},
	"Dog bite, category III exposure":        {codes: []codeTitle{cRabiesRisk, cDogBite}},
	"Dog bite, category II exposure":         {codes: []codeTitle{cRabiesRisk, cDogBite}},
	"Severe acute malnutrition (oedematous)": {codes: []codeTitle{{"E40", "Kwashiorkor"}}, deathIn: 10},
	"Severe acute malnutrition":              {codes: []codeTitle{{"E43", "Unspecified severe protein-calorie malnutrition"}}, deathIn: 8},
	"Moderate acute malnutrition":            {codes: []codeTitle{{"E44.0", "Moderate protein-calorie malnutrition"}}, deathIn: 2},
	"Urinary tract infection":                {codes: []codeTitle{{"N39.0", "Urinary tract infection, site not specified"}}},
	"Cystitis":                               {codes: []codeTitle{{"N30.90", "Cystitis, unspecified without hematuria"}}},
	"Acute asthma":                           {codes: []codeTitle{{"J45.901", "Unspecified asthma with (acute) exacerbation"}}, deathIn: 1},
	"Bronchial asthma":                       {codes: []codeTitle{{"J45.909", "Unspecified asthma, uncomplicated"}}},
	"Cellulitis of the leg":                  {codes: []codeTitle{{"L03.119", "Cellulitis of unspecified part of limb"}}},
	"Tinea capitis":                          {codes: []codeTitle{{"B35.0", "Tinea barbae and tinea capitis"}}},
	"Scabies":                                {codes: []codeTitle{{"B86", "Scabies"}}},
	"Infected wound":                         {codes: []codeTitle{{"L08.9", "Local infection of the skin and subcutaneous tissue, unspecified"}}},
	"Intestinal worms":                       {codes: []codeTitle{cHelminthInt}},
	"Helminthiasis":                          {codes: []codeTitle{{"B83.9", "Helminthiasis, unspecified"}}},
	"Dyspepsia":                              {codes: []codeTitle{{"K30", "Functional dyspepsia"}}},
	"Peptic ulcer disease": {codes: []codeTitle{{"K27.9",
		"Peptic ulcer, site unspecified, unspecified as acute or chronic, without hemorrhage or perforation"}}, deathIn: 2},
	"Anaemia":                                 {codes: []codeTitle{cAnaemia}, deathIn: 2},
	"Iron deficiency anaemia":                 {codes: []codeTitle{{"D50.9", "Iron deficiency anemia, unspecified"}}, deathIn: 1},
	"Severe anaemia":                          {codes: []codeTitle{cAnaemia}, deathIn: 5},
	"Well child, immunisation given":          {codes: []codeTitle{{"Z23", "Encounter for immunization"}}},
	"Growth monitoring, normal":               {codes: []codeTitle{{"Z00.129", "Encounter for routine child health examination without abnormal findings"}}},
	"Family planning: Depo-Provera injection": {codes: []codeTitle{{"Z30.013", "Encounter for initial prescription of injectable contraceptive"}}},
	"Family planning: implant inserted": {codes: []codeTitle{{"Z30.017",
		"Encounter for initial prescription of implantable subdermal contraceptive"}}},
	"Snakebite, suspected envenomation": {codes: []codeTitle{cSnakeVenom}, deathIn: 3},
	"Snakebite without envenomation":    {codes: []codeTitle{{"Z04.3", "Encounter for examination and observation following other accident"}}},
	"Typhoid fever (clinical)":          {codes: []codeTitle{cTyphoid}, deathIn: 1},
	"Enteric fever":                     {codes: []codeTitle{cTyphoid}, deathIn: 1},
	"Otitis media":                      {codes: []codeTitle{{"H66.90", "Otitis media, unspecified, unspecified ear"}}},
	"Conjunctivitis":                    {codes: []codeTitle{{"H10.9", "Unspecified conjunctivitis"}}},
	"Epilepsy":                          {codes: []codeTitle{{"G40.909", "Epilepsy, unspecified, not intractable, without status epilepticus"}}, deathIn: 1},
	"Stroke":                            {codes: []codeTitle{{"I63.9", "Cerebral infarction, unspecified"}}, deathIn: 15},
	"Hypertensive emergency":            {codes: []codeTitle{{"I16.1", "Hypertensive emergency"}}, deathIn: 8},
	"Incomplete abortion":               {codes: []codeTitle{{"O03.4", "Incomplete spontaneous abortion without complication"}}},
	"Threatened abortion":               {codes: []codeTitle{{"O20.0", "Threatened abortion"}}},
}

// codingLag is how long after an encounter the demo's coder has coded it:
// older encounters are coded (a few skipped), recent ones wait in the
// coder's list.
const codingLag = 21 * 24 * time.Hour

// outcomes gives the demo's stays a way of leaving hospital and codes the
// older encounters, so statistics, registers and charts have something to
// count. It draws from a stream of its own, so the rest of the demo (names,
// visits, notes) stays what it was for a seed.
func outcomes(seed uint64, today time.Time, visits []Visit) {
	r := rand.New(rand.NewPCG(seed, 0x0c7c0e))
	for i := range visits {
		v := &visits[i]
		e := &v.Encounter
		if e.Type == model.EncInpatient && !e.End.IsZero() {
			e.Disposition = string(disposition(r, e.Diagnoses[0]))
			rewordDischarge(v, clinical.Disposition(e.Disposition))
		}
		done := e.End
		if done.IsZero() {
			done = e.Start
		}
		if today.Sub(done) > codingLag && r.IntN(20) > 0 {
			code(e, r, done)
		}
	}
}

func disposition(r *rand.Rand, dx string) clinical.Disposition {
	n := r.IntN(100)
	death := dxCodes[dx].deathIn
	switch {
	case n < death:
		return clinical.DispDied
	case n < death+4:
		return clinical.DispReferred
	case n < death+7:
		return clinical.DispLeftAgainstAdvice
	case n < death+8:
		return clinical.DispTransferredOut
	}
	return clinical.DispHome
}

// rewordDischarge makes the discharge summary's last sentence say how the
// patient left.
func rewordDischarge(v *Visit, d clinical.Disposition) {
	const home = " Discharged home in good condition"
	var ending string
	switch d {
	case clinical.DispDied:
		ending = " Despite treatment the patient died on " + v.Encounter.End.Format("2 January 2006") + "."
	case clinical.DispReferred:
		ending = " Referred to the regional referral hospital for further care."
	case clinical.DispLeftAgainstAdvice:
		ending = " Left against medical advice; the risks were explained to the family."
	case clinical.DispTransferredOut:
		ending = " Transferred to the health centre nearer home to complete treatment."
	default:
		return
	}
	for j := range v.Notes {
		n := &v.Notes[j]
		if k := strings.LastIndex(n.Text, home); n.Title == "Discharge summary" && k >= 0 {
			n.Text = n.Text[:k] + ending
		}
	}
}

// code codes the encounter's written diagnoses as the demo's coder would,
// a few days after it ended; a stillbirth now and then among the births.
func code(e *model.Encounter, r *rand.Rand, done time.Time) {
	var items []model.CodedItem
	add := func(kind model.ItemKind, system, version, text string, c codeTitle) {
		items = append(items, model.CodedItem{Kind: kind, Text: text, System: system, Version: version,
			Code: c.code, Title: c.title, Principal: len(items) == 0})
	}
	for _, dx := range e.Diagnoses {
		dc, ok := dxCodes[dx]
		if !ok {
			return // a diagnosis the table lacks stays for a person to code
		}
		for _, c := range dc.codes {
			if c == cLiveBirth && r.IntN(30) == 0 {
				c = cStillBirth
			}
			add(model.ItemDiagnosis, "ICD-10-CM", "2021", dx, c)
		}
		if dc.proc.code != "" {
			add(model.ItemProcedure, "ICD-10-PCS", "2020", dx, dc.proc)
			items[len(items)-1].Done = model.DateOf(e.Start) // operated on the day of admission
		}
	}
	e.Coding, e.CodingStatus = items, model.CodingDone
	e.CodedAt = done.Add(time.Duration(1+r.IntN(10*24)) * time.Hour)
}

// Codes calls fn with every code the demo may give, so a test outside model
// can check them against the shipped code sets.
func Codes(fn func(system, code, title string)) {
	fn("ICD-10-CM", cStillBirth.code, cStillBirth.title)
	for _, dc := range dxCodes {
		for _, c := range dc.codes {
			fn("ICD-10-CM", c.code, c.title)
		}
		if dc.proc.code != "" {
			fn("ICD-10-PCS", dc.proc.code, dc.proc.title)
		}
	}
}
