package statistics

import (
	"reflect"
	"testing"

	"dossier/model/stats"
)

func TestGroups(t *testing.T) {
	k := func(fig, ward, sex, age, extra string) stats.Key {
		return stats.Key{Figure: fig, Ward: ward, Sex: sex, Age: age, Extra: extra}
	}
	f := stats.Figures{
		k(stats.FigAdmissions, "", "", "", ""): 5, k(stats.FigAdmissions, "PAED", "", "", ""): 3,
		k(stats.FigAdmissions, "MMW", "", "", ""): 2, k(stats.FigAdmissions, "MAT", "", "newborn", ""): 0, k(stats.FigBeds, "MAT", "", "newborn", ""): 12,
		k(stats.FigDischarges, "", "", "", "home"): 4, k(stats.FigDischarges, "", "", "", "died"): 1,
		k(stats.FigDischarges, "PAED", "", "", "died"): 1,
		k(stats.FigOPDNew, "", "F", "<1", ""):          2, k(stats.FigOPDNew, "", "F", "50+", ""): 1,
		k(stats.FigOPDNew, "", "M", "5-14", ""): 4, k(stats.FigOPDNew, "", "", "", ""): 7,
		k(stats.FigDiagnoses, "", "", "", "J18"): 2, k(stats.FigDiagnoses, "", "", "", "B50"): 9,
		k(stats.FigDiagnoses, "", "F", "", "B50"): 5, k(stats.FigDiagnoses, "", "", "<1", "B50"): 3,
	}
	gs := Groups(f)
	var ids []GroupID
	byID := map[GroupID]Group{}
	for _, g := range gs {
		ids = append(ids, g.ID)
		byID[g.ID] = g
	}
	// Every ward a figure names is a column. Newborns have only bassinets, maternity, deaths and notifiable nothing: left out.
	if want := []GroupID{GroupInpatients, GroupOutcomes, GroupOutpatients, GroupDiagnoses}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("groups %v, want %v", ids, want)
	}
	ip := byID[GroupInpatients]
	if want := []string{"Facility", "MAT", "MMW", "PAED"}; !reflect.DeepEqual(ip.Columns, want) {
		t.Errorf("inpatient columns %v, want %v", ip.Columns, want)
	}
	adm := ip.Rows[0]
	if adm.Label != "Admissions" || adm.Cells[0].Value != "5" || adm.Cells[1].Has || adm.Cells[2].Value != "2" || adm.Cells[3].Value != "3" ||
		adm.Cells[3].Key != k(stats.FigAdmissions, "PAED", "", "", "") {
		t.Errorf("admissions row %+v", adm)
	}
	if ip.Rows[1].Cells[0].Has {
		t.Errorf("a figure not counted shows a value: %+v", ip.Rows[1])
	}
	out := byID[GroupOutcomes]
	if out.Rows[0].Label != "died" || out.Rows[0].Cells[3].Value != "1" || out.Rows[1].Label != "home" || out.Rows[1].Cells[0].Value != "4" {
		t.Errorf("outcomes %+v", out.Rows)
	}
	opd := byID[GroupOutpatients]
	var labels []string
	for _, r := range opd.Rows {
		labels = append(labels, r.Label)
	}
	if want := []string{"<1", "5-14", "50+", "All ages"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("outpatient age rows %v, want %v (youngest first, the total last)", labels, want)
	}
	if c := opd.Rows[3].Cells[2]; c.Value != "7" || c.Key != k(stats.FigOPDNew, "", "", "", "") {
		t.Errorf("all ages, new, both sexes: %+v", c)
	}
	dx := byID[GroupDiagnoses]
	if dx.Rows[0].Label != "B50 Plasmodium falciparum malaria" || dx.Rows[1].Label != "J18 Pneumonia, unspecified organism" {
		t.Errorf("diagnoses not commonest first: %+v", dx.Rows)
	}
	if want := []string{"Total", "F", "M", "<1", "5-14", "50+"}; !reflect.DeepEqual(dx.Columns, want) {
		t.Errorf("diagnosis columns %v, want %v", dx.Columns, want)
	}
	if r := dx.Rows[0]; r.Cells[0].Value != "9" || r.Cells[1].Value != "5" || r.Cells[3].Value != "3" || r.Cells[2].Has {
		t.Errorf("B50 cells %+v", r.Cells)
	}
}
