package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseAgeBands(t *testing.T) {
	for _, c := range []struct {
		text string
		want []AgeBand
		err  string // part of the message; "" when it parses
	}{
		{"<1: 0\n1-4: 1-4\n5-14: 5-14\n15-49: 15-49\n50+: 50+", []AgeBand{{"<1", 0, 1}, {"1-4", 1, 5}, {"5-14", 5, 15}, {"15-49", 15, 50}, {"50+", 50, 0}}, ""},
		{"\n  under 5: 0 - 4 \n\n5 and over: 5+\n", []AgeBand{{"under 5", 0, 5}, {"5 and over", 5, 0}}, ""},
		{"children: 0-14\nadults: 15-120", []AgeBand{{"children", 0, 15}, {"adults", 15, 121}}, ""},
		{"", nil, ""},
		{"1-4: 1-4", nil, "starts at age 0"},
		{"<5: 0-4\n10+: 10+", nil, "must start at 5"},
		{"<5: 0-4\n5+: 5+\n60+: 60+", nil, "must be the last"},
		{"<5: 4-0", nil, "ends before it starts"},
		{"no colon here", nil, "no label"},
		{"old: 0-abc", nil, "whole years"},
		{"old: 0-200", nil, "whole years"},
	} {
		got, err := ParseAgeBands(c.text)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseAgeBands(%q) error %v, want one saying %q", c.text, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseAgeBands(%q) = %v, %v; want %v", c.text, got, err, c.want)
			continue
		}
		// Written back and read again, the groups are the same, and valid.
		again, err := ParseAgeBands(FormatAgeBands(got))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("round trip of %v gave %v, %v", got, again, err)
		}
		if err := (StatSettings{AgeGroups: got}).Validate(); err != nil {
			t.Errorf("parsed groups %v do not validate: %v", got, err)
		}
	}
}

func TestParseNotifiable(t *testing.T) {
	for _, c := range []struct {
		text string
		want []Notifiable
		err  string
	}{
		{"Cholera; A00; 1\nAcute flaccid paralysis; a80, G61.0 ,G83.9; 1", []Notifiable{
			{Name: "Cholera", Codes: []string{"A00"}, Threshold: 1},
			{Name: "Acute flaccid paralysis", Codes: []string{"A80", "G61.0", "G83.9"}, Threshold: 1}}, ""},
		{"\nTyphoid fever; A01.0; 5\n\n", []Notifiable{{Name: "Typhoid fever", Codes: []string{"A01.0"}, Threshold: 5}}, ""},
		{"Cholera; A00", nil, "three parts"},
		{"; A00; 1", nil, "no name"},
		{"Cholera; ; 1", nil, "no code"},
		{"Cholera; cholera; 1", nil, "not an ICD-10 code"},
		{"Cholera; A0; 1", nil, "not an ICD-10 code"},
		{"Cholera; A00.123456; 1", nil, "not an ICD-10 code"},
		{"Cholera; A00; 0", nil, "1 or more"},
		{"Cholera; A00; many", nil, "1 or more"},
	} {
		got, err := ParseNotifiable(c.text)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseNotifiable(%q) error %v, want one saying %q", c.text, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseNotifiable(%q) = %v, %v; want %v", c.text, got, err, c.want)
			continue
		}
		again, err := ParseNotifiable(FormatNotifiable(got))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("round trip of %v gave %v, %v", got, again, err)
		}
	}
	// The shipped list reads back as it is.
	if got, err := ParseNotifiable(FormatNotifiable(DefaultNotifiable)); err != nil || !reflect.DeepEqual(got, DefaultNotifiable) {
		t.Errorf("the default list does not survive its own text: %v", err)
	}
}

// Whatever is typed, a list that parses writes back to text that parses
// to the same list.
func FuzzParseStatLists(f *testing.F) {
	f.Add("<1: 0\n1-4: 1-4\n50+: 50+")
	f.Add("Cholera; A00; 1\nAFP; A80, G61.0; 1")
	f.Fuzz(func(t *testing.T, text string) {
		if bands, err := ParseAgeBands(text); err == nil {
			again, err := ParseAgeBands(FormatAgeBands(bands))
			if err != nil || !reflect.DeepEqual(again, bands) {
				t.Fatalf("age groups %v: round trip gave %v, %v", bands, again, err)
			}
		}
		if list, err := ParseNotifiable(text); err == nil {
			again, err := ParseNotifiable(FormatNotifiable(list))
			if err != nil || !reflect.DeepEqual(again, list) {
				t.Fatalf("notifiable %v: round trip gave %v, %v", list, again, err)
			}
		}
	})
}
