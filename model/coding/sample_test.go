package coding

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

// cmSample is a slice of ICD-10-CM 2021 (public domain) in the load format,
// with T81.4 as it was before FY2020 (a leaf taking X placeholders) so the
// placeholder rule is exercised.
const cmSample = "#dossier-codes 1\tICD-10-CM\t2021\n" +
	"C\t1\tA00\tB99\tCertain infectious and parasitic diseases\n" +
	"C\t4\tE00\tE89\tEndocrine, nutritional and metabolic diseases\n" +
	"C\t6\tG00\tG99\tDiseases of the nervous system\n" +
	"C\t14\tN00\tN99\tDiseases of the genitourinary system\n" +
	"C\t15\tO00\tO9A\tPregnancy, childbirth and the puerperium\n" +
	"C\t19\tS00\tT88\tInjury, poisoning and certain other consequences of external causes\n" +
	"B\tA15\tA19\tTuberculosis\n" +
	"B\tB50\tB64\tProtozoal diseases\n" +
	"B\tE08\tE13\tDiabetes mellitus\n" +
	"B\tG60\tG65\tPolyneuropathies and other disorders of the peripheral nervous system\n" +
	"B\tN40\tN53\tDiseases of male genital organs\n" +
	"B\tN70\tN77\tInflammatory diseases of female pelvic organs\n" +
	"B\tO80\tO82\tEncounter for delivery\n" +
	"B\tS50\tS59\tInjuries to the elbow and forearm\n" +
	"B\tT80\tT88\tComplications of surgical and medical care, not elsewhere classified\n" +
	"N\tB:A15-A19\tn\tinfections due to Mycobacterium tuberculosis and Mycobacterium bovis\n" +
	"N\tE10\t1\tdiabetes mellitus due to underlying condition (E08.-)\n" +
	"N\tE10\t1\ttype 2 diabetes mellitus (E11.-)\n" +
	"N\tE11\t1\ttype 1 diabetes mellitus (E10.-)\n" +
	"N\tE11\tu\tcode to identify control using insulin (Z79.4)\n" +
	"N\tE11\ti\tdiabetes (mellitus) due to insulin secretory defect\n" +
	"N\tA15.0\ti\tTuberculous bronchiectasis\n" +
	"N\tG63\tf\tunderlying disease, such as: amyloidosis (E85.-)\n" +
	"N\tS52\t1\ttraumatic amputation of forearm (S58.-)\n" +
	"7\tS52\tA\tinitial encounter for closed fracture\n" +
	"7\tS52\tB\tinitial encounter for open fracture type I or II\n" +
	"7\tS52\tD\tsubsequent encounter for closed fracture with routine healing\n" +
	"7\tS52\tS\tsequela\n" +
	"7\tT81\tA\tinitial encounter\n" +
	"7\tT81\tD\tsubsequent encounter\n" +
	"7\tT81\tS\tsequela\n" +
	"D\tA15\t0\tRespiratory tuberculosis\n" +
	"D\tA150\t1\tTuberculosis of lung\n" +
	"D\tB50\t0\tPlasmodium falciparum malaria\n" +
	"D\tB509\t1\tPlasmodium falciparum malaria, unspecified\n" +
	"D\tB54\t1\tUnspecified malaria\n" +
	"D\tE10\t0\tType 1 diabetes mellitus\n" +
	"D\tE109\t1\tType 1 diabetes mellitus without complications\n" +
	"D\tE11\t0\tType 2 diabetes mellitus\n" +
	"D\tE112\t0\tType 2 diabetes mellitus with kidney complications\n" +
	"D\tE1121\t1\tType 2 diabetes mellitus with diabetic nephropathy\n" +
	"D\tE1122\t1\tType 2 diabetes mellitus with diabetic chronic kidney disease\n" +
	"D\tE119\t1\tType 2 diabetes mellitus without complications\n" +
	"D\tG63\t1\tPolyneuropathy in diseases classified elsewhere\n" +
	"D\tN40\t0\tBenign prostatic hyperplasia\n" +
	"D\tN400\t1\tBenign prostatic hyperplasia without lower urinary tract symptoms\n" +
	"D\tN760\t1\tAcute vaginitis\n" +
	"D\tO80\t1\tEncounter for full-term uncomplicated delivery\n" +
	"D\tS52\t0\tFracture of forearm\n" +
	"D\tS525\t0\tFracture of lower end of radius\n" +
	"D\tS5250\t0\tUnspecified fracture of the lower end of radius\n" +
	"D\tS52501\t0\tUnspecified fracture of the lower end of right radius\n" +
	"D\tS52501A\t1\tUnspecified fracture of the lower end of right radius, initial encounter for closed fracture\n" +
	"D\tS52501B\t1\tUnspecified fracture of the lower end of right radius, initial encounter for open fracture type I or II\n" +
	"D\tS52501D\t1\tUnspecified fracture of the lower end of right radius, subsequent encounter for closed fracture with routine healing\n" +
	"D\tS52501S\t1\tUnspecified fracture of the lower end of right radius, sequela\n" +
	"D\tS58\t0\tTraumatic amputation of elbow and forearm\n" +
	"D\tS589\t0\tTraumatic amputation of forearm, level unspecified\n" +
	"D\tS58919A\t1\tPartial traumatic amputation of unspecified forearm, level unspecified, initial encounter\n" +
	"D\tT81\t0\tComplications of procedures, not elsewhere classified\n" +
	"D\tT814\t0\tInfection following a procedure\n" +
	"D\tT814XXA\t1\tInfection following a procedure, initial encounter\n" +
	"D\tT814XXD\t1\tInfection following a procedure, subsequent encounter\n" +
	"D\tT814XXS\t1\tInfection following a procedure, sequela\n"

// pcsSample is one ICD-10-PCS table with two rows (CMS, public domain).
const pcsSample = "#dossier-codes 1\tICD-10-PCS\t2020\n" +
	"P\t021\tSection=Medical and Surgical\tBody System=Heart and Great Vessels\tOperation=Bypass\n" +
	"R\tBody Part\t0\tCoronary Artery, One Artery\tApproach\t04\tOpen|Percutaneous Endoscopic\tDevice\t89\tZooplastic Tissue|Autologous Venous Tissue\tQualifier\t3\tCoronary Artery\n" +
	"R\tBody Part\t1\tCoronary Artery, Two Arteries\tApproach\t0\tOpen\tDevice\tZ\tNo Device\tQualifier\t9\tLeft Internal Mammary\n"

func mustLoad(t testing.TB, data string) *Set {
	t.Helper()
	s, err := Load(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadCM(t *testing.T) {
	s := mustLoad(t, cmSample)
	if s.System != (System{ICD10CM, "2021"}) {
		t.Fatalf("system %v", s.System)
	}
	c, ok := s.Lookup("e11.22")
	if !ok {
		t.Fatal("E11.22 not found")
	}
	if c.Code != "E11.22" || !c.Billable || c.Chapter.Code != "4" || c.Block.Code != "E08-E13" || c.Category.Code != "E11" {
		t.Errorf("E11.22 = %+v", c)
	}
	if got := c.Path(); got != "Endocrine, nutritional and metabolic diseases › Diabetes mellitus › Type 2 diabetes mellitus" {
		t.Errorf("path %q", got)
	}
	if len(c.Notes.Excludes1) != 1 || c.Notes.Excludes1[0].From != "E11" || len(c.Notes.UseAdditional) != 1 {
		t.Errorf("inherited notes %+v", c.Notes)
	}
	if len(c.Notes.Inclusion) != 0 {
		t.Errorf("inclusion terms belong to E11 only, got %v", c.Notes.Inclusion)
	}
	tb, _ := s.Lookup("A15.0")
	if len(tb.Notes.Includes) != 1 || tb.Notes.Includes[0].From != "A15-A19" || len(tb.Notes.Inclusion) != 1 {
		t.Errorf("A15.0 notes %+v", tb.Notes)
	}
	fx, _ := s.Lookup("S52501A")
	if fx.SeventhChars["A"] != "initial encounter for closed fracture" || len(fx.SeventhChars) != 4 {
		t.Errorf("7th chars inherited from S52: %v", fx.SeventhChars)
	}
	var kids []string
	for _, k := range s.Children("E11") {
		kids = append(kids, k.Code)
	}
	if strings.Join(kids, " ") != "E11.2 E11.9" {
		t.Errorf("children of E11: %v", kids)
	}
	// Gzip is detected.
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(cmSample))
	zw.Close()
	if z, err := Load(&b); err != nil || z.Len() != s.Len() {
		t.Errorf("gzip load: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, bad := range []string{"", "hello\n", formatHeader + "\tX\t1\nQ\tx\n", formatHeader + "\tX\t1\nD\tA00\n",
		formatHeader + "\tICD-10-PCS\t1\nR\tBody Part\t0\tA\n"} {
		if _, err := Load(strings.NewReader(bad)); err == nil {
			t.Errorf("Load(%q) succeeded", bad)
		}
	}
}

func TestLoadPCS(t *testing.T) {
	s := mustLoad(t, pcsSample)
	if s.Len() != 1+4+1 { // the table header, 2×2×1 codes, 1 code
		t.Fatalf("%d codes", s.Len())
	}
	c, ok := s.Lookup("0210093")
	if !ok || c.Title != "Medical and Surgical, Heart and Great Vessels, Bypass, Coronary Artery, One Artery, Open, Autologous Venous Tissue, Coronary Artery" {
		t.Fatalf("0210093 = %+v", c)
	}
	if len(c.Axes) != 7 || c.Axes[3].Title != "Body Part" || c.Axes[5].Label != "Autologous Venous Tissue" || c.Axes[6].Char != "3" {
		t.Errorf("axes %+v", c.Axes)
	}
	if len(s.Children("021")) != 5 {
		t.Errorf("children of table 021: %d", len(s.Children("021")))
	}
}
