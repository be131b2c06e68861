package model

import "testing"

func TestCheckPrincipal(t *testing.T) {
	dx := func(text string, principal bool) CodedItem {
		return CodedItem{Kind: ItemDiagnosis, Text: text, Principal: principal}
	}
	px := CodedItem{Kind: ItemProcedure, Text: "appendicectomy", Principal: true}
	cases := []struct {
		name  string
		items []CodedItem
		ok    bool
	}{
		{"none", nil, true},
		{"no principal yet", []CodedItem{dx("malaria", false), dx("anaemia", false)}, true},
		{"one principal", []CodedItem{dx("malaria", true), dx("anaemia", false)}, true},
		{"principal procedure beside a principal diagnosis", []CodedItem{dx("appendicitis", true), px}, true},
		{"two principal diagnoses", []CodedItem{dx("malaria", true), dx("anaemia", true)}, false},
		{"three principal diagnoses", []CodedItem{dx("malaria", true), dx("anaemia", true), dx("cough", true)}, false},
	}
	for _, c := range cases {
		err := CheckPrincipal(c.items)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if err != nil && (CodeOf(err) != Invalid || FieldsOf(err)["principal"] == "") {
			t.Errorf("%s: want Invalid with a principal field message, got %#v", c.name, err)
		}
	}
}
