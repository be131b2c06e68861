package kit

import (
	"testing"

	"dossier/model"
	"dossier/model/search"
)

// TestEveryCodeHasWords: each code the model stores or returns has its
// words in the window's language files (the keys are checked in every
// language by the translations test); a new code without them fails here.
func TestEveryCodeHasWords(t *testing.T) {
	type row struct {
		what string
		ok   bool
	}
	var rows []row
	add := func(what string, _ string, ok bool) { rows = append(rows, row{what, ok}) }
	for _, r := range model.AllRoles {
		s, ok := roleNameOf(r)
		add("role "+string(r), s, ok)
	}
	for _, s := range model.RequestStatuses {
		x, ok := requestStatusNameOf(s)
		add("request status "+string(s), x, ok)
	}
	for _, s := range model.DeficiencyStatuses {
		x, ok := deficiencyStatusNameOf(s)
		add("deficiency status "+string(s), x, ok)
	}
	for _, s := range model.Sexes {
		x, ok := sexNameOf(s)
		add("sex "+string(s), x, ok)
		x, ok = sexLetterOf(s)
		add("sex letter "+string(s), x, ok)
	}
	for _, u := range model.AgeUnits {
		x, ok := ageOf(3, u)
		add("age unit", x, ok)
	}
	for _, f := range search.AllFields {
		x, ok := nameFieldOf(f)
		add("name field "+string(f), x, ok)
	}
	for _, h := range search.AllHows {
		r := search.Reason{How: h, Field: search.FieldGiven, Found: "amina", Typed: "amena", Year: 1990}
		x, ok := matchHowOf(r)
		add("match "+r.String(), x, ok)
	}
	if len(rows) < 40 {
		t.Fatalf("only %d codes looked at", len(rows))
	}
	for _, r := range rows {
		if !r.ok {
			t.Errorf("%s has no words in the window's languages (app/ui/kit/enums.go)", r.what)
		}
	}
}

// The English the window shows is the model's own (the command line's).
func TestCodesInEnglishAsTheModelSaysThem(t *testing.T) {
	for _, r := range model.AllRoles {
		if RoleName(r) != r.Label() {
			t.Errorf("role %s: %q, model says %q", r, RoleName(r), r.Label())
		}
	}
	for _, s := range model.RequestStatuses {
		if RequestStatusName(s) != s.Label() {
			t.Errorf("request %s: %q, model says %q", s, RequestStatusName(s), s.Label())
		}
	}
	for _, s := range model.DeficiencyStatuses {
		if DeficiencyStatusName(s) != s.Label() {
			t.Errorf("deficiency %s: %q, model says %q", s, DeficiencyStatusName(s), s.Label())
		}
	}
	for _, s := range model.Sexes {
		if SexName(s) != s.Label() || SexLetter(s) != string(s) {
			t.Errorf("sex %s: %q %q", s, SexName(s), SexLetter(s))
		}
	}
	for _, h := range search.AllHows {
		for _, merged := range []bool{false, true} {
			r := search.Reason{How: h, Field: search.FieldFamily, Found: "nakato", Typed: "nakatto", Year: 1990, Merged: merged}
			if MatchReason(r) != r.String() {
				t.Errorf("%+v: %q, model says %q", r, MatchReason(r), r.String())
			}
		}
	}
}
