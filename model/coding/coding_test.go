package coding

import (
	"strings"
	"testing"

	"dossier/model"
)

func TestComplete(t *testing.T) {
	s := mustLoad(t, cmSample)
	for _, tc := range []struct {
		in          string
		complete    bool
		seventh     bool
		placeholder string
		firstCode   string // the "A" option
		firstValid  bool
		more        string
	}{
		{in: "E11.22", complete: true},
		{in: "E11", more: "E11.2 E11.9"},
		{in: "S52.501", seventh: true, placeholder: "S52.501", firstCode: "S52.501A", firstValid: true},
		{in: "S52.501A", complete: true},
		{in: "S52.5", seventh: true, placeholder: "S52.5XX", firstCode: "S52.5XXA", more: "S52.50"},
		{in: "T81.4", seventh: true, placeholder: "T81.4XX", firstCode: "T81.4XXA", firstValid: true},
		{in: "t814xxd", complete: true},
		{in: "S52.501Z", seventh: true, placeholder: "S52.501", firstCode: "S52.501A", firstValid: true},
		{in: "Q99.9"},
	} {
		c := s.Complete(tc.in)
		if c.Complete != tc.complete || c.NeedsSeventh != tc.seventh || c.Placeholder != tc.placeholder {
			t.Errorf("%s: %+v", tc.in, c)
			continue
		}
		if tc.firstCode != "" && (len(c.Sevenths) == 0 || c.Sevenths[0].Code != tc.firstCode || c.Sevenths[0].Valid != tc.firstValid) {
			t.Errorf("%s: sevenths %+v", tc.in, c.Sevenths)
		}
		var more []string
		for _, m := range c.More {
			more = append(more, m.Code)
		}
		if strings.Join(more, " ") != tc.more {
			t.Errorf("%s: more %v, want %q", tc.in, more, tc.more)
		}
		if c.Message == "" {
			t.Errorf("%s: no message", tc.in)
		}
	}
}

func TestCheckEncounter(t *testing.T) {
	s := mustLoad(t, cmSample)
	for _, tc := range []struct {
		name  string
		codes []string
		sex   model.Sex
		age   int
		rules string // the rules that fire, in order
		text  string // a phrase one warning must contain
	}{
		{"clean", []string{"E11.22", "A15.0"}, model.SexMale, 50, "", ""},
		{"pregnancy male", []string{"O80"}, model.SexMale, 30, "sex", "only to female"},
		{"pregnancy child", []string{"O80"}, model.SexFemale, 9, "age", "9 years"},
		{"pregnancy older", []string{"O80"}, model.SexFemale, 60, "age", "12–55"},
		{"pregnancy unknown age", []string{"O80"}, model.SexFemale, -1, "", ""},
		{"prostate female", []string{"N40.0"}, model.SexFemale, 60, "sex", "male"},
		{"vaginitis male", []string{"N76.0"}, model.SexMale, 30, "sex", "female"},
		{"manifestation first", []string{"G63", "E11.9"}, model.SexMale, 50, "manifestation", "amyloidosis"},
		{"manifestation second", []string{"E11.9", "G63"}, model.SexMale, 50, "", ""},
		{"missing 7th", []string{"S52.501"}, model.SexMale, 20, "seventh", "S52.501A"},
		{"header", []string{"E11"}, model.SexMale, 20, "incomplete", "E11.2"},
		{"unknown", []string{"Q99.9"}, model.SexMale, 20, "unknown", "not a code"},
		{"excludes1", []string{"E11.9", "E10.9"}, model.SexFemale, 40, "excludes1 excludes1", `"type 1 diabetes mellitus (E10.-)"`},
		{"excludes1 amputation", []string{"S52.501A", "S58.919A"}, model.SexMale, 30, "excludes1", "traumatic amputation of forearm (S58.-)"},
	} {
		ws := s.CheckEncounter(tc.codes, tc.sex, tc.age)
		var rules []string
		found := tc.text == ""
		for _, w := range ws {
			rules = append(rules, w.Rule)
			found = found || strings.Contains(w.Text, tc.text)
		}
		if strings.Join(rules, " ") != tc.rules || !found {
			t.Errorf("%s: %+v", tc.name, ws)
		}
	}
}

func TestRefersTo(t *testing.T) {
	for _, tc := range []struct {
		note, code string
		want       bool
	}{
		{"type 1 diabetes mellitus (E10.-)", "E109", true},
		{"type 1 diabetes mellitus (E10.-)", "E119", false},
		{"perinatal infections (P35-P39)", "P371", true},
		{"perinatal infections (P35-P39)", "P40", false},
		{"tuberculosis of lung (A15.0)", "A150", true},
		{"(E08.-, E09.-)", "E0901", true},
		{"vitamin B12 deficiency", "B12", false},
	} {
		if got := refersTo(tc.note, tc.code); got != tc.want {
			t.Errorf("refersTo(%q, %s) = %v", tc.note, tc.code, got)
		}
	}
}

func TestEditsAtMostOne(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{{"malaria", "malria", true}, {"diabetis", "diabetes", true}, {"pnuemonia", "pneumonia", true},
		{"asthma", "asthma", true}, {"cholera", "color", false}, {"tetanus", "tetany", false}} {
		if got := editsAtMostOne(tc.a, tc.b); got != tc.want {
			t.Errorf("%s/%s = %v", tc.a, tc.b, got)
		}
	}
}
