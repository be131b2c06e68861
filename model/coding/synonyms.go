package coding

import "strings"

// phrases maps what clinic staff type to the words code titles use. Keys
// are lower-case phrases of whole words; each value is one or more
// rewrites, tried alongside the query as typed (the original is always
// searched too, so "age" still finds "gestational age"). The list favours
// the conditions of rural clinics in East Africa, South Asia and Latin
// America, and the abbreviations of their registers.
var phrases = map[string][]string{
	"hypertension":                {"essential primary hypertension"},
	"diabetes":                    {"type 2 diabetes mellitus"},
	"type 2 diabetes":             {"type 2 diabetes mellitus"},
	"type 1 diabetes":             {"type 1 diabetes mellitus"},
	"skin abscess":                {"cutaneous abscess"},
	"abscess of skin":             {"cutaneous abscess"},
	"gonorrhoea":                  {"gonococcal infection"},
	"gonorrhea":                   {"gonococcal infection"},
	"tb meningitis":               {"tuberculous meningitis"},
	"hernia":                      {"inguinal hernia"},
	"appendectomy":                {"resection appendix"},
	"appendicectomy":              {"resection appendix"},
	"caesarean section":           {"extraction products of conception low"},
	"c section":                   {"extraction products of conception low"},
	"circumcision":                {"resection prepuce"},
	"hysterectomy":                {"resection uterus"},
	"tubal ligation":              {"occlusion fallopian tubes"},
	"incision and drainage":       {"drainage"},
	"copd":                        {"chronic obstructive pulmonary disease"},
	"uti":                         {"urinary tract infection"},
	"htn":                         {"essential hypertension"},
	"high blood pressure":         {"essential hypertension"},
	"bp":                          {"hypertension"},
	"tb":                          {"tuberculosis"},
	"ptb":                         {"tuberculosis of lung"},
	"pulmonary tb":                {"tuberculosis of lung"},
	"pulmonary tuberculosis":      {"tuberculosis of lung"},
	"dm":                          {"diabetes mellitus"},
	"t2dm":                        {"type 2 diabetes mellitus"},
	"dm2":                         {"type 2 diabetes mellitus"},
	"t1dm":                        {"type 1 diabetes mellitus"},
	"dm1":                         {"type 1 diabetes mellitus"},
	"sugar":                       {"diabetes mellitus"},
	"mi":                          {"myocardial infarction"},
	"heart attack":                {"acute myocardial infarction"},
	"hives":                       {"urticaria"},
	"stroke":                      {"cerebral infarction", "stroke"},
	"cva":                         {"cerebral infarction"},
	"rta":                         {"unspecified motor vehicle accident traffic"},
	"rtc":                         {"unspecified motor vehicle accident traffic"},
	"road traffic accident":       {"unspecified motor vehicle accident traffic"},
	"road accident":               {"unspecified motor vehicle accident traffic"},
	"pph":                         {"postpartum hemorrhage"},
	"postpartum bleeding":         {"postpartum hemorrhage"},
	"anc":                         {"supervision of normal pregnancy"},
	"antenatal":                   {"supervision of normal pregnancy"},
	"antenatal care":              {"supervision of normal pregnancy"},
	"hiv":                         {"human immunodeficiency virus"},
	"aids":                        {"human immunodeficiency virus hiv disease"},
	"urti":                        {"acute upper respiratory infection"},
	"uri":                         {"acute upper respiratory infection"},
	"lrti":                        {"acute lower respiratory infection"},
	"age":                         {"gastroenteritis"},
	"acute gastroenteritis":       {"gastroenteritis colitis"},
	"gastro":                      {"gastroenteritis"},
	"diarrhoea":                   {"diarrhea"},
	"loose stools":                {"diarrhea"},
	"anaemia":                     {"anemia"},
	"malnutrition":                {"protein calorie malnutrition"},
	"sam":                         {"severe protein calorie malnutrition"},
	"severe acute malnutrition":   {"severe protein calorie malnutrition"},
	"mam":                         {"moderate protein calorie malnutrition"},
	"moderate acute malnutrition": {"moderate protein calorie malnutrition"},
	"wasting":                     {"protein calorie malnutrition"},
	"burn":                        {"burn unspecified body region"},
	"burns":                       {"burn unspecified body region"},
	"scald":                       {"burn"},
	"snake bite":                  {"toxic effect of snake venom"},
	"snakebite":                   {"toxic effect of snake venom"},
	"dog bite":                    {"bitten by dog"},
	"cat bite":                    {"bitten by cat"},
	"fx":                          {"fracture"},
	"broken":                      {"fracture"},
	"ear infection":               {"otitis media"},
	"pink eye":                    {"conjunctivitis"},
	"red eye":                     {"conjunctivitis"},
	"worms":                       {"intestinal helminthiasis"},
	"intestinal worms":            {"intestinal helminthiasis"},
	"worm infestation":            {"intestinal helminthiasis"},
	"helminths":                   {"helminthiasis"},
	"bilharzia":                   {"schistosomiasis"},
	"miscarriage":                 {"spontaneous abortion"},
	"preeclampsia":                {"pre eclampsia"},
	"normal delivery":             {"full term uncomplicated delivery"},
	"svd":                         {"full term uncomplicated delivery"},
	"fits":                        {"convulsions"},
	"seizure":                     {"convulsions"},
	"seizures":                    {"convulsions"},
	"dehydration":                 {"dehydration"},
	"mal":                         {"malaria"},
	"bs":                          {"malaria"},
	"cough":                       {"cough"},
	"sore throat":                 {"acute pharyngitis"},
	"common cold":                 {"acute nasopharyngitis"},
	"cold":                        {"acute nasopharyngitis"},
	"flu":                         {"influenza"},
	"jaundice":                    {"jaundice"},
	"pud":                         {"peptic ulcer"},
	"gerd":                        {"gastro esophageal reflux"},
	"ckd":                         {"chronic kidney disease"},
	"chf":                         {"heart failure"},
	"ccf":                         {"congestive heart failure"},
	"pid":                         {"pelvic inflammatory disease"},
	"sti":                         {"sexually transmitted"},
	"std":                         {"sexually transmitted"},
	"pneumonia":                   {"pneumonia unspecified organism"},
	"lbw":                         {"low birth weight"},
	"prom":                        {"premature rupture of membranes"},
	"aph":                         {"antepartum hemorrhage"},
	"ectopic":                     {"ectopic pregnancy"},
	"boil":                        {"cutaneous abscess"},
	"abscess":                     {"abscess"},
	"ringworm":                    {"dermatophytosis"},
	"thrush":                      {"candidiasis"},
	"chickenpox":                  {"varicella"},
	"chicken pox":                 {"varicella"},
	"mumps":                       {"mumps"},
	"whooping cough":              {"pertussis"},
	"rabies exposure":             {"contact with and suspected exposure to rabies"},
	"lice":                        {"pediculosis"},
	"hookworm":                    {"ancylostomiasis"},
	"roundworm":                   {"ascariasis"},
	"fever":                       {"fever unspecified"},
	"headache":                    {"headache unspecified"},
	"abdominal pain":              {"unspecified abdominal pain"},
	"tummy pain":                  {"abdominal pain"},
	"stomach ache":                {"abdominal pain"},
	"asthma":                      {"unspecified asthma uncomplicated"},
	"epilepsy":                    {"epilepsy unspecified not intractable"},
}

// wordSynonyms are words clinicians and the books use for the same thing,
// looked up as variants of a typed word (not rewrites of the query).
var wordSynonyms = map[string][]string{
	"neonatal": {"newborn"}, "neonate": {"newborn"}, "neonates": {"newborn"}, "newborn": {"neonatal"},
	"baby": {"newborn", "infant"}, "infant": {"newborn"},
	"renal": {"kidney"}, "kidney": {"renal"}, "hepatic": {"liver"}, "liver": {"hepatic"},
	"cardiac": {"heart"}, "heart": {"cardiac"}, "pulmonary": {"lung"}, "lung": {"pulmonary"},
	"gastric": {"stomach"}, "stomach": {"gastric"}, "womb": {"uterus"}, "uterine": {"uterus"},
	"cancer": {"carcinoma", "malignant"}, "tumour": {"tumor", "neoplasm"}, "tumor": {"neoplasm"},
	"fits": {"convulsions"}, "fit": {"convulsion"}, "bleeding": {"hemorrhage"}, "bleed": {"hemorrhage"},
	"cut": {"laceration"}, "wound": {"laceration", "wound"}, "broken": {"fracture"},
	"oesophageal": {"esophagus"}, "esophageal": {"esophagus"}, "bowel": {"intestine"},
	"intestinal": {"intestine"}, "cerebral": {"brain"}, "ocular": {"eye"}, "aural": {"ear"},
	"skin": {"cutaneous"}, "breast": {"mammary"}, "bone": {"osseous"},
	"dislocated": {"dislocation"}, "fractured": {"fracture"}, "sprained": {"sprain"},
	"pregnant": {"pregnancy"}, "labour": {"labor"}, "diarrhoeal": {"diarrhea"},
}

// britishToAmerican rewrites spellings so "oedema", "haemorrhage",
// "paediatric" and "tumour" find the US titles. Applied only when the word
// as typed is not in the vocabulary.
func britishToAmerican(w string) string {
	r := britishDigraphs.Replace(w)
	switch {
	case strings.HasSuffix(r, "our"):
		r = r[:len(r)-3] + "or"
	case strings.HasSuffix(r, "tre"):
		r = r[:len(r)-3] + "ter"
	case strings.HasSuffix(r, "yse"):
		r = r[:len(r)-3] + "yze"
	}
	r = strings.Replace(r, "isation", "ization", 1)
	return r
}

// britishDigraphs is made once: a Replacer builds its tables when made,
// and this ran for every word of every keystroke.
var britishDigraphs = strings.NewReplacer("oe", "e", "ae", "e")

// phraseIndex is phrases keyed without stopwords, since queries lose
// theirs before expansion ("abscess of skin" is looked up as "abscess skin").
var phraseIndex = func() map[string][]string {
	m := map[string][]string{}
	for k, v := range phrases {
		var ws []string
		for _, w := range tokens(k, nil) {
			if !stopwords[w] {
				ws = append(ws, w)
			}
		}
		m[strings.Join(ws, " ")] = v
	}
	return m
}()

// maxPhrase is the most words a key of phrases has.
const maxPhrase = 3

// expand returns the query words as typed, then the rewrites: every phrase
// found (longest first, left to right) replaced by each of its rewrites.
// expanded[i] marks rewritten variants (their words are weighed a little
// lower, and none is a prefix to complete).
func expand(words []string) (variants [][]string) {
	variants = [][]string{words}
	type hit struct {
		at, n int
		alts  []string
	}
	var hits []hit
	for i := 0; i < len(words); {
		found := false
		for n := min(maxPhrase, len(words)-i); n >= 1; n-- {
			if alts, ok := phraseIndex[strings.Join(words[i:i+n], " ")]; ok {
				hits = append(hits, hit{i, n, alts})
				i += n
				found = true
				break
			}
		}
		if !found {
			i++
		}
	}
	if len(hits) == 0 {
		return variants
	}
	// Alternative k uses each phrase's k-th rewrite (or its last one).
	most := 0
	for _, h := range hits {
		most = max(most, len(h.alts))
	}
	for k := 0; k < most; k++ {
		var v []string
		at := 0
		for _, h := range hits {
			v = append(v, words[at:h.at]...)
			v = append(v, strings.Fields(h.alts[min(k, len(h.alts)-1)])...)
			at = h.at + h.n
		}
		v = append(v, words[at:]...)
		variants = append(variants, v)
	}
	return variants
}
