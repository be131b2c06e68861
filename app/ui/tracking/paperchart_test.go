package tracking

import (
	"testing"
	"time"

	"dossier/model"
)

func TestChartWhereaboutsSaysOverdue(t *testing.T) {
	cf := model.ChartFile{Status: model.ChartCheckedOut, Holder: "Ward 3", Shelf: "C-4",
		Due: model.Date{Year: 2026, Month: 3, Day: 1}, Since: time.Date(2026, 2, 26, 9, 0, 0, 0, time.Local)}
	where, late := chartWhereabouts(cf, true, model.Date{Year: 2026, Month: 3, Day: 3})
	if where != "Out with Ward 3 since 2026-02-26, due back 2026-03-01. Its shelf is C-4." {
		t.Fatalf("where: %q", where)
	}
	if late != "OVERDUE by 2 days: ask Ward 3 to send it back." {
		t.Fatalf("late: %q", late)
	}
	if _, late := chartWhereabouts(cf, true, cf.Due); late != "" {
		t.Fatalf("due today is not overdue: %q", late)
	}
}
