package clinical

import (
	"testing"
	"time"

	"dossier/model"
)

func TestRowsShowEveryKeyedFieldInTheFormsWords(t *testing.T) {
	tm, _ := TemplateFor(model.DocDischarge)
	rows, narrative := tm.Rows(Entry{"disposition": "transferred-out", "follow_up": " MCH clinic ", "summary": "Improved.", "procedures": ""})
	if len(rows) != 2 || rows[0] != [2]string{"Outcome", "Transferred to another facility"} || rows[1] != [2]string{"Follow-up", "MCH clinic"} {
		t.Errorf("rows %q", rows)
	}
	if len(narrative) != 1 || narrative[0] != "Summary: Improved." {
		t.Errorf("narrative %q", narrative)
	}
}

func TestDatedIsTheDateTheDocumentBears(t *testing.T) {
	keyedAt := time.Date(2026, 10, 12, 9, 0, 0, 0, time.Local)
	for _, c := range []struct {
		name   string
		fields Entry
		want   model.Date
		ok     bool
	}{
		{"discharge summary: the discharge, not the admission", Entry{"admitted": "03/10/2026", "discharged": "09/10/2026 14:30"}, model.Date{Year: 2026, Month: 10, Day: 9}, true},
		{"lab: the report before the collection", Entry{"collected": "01/10/2026 08:00", "reported": "02/10/2026"}, model.Date{Year: 2026, Month: 10, Day: 2}, true},
		{"relative dates as of the keying", Entry{"written": "yesterday 10:00"}, model.Date{Year: 2026, Month: 10, Day: 11}, true},
		{"no date keyed", Entry{"to": "Kampala"}, model.Date{}, false},
	} {
		got, ok := Transcript{First: Keyed{At: keyedAt}, Final: c.fields}.Dated(OrderDMY)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %v %v, want %v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
