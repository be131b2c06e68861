package tracking

import (
	"testing"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"

	"fyne.io/fyne/v2/test"
)

func TestChartWhereaboutsSaysOverdue(t *testing.T) {
	cf := model.ChartFile{Status: model.ChartCheckedOut, Holder: "Ward 3", Shelf: "C-4",
		Due: model.Date{Year: 2026, Month: 3, Day: 1}, Since: time.Date(2026, 2, 26, 9, 0, 0, 0, time.Local)}
	h := kit.NewHost(test.NewTempApp(t), nil, "test") // no clinic: day/month/year
	where, late := chartWhereabouts(h, cf, true, model.Date{Year: 2026, Month: 3, Day: 3})
	if where != "Out with Ward 3 since 26/02/2026, due back 01/03/2026. Its shelf is C-4." {
		t.Fatalf("where: %q", where)
	}
	if late != "OVERDUE by 2 days: ask Ward 3 to send it back." {
		t.Fatalf("late: %q", late)
	}
	if _, late := chartWhereabouts(h, cf, true, cf.Due); late != "" {
		t.Fatalf("due today is not overdue: %q", late)
	}
}
