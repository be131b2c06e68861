package clinical

import (
	"errors"
	"maps"
	"math"
	"reflect"
	"testing"

	"dossier/model"
)

func TestSame(t *testing.T) {
	tests := []struct {
		kind FieldKind
		a, b string
		same bool
	}{
		{FieldText, "Medical ward", "  medical   WARD ", true},
		{FieldText, "Medical ward", "Medical wards", false},
		{FieldText, "", "   ", true},
		{FieldText, "", "x", false},
		{FieldNumber, "38.50", "38.5", true},
		{FieldNumber, "38,5", "38.5", true},
		{FieldNumber, "038.5", "38.5", true},
		{FieldNumber, "38.5 C", "38.5c", true},
		{FieldNumber, "38.5 C", "38.5 F", false},
		{FieldNumber, "38.5", "38.6", false},
		{FieldNumber, "120/80", "120 / 80", true},
		{FieldNumber, "120/80", "120/90", false},
		{FieldNumber, "<20", "< 20", true},
		{FieldNumber, "<20", "20", false},
		{FieldNumber, "1,200", "1200", true},
		{FieldNumber, "0", "-0", true},
		{FieldNumber, "positive", "Positive", true}, // not a number: compared as text
		{FieldDate, "12/03/2024", "12 Mar 2024", true},
		{FieldDate, "12/3/24", "2024-03-12", true},
		{FieldDate, "12/03/2024", "03/12/2024", false},
		{FieldDate, "31/02/2024", "31/02/2024", true}, // the same mistake agrees; validation catches it
		{FieldDateTime, "12/03/2024 14:30", "12 Mar 2024 2.30pm", true},
		{FieldDateTime, "12/03/2024 14:30", "12/03/2024 1430h", true},
		{FieldDateTime, "12/03/2024 14:30", "12/03/2024 16:30", false},
		{FieldCode, "A09.0", "a090", true},
		{FieldCode, "B50.0", "B50.9", false},
		{FieldCode, "kdh123-04", "KDH123-04", true},
		{FieldList, "malaria; anaemia", "Malaria, anaemia.", true},
		{FieldList, "malaria;anaemia", "malaria ; anaemia ;", true},
		{FieldList, "malaria; anaemia", "anaemia; malaria", false}, // the principal is first
		{FieldList, "malaria", "malaria; anaemia", false},
	}
	for _, tc := range tests {
		if got := Same(tc.kind, tc.a, tc.b, OrderDMY, now); got != tc.same {
			t.Errorf("%s %q vs %q: same=%v (%q vs %q)", tc.kind, tc.a, tc.b, got,
				ComparisonKey(tc.kind, tc.a, OrderDMY, now), ComparisonKey(tc.kind, tc.b, OrderDMY, now))
		}
	}
	// Dates are read in the clinic's order.
	if !Same(FieldDate, "03/12/2024", "12 Mar 2024", OrderMDY, now) {
		t.Error("MDY dates should be read month first")
	}
}

func TestCompare(t *testing.T) {
	kinds := map[string]FieldKind{"admitted": FieldDateTime, "ward": FieldText, "temp": FieldNumber,
		"diagnoses": FieldList, "code": FieldCode, "bed": FieldText}
	first := Entry{"admitted": "12/03/2024 14:30", "ward": "Medical", "temp": "38.50", "diagnoses": "malaria; anaemia",
		"code": "B50.0", "bed": "4", "note": "not compared"}
	second := Entry{"admitted": "12 Mar 2024 2.30pm", "ward": "medical ", "temp": "38.5", "diagnoses": "malaria",
		"code": "B50.9", "note": "something else"}
	got := Compare(first, second, kinds, OrderDMY, now)
	want := []Mismatch{
		{Field: "bed", First: "4", Second: ""},
		{Field: "code", First: "B50.0", Second: "B50.9"},
		{Field: "diagnoses", First: "malaria; anaemia", Second: "malaria"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Compare:\n got %+v\nwant %+v", got, want)
	}
	if got := Compare(first, first, kinds, OrderDMY, now); len(got) != 0 {
		t.Errorf("an entry against itself: %+v", got)
	}
	if got := Compare(nil, nil, kinds, OrderDMY, now); len(got) != 0 {
		t.Errorf("two empty entries: %+v", got)
	}
}

func TestAgreement(t *testing.T) {
	ks := []Keying{
		{"amina", "temp", true}, {"amina", "ward", true}, {"amina", "date", false},
		{"baraka", "temp", true}, {"baraka", "ward", false}, {"baraka", "date", false}, {"baraka", "bed", true},
		{"chausiku", "temp", true},
	}
	byClerk, byField := Agreement(ks)
	wantClerk := map[string]Rate{
		"amina":    {Agreed: 2, Total: 3, Percent: 200.0 / 3},
		"baraka":   {Agreed: 2, Total: 4, Percent: 50},
		"chausiku": {Agreed: 1, Total: 1, Percent: 100},
	}
	wantField := map[string]Rate{
		"temp": {Agreed: 3, Total: 3, Percent: 100},
		"ward": {Agreed: 1, Total: 2, Percent: 50},
		"date": {Agreed: 0, Total: 2, Percent: 0},
		"bed":  {Agreed: 1, Total: 1, Percent: 100},
	}
	near := func(a, b map[string]Rate) bool {
		return maps.EqualFunc(a, b, func(x, y Rate) bool {
			return x.Agreed == y.Agreed && x.Total == y.Total && math.Abs(x.Percent-y.Percent) < 1e-9
		})
	}
	if !near(byClerk, wantClerk) {
		t.Errorf("by clerk: %+v", byClerk)
	}
	if !near(byField, wantField) {
		t.Errorf("by field: %+v", byField)
	}
	if s := byClerk["amina"].String(); s != "2 of 3 (66.7%)" {
		t.Errorf("Rate.String: %q", s)
	}
	c, f := Agreement(nil)
	if len(c) != 0 || len(f) != 0 {
		t.Error("no keyings should give empty rates")
	}
}

func TestScore(t *testing.T) {
	kinds := map[string]FieldKind{"temp": FieldNumber, "ward": FieldText, "date": FieldDate}
	final := Entry{"temp": "38.5", "ward": "Medical", "date": "2024-03-12"}
	keyed := Entry{"temp": "38.50", "ward": "Surgical", "date": "12/3/24"}
	got := Score("amina", keyed, final, kinds, OrderDMY, now)
	want := []Keying{{"amina", "date", true}, {"amina", "temp", true}, {"amina", "ward", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Score: %+v", got)
	}
	byClerk, _ := Agreement(got)
	if r := byClerk["amina"]; r.Agreed != 2 || r.Total != 3 {
		t.Errorf("rate: %+v", r)
	}
}

func TestAdjudicate(t *testing.T) {
	kinds := map[string]FieldKind{"ward": FieldText, "temp": FieldNumber, "bed": FieldText, "dx": FieldList}
	first := Entry{"ward": "Medical", "temp": "38.5", "bed": "4", "dx": "malaria", "only_first": "x"}
	second := Entry{"ward": "medical", "temp": "35.8", "bed": "", "dx": "malaria", "only_second": "y"}
	ms := Compare(first, second, kinds, OrderDMY, now)
	if len(ms) != 2 {
		t.Fatalf("mismatches: %+v", ms)
	}
	tests := []struct {
		name    string
		choices map[string]string
		want    Entry
		missing []string
	}{
		{"no choices", nil, nil, []string{"bed", "temp"}},
		{"one choice missing", map[string]string{"temp": "38.5"}, nil, []string{"bed"}},
		{"all chosen", map[string]string{"temp": "38.5", "bed": "4"},
			Entry{"ward": "Medical", "temp": "38.5", "bed": "4", "dx": "malaria", "only_first": "x", "only_second": "y"}, nil},
		{"the paper says otherwise; blank is a choice", map[string]string{"temp": "38.6", "bed": ""},
			Entry{"ward": "Medical", "temp": "38.6", "dx": "malaria", "only_first": "x", "only_second": "y"}, nil},
		{"a choice on an agreed field wins", map[string]string{"temp": "38.5", "bed": "4", "ward": "Medical ward"},
			Entry{"ward": "Medical ward", "temp": "38.5", "bed": "4", "dx": "malaria", "only_first": "x", "only_second": "y"}, nil},
	}
	for _, tc := range tests {
		got, err := Adjudicate(first, second, ms, tc.choices)
		if tc.missing != nil {
			var mc *MissingChoices
			if !errors.As(err, &mc) || !reflect.DeepEqual(mc.Fields, tc.missing) {
				t.Errorf("%s: got %v, want missing %v", tc.name, err, tc.missing)
			}
			continue
		}
		if err != nil || !maps.Equal(got, tc.want) {
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	err := (&MissingChoices{Fields: []string{"temp"}}).Error()
	if err != "choose the final value of temp" {
		t.Errorf("one missing: %q", err)
	}
	err = (&MissingChoices{Fields: []string{"bed", "temp"}}).Error()
	if err != "choose the final value of 2 fields: bed, temp" {
		t.Errorf("two missing: %q", err)
	}
	// The inputs are not changed.
	if first["temp"] != "38.5" || second["temp"] != "35.8" {
		t.Error("Adjudicate changed an entry")
	}
}

func TestTemplateCompareKeepsFormOrder(t *testing.T) {
	tp, _ := TemplateFor(model.DocAdmission)
	first := Entry{"admitted": "12/03/2024 14:30", "ward": "Medical", "temp": "38.5", "reason": "fever"}
	second := Entry{"admitted": "12/03/2024 16:30", "ward": "Surgical", "temp": "38.5", "reason": "fever and cough"}
	got := tp.Compare(first, second, OrderDMY, now)
	// reason is narrative, not double-keyed by default.
	want := []Mismatch{
		{Field: "admitted", First: "12/03/2024 14:30", Second: "12/03/2024 16:30"},
		{Field: "ward", First: "Medical", Second: "Surgical"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	all := Compare(first, second, tp.Kinds(), OrderDMY, now)
	if len(all) != 3 {
		t.Errorf("over every field: %+v", all)
	}
}
