package clinical

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func TestSign(t *testing.T) {
	base := model.Note{ID: model.NewID(), Text: "Reviewed.", Author: "Dr Achieng", Written: june(3, 9, 0)}
	signed := base
	signed.SignedBy, signed.SignedAt = "Dr Otieno", june(3, 10, 0)
	tests := []struct {
		name  string
		n     model.Note
		by    string
		at    time.Time
		mayAs bool
		err   string
	}{
		{"clinician signs", base, "Dr Achieng", june(3, 9, 30), true, ""},
		{"signed at the moment of writing", base, "Dr Achieng", june(3, 9, 0), true, ""},
		{"a clerk may not", base, "Wanjiru", june(3, 9, 30), false, "only a clinician can sign a note"},
		{"already signed", signed, "Dr Achieng", june(3, 11, 0), true, "the note is already signed by Dr Otieno on 2025-06-03 10:00"},
		{"empty note", model.Note{Text: "  \n "}, "Dr Achieng", june(3, 9, 30), true, "an empty note can't be signed"},
		{"no signer", base, " ", june(3, 9, 30), true, "signed by a named user"},
		{"no time", base, "Dr Achieng", time.Time{}, true, "time of signing is missing"},
		{"before it was written", base, "Dr Achieng", june(3, 8, 0), true, "is before the note was written"},
	}
	for _, tc := range tests {
		n := tc.n
		err := Sign(&n, tc.by, tc.at, tc.mayAs)
		if tc.err == "" {
			if err != nil || n.SignedBy != strings.TrimSpace(tc.by) || !n.SignedAt.Equal(tc.at) {
				t.Errorf("%s: %v, %+v", tc.name, err, n)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.err)
		}
		if n != tc.n {
			t.Errorf("%s: a refused signature changed the note", tc.name)
		}
	}
	if err := Sign(nil, "Dr Achieng", june(3, 9, 30), true); err == nil {
		t.Error("signed a nil note")
	}
}

func TestAddAddendum(t *testing.T) {
	note := model.Note{ID: model.NewID(), PatientID: model.NewID(), Text: "Reviewed.", Author: "Dr Achieng",
		Written: june(3, 9, 0), SignedBy: "Dr Achieng", SignedAt: june(3, 9, 30)}
	unsigned := note
	unsigned.SignedBy, unsigned.SignedAt = "", time.Time{}
	unsaved := note
	unsaved.ID = model.ID{}
	tests := []struct {
		name string
		n    model.Note
		text string
		by   string
		at   time.Time
		err  string
	}{
		{"correction", note, "  Correction: the dose was 500 mg, not 50 mg. ", "Dr Achieng", june(3, 12, 0), ""},
		{"by someone else", note, "Lab result: Hb 7.1.", "Wanjiru", june(4, 8, 0), ""},
		{"unsigned note", unsigned, "More.", "Dr Achieng", june(3, 12, 0), "edit it instead"},
		{"unsaved note", unsaved, "More.", "Dr Achieng", june(3, 12, 0), "save the note before adding to it"},
		{"empty", note, "   ", "Dr Achieng", june(3, 12, 0), "write the addendum"},
		{"no author", note, "More.", "", june(3, 12, 0), "written by a named user"},
		{"no time", note, "More.", "Dr Achieng", time.Time{}, "time of the addendum is missing"},
		{"before the signature", note, "More.", "Dr Achieng", june(3, 9, 0), "is before the note was signed"},
	}
	for _, tc := range tests {
		a, err := AddAddendum(tc.n, tc.text, tc.by, tc.at)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: got %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || a.ID.IsZero() || a.NoteID != tc.n.ID || a.PatientID != tc.n.PatientID ||
			a.Text != strings.TrimSpace(tc.text) || a.By != tc.by || !a.At.Equal(tc.at) {
			t.Errorf("%s: %+v, %v", tc.name, a, err)
		}
	}
}
