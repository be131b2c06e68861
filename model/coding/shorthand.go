package coding

import (
	"fmt"
	"sort"
	"strings"
)

// Shorthand is a clinic's list of register abbreviations: what staff write
// ("CCF", "T2DM", "NND") and what they mean. It is applied to a query
// before it is searched, and the result's "why it matched" shows the
// expansion, so a coder can see "CCF → congestive cardiac failure".
// Keys are lower-case words joined by one space.
type Shorthand map[string]string

// maxShorthandWords is the most words an abbreviation may have ("dm 2").
const maxShorthandWords = 3

// ParseShorthand reads one abbreviation a line, "CCF = congestive cardiac
// failure"; blank lines and lines starting with # are skipped. Every bad
// line is reported with its number and nothing is taken from a list with
// one: a half-read list silently loses entries.
func ParseShorthand(text string) (Shorthand, error) {
	out := Shorthand{}
	var bad []string
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		key := strings.Join(tokens(k, nil), " ")
		val := strings.Join(strings.Fields(v), " ")
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("line %d has no \"=\" (write: CCF = congestive cardiac failure)", n+1))
		case key == "" || len(tokens(val, nil)) == 0:
			bad = append(bad, fmt.Sprintf("line %d needs an abbreviation and what it means", n+1))
		case len(tokens(k, nil)) > maxShorthandWords:
			bad = append(bad, fmt.Sprintf("line %d: an abbreviation has at most %d words", n+1, maxShorthandWords))
		case out[key] != "" && out[key] != val:
			bad = append(bad, fmt.Sprintf("line %d: %s is already %q", n+1, strings.ToUpper(key), out[key]))
		default:
			out[key] = val
		}
	}
	if len(bad) > 0 {
		if len(bad) > 5 {
			bad = append(bad[:5], fmt.Sprintf("and %d more", len(bad)-5))
		}
		return nil, fmt.Errorf("the abbreviation list was not saved: %s", strings.Join(bad, "; "))
	}
	return out, nil
}

// Format writes the list one abbreviation a line, in order, abbreviations
// in capitals, as ParseShorthand reads it.
func (s Shorthand) Format() string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", strings.ToUpper(k), s[k])
	}
	return b.String()
}

// apply rewrites the abbreviations among the words (longest first, left to
// right). It returns the words to search, which of them came from an
// expansion (they are complete words, never prefixes), and the
// expansions as "CCF → congestive cardiac failure".
func (s Shorthand) apply(words []string) (out []string, expanded []bool, via []string) {
	for i := 0; i < len(words); {
		hit := false
		for n := min(maxShorthandWords, len(words)-i); n >= 1 && len(s) > 0; n-- {
			key := strings.Join(words[i:i+n], " ")
			if v, ok := s[key]; ok {
				ws := tokens(v, nil)
				out = append(out, ws...)
				for range ws {
					expanded = append(expanded, true)
				}
				via = append(via, strings.ToUpper(key)+" → "+v)
				i += n
				hit = true
				break
			}
		}
		if !hit {
			out = append(out, words[i])
			expanded = append(expanded, false)
			i++
		}
	}
	return out, expanded, via
}

// DefaultShorthand is the list a clinic starts with: abbreviations common
// in district-hospital registers and notes (East and West Africa, South
// Asia). A clinic edits it on the Code sets screen.
const DefaultShorthand = `# Abbreviation = what it means (one a line; the search reads the meaning)
ACS = acute coronary syndrome
ADR = adverse drug reaction
AF = atrial fibrillation
AGE = acute gastroenteritis
AKI = acute kidney injury
ANC = antenatal care normal pregnancy
APH = antepartum haemorrhage
ARI = acute respiratory infection
AWD = acute watery diarrhoea
BA = birth asphyxia
BBA = born before arrival
BPH = benign prostatic hyperplasia
CAP = community acquired pneumonia
CCF = congestive cardiac failure
CHF = congestive heart failure
CKD = chronic kidney disease
CLD = chronic liver disease
COPD = chronic obstructive pulmonary disease
CP = cerebral palsy
CSOM = chronic suppurative otitis media
CVA = cerebrovascular accident
DKA = diabetic ketoacidosis
DM = diabetes mellitus
DSH = deliberate self harm
DVT = deep vein thrombosis
EPTB = extrapulmonary tuberculosis
ETOH = alcohol
FX = fracture
GE = gastroenteritis
GORD = gastro oesophageal reflux disease
HBV = hepatitis B
HCV = hepatitis C
HHD = hypertensive heart disease
HTN = hypertension
HZ = herpes zoster
ICH = intracerebral haemorrhage
IDA = iron deficiency anaemia
IO = intestinal obstruction
IUFD = intrauterine fetal death
KS = kaposi sarcoma
LBW = low birth weight
LOC = loss of consciousness
LRTI = lower respiratory tract infection
MAM = moderate acute malnutrition
MI = myocardial infarction
NHL = non hodgkin lymphoma
NND = neonatal death
NNJ = neonatal jaundice
NNS = neonatal sepsis
OA = osteoarthritis
OM = otitis media
OP POISONING = organophosphate poisoning
PCP = pneumocystis pneumonia
PE = pulmonary embolism
PET = pre eclampsia
PID = pelvic inflammatory disease
PPH = postpartum haemorrhage
PROM = premature rupture of membranes
PTB = pulmonary tuberculosis
PUD = peptic ulcer disease
PUO = fever of unknown origin
RA = rheumatoid arthritis
RDS = respiratory distress syndrome
RHD = rheumatic heart disease
RTA = road traffic accident
RVD = HIV disease
SAM = severe acute malnutrition
SBO = small bowel obstruction
SCD = sickle cell disease
SOB = shortness of breath
SVD = spontaneous vaginal delivery
T1DM = type 1 diabetes mellitus
T2DM = type 2 diabetes mellitus
TB = tuberculosis
TIA = transient ischaemic attack
URTI = upper respiratory tract infection
UTI = urinary tract infection
`

// Defaults is DefaultShorthand read.
func Defaults() Shorthand {
	s, err := ParseShorthand(DefaultShorthand)
	if err != nil {
		panic(err) // the shipped list is checked by a test
	}
	return s
}
