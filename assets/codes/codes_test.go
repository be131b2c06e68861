package codes

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"dossier/model"
	"dossier/model/coding"
)

func TestEmbeddedSets(t *testing.T) {
	sets, err := All()
	if err != nil {
		t.Fatal(err)
	}
	cm, pcs := sets[0], sets[1]
	if cm.System != (coding.System{Name: coding.ICD10CM, Version: "2021"}) || cm.Len() != 95358 {
		t.Errorf("CM: %v with %d codes, want 95,358 (72,621 billable + 22,737 headers)", cm.System, cm.Len())
	}
	billable := 0
	cm.Codes(func(c coding.Code) bool {
		if c.Billable {
			billable++
		}
		return true
	})
	if billable != 72621 {
		t.Errorf("CM billable: %d", billable)
	}
	pcsCodes := 0
	pcs.Codes(func(c coding.Code) bool {
		if len(c.Code) == 7 {
			pcsCodes++
		}
		return true
	})
	if pcsCodes != 77559 {
		t.Errorf("PCS: %d codes, want 77,559", pcsCodes)
	}
	c, _ := pcs.Lookup("0210093")
	if c.Title != "Medical and Surgical, Heart and Great Vessels, Bypass, Coronary Artery, One Artery, Open, Zooplastic Tissue, Coronary Artery" &&
		!strings.HasPrefix(c.Title, "Medical and Surgical, Heart and Great Vessels, Bypass, Coronary Artery, One Artery, Open") {
		t.Errorf("0210093: %q", c.Title)
	}
	fx, ok := cm.Lookup("S52.501A")
	if !ok || fx.SeventhChars["A"] != "initial encounter for closed fracture" || fx.Chapter.Code != "19" || fx.Block.Code != "S50-S59" {
		t.Errorf("S52.501A: %+v", fx)
	}
	if n := Size(); n > 6<<20 {
		t.Errorf("embedded sets are %d bytes, over the 6 MB budget", n)
	}
	t.Logf("embedded: %.2f MB", float64(Size())/(1<<20))
}

func TestEmbeddedRules(t *testing.T) {
	cm, err := CM()
	if err != nil {
		t.Fatal(err)
	}
	if c := cm.Complete("W54.0"); !c.NeedsSeventh || c.Sevenths[0].Code != "W54.0XXA" || !c.Sevenths[0].Valid {
		t.Errorf("W54.0: %+v", c)
	}
	if c := cm.Complete("S52.5"); !c.NeedsSeventh || c.Complete || len(c.More) == 0 || c.Placeholder != "S52.5XX" {
		t.Errorf("S52.5: %+v", c)
	}
	// T81.4 was split in FY2020: the placeholder form is offered but is no
	// longer valid, and the next level is listed.
	if c := cm.Complete("T81.4"); c.Placeholder != "T81.4XX" || c.Sevenths[0].Code != "T81.4XXA" || c.Sevenths[0].Valid || len(c.More) == 0 {
		t.Errorf("T81.4: %+v", c)
	}
	ws := cm.CheckEncounter([]string{"G63", "E11.9", "E10.9", "O80", "S52.501"}, model.SexMale, 40)
	rules := map[string]bool{}
	for _, w := range ws {
		rules[w.Rule] = true
	}
	for _, r := range []string{"manifestation", "excludes1", "sex", "seventh"} {
		if !rules[r] {
			t.Errorf("rule %s did not fire: %+v", r, ws)
		}
	}
}

// TestSearchQuality types common rural-clinic phrases and counts how often
// the expected code (or a code under the expected prefix) is in the top 5.
func TestSearchQuality(t *testing.T) {
	sets, err := All()
	if err != nil {
		t.Fatal(err)
	}
	sr := coding.NewSearcher(sets[0]) // diagnoses: the phrases are diagnoses
	f, err := os.Open("testdata/phrases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	total, found := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		phrase, want, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		total++
		var got []string
		hit := false
		for _, h := range sr.Search(phrase, 5) {
			got = append(got, h.Code.Code)
			hit = hit || strings.HasPrefix(h.Code.Code, want)
		}
		if hit {
			found++
		} else {
			t.Logf("miss: %q want %s, got %v", phrase, want, got)
		}
	}
	share := float64(found) / float64(total)
	t.Logf("search quality: %d of %d phrases (%.1f%%) found in the top 5", found, total, 100*share)
	if total < 110 {
		t.Errorf("only %d phrases", total)
	}
	if share < 0.90 {
		t.Errorf("top-5 share %.3f < 0.90", share)
	}
}
