package duplicates

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func TestMergedPatientTakesTheChosenValues(t *testing.T) {
	born := model.Date{Year: 1992, Month: 1, Day: 9}
	estimated := model.Date{Year: 1983, Month: 7, Day: 1} // "about 40", estimated in 2023
	a := model.Patient{MRN: "A1", GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: born,
		Phone: "0772 000111", Address: []string{"North", "Gulu"}, Alerts: []string{"Allergy: penicillin"}}
	b := model.Patient{MRN: "B2", GivenName: "Aminah", FamilyName: "Nakatto", Sex: model.SexFemale, BirthDate: estimated,
		BirthEstimated: true, NationalID: "CF92", Address: []string{"North", "Gulu", "Laroo"}}

	rows := map[string]mergeField{}
	for _, f := range mergeFields(a, b) {
		rows[f.label] = f
	}
	if f := rows["Date of birth"]; f.a != "1992-01-09" || f.b != "" {
		t.Errorf("birth row: %q / %q", f.a, f.b)
	}
	if f := rows["Age (estimated)"]; f.a != "" || f.b != strconv.Itoa(estimated.AgeYears(time.Now())) {
		t.Errorf("age row: %q / %q", f.a, f.b)
	}
	if f := rows["Address"]; f.a != "North › Gulu" || f.b != "North › Gulu › Laroo" {
		t.Errorf("address row: %q / %q", f.a, f.b)
	}

	// A survives; B's family name, national ID, address and estimated
	// birth are kept; the phone stays A's.
	next := mergedPatient(a, b, a, map[string]bool{"Family name": true, "National ID": true, "Address": true,
		"Age (estimated)": true, "Phone": false})
	if next.MRN != "A1" || next.GivenName != "Amina" || next.FamilyName != "Nakatto" || next.NationalID != "CF92" ||
		next.Phone != "0772 000111" || !slices.Equal(next.Address, b.Address) || !slices.Equal(next.Alerts, a.Alerts) {
		t.Errorf("merged: %+v", next)
	}
	// The estimated birth date is kept as recorded, not estimated again.
	if next.BirthDate != estimated || !next.BirthEstimated {
		t.Errorf("birth: %s estimated=%v, want %s estimated", next.BirthDate, next.BirthEstimated, estimated)
	}
	if errs := next.Validate(time.Now()); len(errs) > 0 {
		t.Errorf("merged record invalid: %v", errs)
	}
	// Nothing chosen: the survivor as it is.
	if got := mergedPatient(a, b, b, nil); got.MRN != "B2" || got.GivenName != "Aminah" || got.BirthDate != estimated {
		t.Errorf("survivor B: %+v", got)
	}
}

func TestPairTextSaysHowLikelyAndWhatDiffers(t *testing.T) {
	a := model.Patient{MRN: "A1", GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1992, Month: 4, Day: 21}}
	b := a
	b.MRN, b.BirthDate = "B2", model.Date{Year: 1992, Month: 4, Day: 22}
	for _, c := range []struct {
		decision string
		want     []string
	}{
		{"match", []string{"Very likely the same person (match score 37.4).", "Same: given name, family name.", "Different: Date of birth 1992-04-21 on A, 1992-04-22 on B."}},
		{"review", []string{"Possibly the same person: check (match score 37.4)."}},
	} {
		got := pairText(model.DuplicatePair{Decision: c.decision, Score: 37.4, Agree: []string{"given name", "family name"}, Differ: []string{"birth date"}}, a, b)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.decision, got, w)
			}
		}
		if strings.Contains(got, "(match).") || strings.Contains(got, "Score ") {
			t.Errorf("%s: the matcher's jargon leads: %q", c.decision, got)
		}
	}
	if likelyShort("match") != "Very likely" || likelyShort("review") != "Possibly" {
		t.Error("queue column words")
	}
}
