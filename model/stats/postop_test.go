package stats

import (
	"testing"
	"time"

	"dossier/model"
)

// A post-operative death is within 10 days of the procedure: of the day it
// was done where the coder gave it, else of the admission.
func TestDiedAfterProcedure(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	undated := Code{Code: "0DTJ4ZZ", Proc: true}
	dated := func(day int) Code { c := undated; c.Done = d(day); return c }
	for _, c := range []struct {
		name  string
		disp  string
		end   time.Time
		codes []Code
		want  bool
	}{
		{"undated, died 5 days after admission", "died", at(6, 9), []Code{undated}, true},
		{"undated, died 12 days after admission", "died", at(13, 9), []Code{undated}, false},
		{"done on day 9, died 5 days later (13 after admission)", "died", at(14, 9), []Code{dated(9)}, true},
		{"done on day 2, died 12 days later", "died", at(14, 9), []Code{dated(2)}, false},
		{"died on the 10th day after", "died", at(12, 23), []Code{dated(2)}, true},
		{"a later of two procedures within 10 days", "died", at(14, 9), []Code{dated(2), dated(10)}, true},
		{"a date after the death is not counted", "died", at(6, 9), []Code{dated(7)}, false},
		{"discharged home", "home", at(6, 9), []Code{dated(2)}, false},
		{"a diagnosis only", "died", at(6, 9), []Code{{Code: "K358", Principal: true}}, false},
	} {
		e := Encounter{Type: model.EncInpatient, Start: at(1, 9), End: c.end, Disposition: c.disp, Codes: c.codes}
		if got := e.DiedAfterProcedure(); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
