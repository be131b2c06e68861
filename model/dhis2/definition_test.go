package dhis2

import (
	"errors"
	"strings"
	"testing"

	"dossier/model"
	"dossier/model/stats"
)

const goodDef = `{
  "name": "Test return", "dataSet": "QX4ZTUbOt3a", "orgUnit": "DiszpKrYNg8",
  "ageGroups": ["<1", "1-4", "5-14", "15-49", "50+"],
  "rows": [
    {"label": "OPD new, under 5, female", "dataElement": "f7n9E0hX8qk", "categoryOptionCombo": "Prlt0C1RF0s",
     "figure": "opd.new", "sexes": ["F"], "ages": ["<1", "1-4"]},
    {"label": "Admissions", "dataElement": "eY5ehpbEsB7", "figure": "ip.admissions"},
    {"label": "Bed occupancy", "dataElement": "aUAkb9aCCCk", "figure": "ip.bed_occupancy_rate"}
  ]
}`

func TestParseDefinition(t *testing.T) {
	d, err := ParseDefinition(strings.NewReader(goodDef))
	if err != nil {
		t.Fatal(err)
	}
	if d.PeriodType != "Monthly" || len(d.Rows) != 3 || len(d.Rows[0].Keys()) != 2 {
		t.Fatalf("parsed %+v", d)
	}
	swap := func(old, new string) string { return strings.Replace(goodDef, old, new, 1) }
	for _, c := range []struct{ name, in, want string }{
		{"syntax", swap(`"rows": [`, `"rows": [,`), "not valid JSON"},
		{"syntax line", swap(`"rows": [`, `"rows": [,`), "(line 4)"},
		{"unknown field", swap(`"name"`, `"nmae"`), "unknown field"},
		{"no name", swap(`"Test return"`, `""`), `needs a "name"`},
		{"bad data set", swap(`QX4ZTUbOt3a`, `QX4Z`), `"dataSet" must be`},
		{"bad org unit", swap(`DiszpKrYNg8`, `1iszpKrYNg8`), `"orgUnit" must be`},
		{"weekly", swap(`"name"`, `"periodType": "Weekly", "name"`), "not supported"},
		{"no rows", `{"name":"x","dataSet":"QX4ZTUbOt3a","rows":[]}`, `no "rows"`},
		{"no label", swap(`"OPD new, under 5, female"`, `""`), `row 1 needs a "label"`},
		{"bad element", swap(`f7n9E0hX8qk`, `f7n9E0hX8q!`), `row 1 (OPD new, under 5, female): "dataElement"`},
		{"bad coc", swap(`Prlt0C1RF0s`, `Prlt`), `"categoryOptionCombo" must be`},
		{"unknown figure", swap(`"opd.new"`, `"opd.neww"`), `no figure "opd.neww"`},
		{"sum a rate", swap(`"figure": "ip.bed_occupancy_rate"`, `"figure": "ip.bed_occupancy_rate", "ages": ["<1","1-4"]`), "cannot be added up"},
		{"bad sex", swap(`["F"]`, `["X"]`), `"sexes" may hold`},
		{"repeated age", swap(`["<1", "1-4"]`, `["<1", "<1"]`), `repeated age group "<1"`},
		{"unknown age", swap(`["<1", "1-4"]`, `["<5"]`), `age group "<5" is not one of`},
		{"duplicate cell", swap(`"aUAkb9aCCCk"`, `"eY5ehpbEsB7"`), "row 3 (Bed occupancy) fills the same data element"},
		{"trailing", goodDef + "{}", "after its closing brace"},
		{"wrong type", swap(`"ages": ["<1", "1-4"]`, `"ages": "<1"`), `should be a []string`},
		{"empty", "", "empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseDefinition(strings.NewReader(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			if !errors.Is(err, model.Errorf(model.Invalid, "")) {
				t.Fatalf("%v is not an Invalid error", err)
			}
		})
	}
}

func TestFillAddsAgeGroupsAndListsMissing(t *testing.T) {
	d, err := ParseDefinition(strings.NewReader(goodDef))
	if err != nil {
		t.Fatal(err)
	}
	f := stats.Figures{
		{Figure: stats.FigOPDNew, Sex: "F", Age: "<1"}:  7,
		{Figure: stats.FigOPDNew, Sex: "F", Age: "1-4"}: 5,
		{Figure: stats.FigOPDNew, Sex: "M", Age: "1-4"}: 100, // another cell: not added
		{Figure: stats.FigAdmissions}:                   41,
	}
	vals, missing := Fill(d, f)
	if len(vals) != 2 || vals[0].Value != 12 || vals[1].Value != 41 || vals[0].CategoryOptionCombo != "Prlt0C1RF0s" {
		t.Fatalf("values %+v", vals)
	}
	if len(missing) != 1 || missing[0].Key.Figure != stats.FigBedOccupancyRate {
		t.Fatalf("missing %+v", missing)
	}
}

func TestFormatValueAndPeriods(t *testing.T) {
	for in, want := range map[float64]string{12: "12", 0: "0", 83.333333: "83.33", 2.5: "2.5", -1: "-1"} {
		if got := FormatValue(in); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", in, got, want)
		}
	}
	m, err := ParseMonth("2026-11")
	if err != nil || m.ID() != "202611" || m.ISO() != "2026-11-01/P1M" || m.String() != "2026-11" {
		t.Fatalf("%v %v %s %s", m, err, m.ID(), m.ISO())
	}
	if _, err := ParseMonth("Nov 2026"); err == nil {
		t.Fatal("accepted a month not written YYYY-MM")
	}
}

func TestChanges(t *testing.T) {
	sent := []DataValue{{DataElement: "a", Value: 1, Label: "A"}, {DataElement: "b", Value: 2}, {DataElement: "c", Value: 3}}
	now := []DataValue{{DataElement: "a", Value: 1}, {DataElement: "b", Value: 5}, {DataElement: "d", Value: 4}}
	ch := Changes(sent, now)
	if len(ch) != 3 || ch[0].Cell != "b." || ch[0].Was != 2 || ch[0].Now != 5 ||
		ch[1].Cell != "d." || ch[1].WasThere || ch[2].Cell != "c." || ch[2].NowThere {
		t.Fatalf("changes %+v", ch)
	}
	if len(Changes(sent, sent)) != 0 {
		t.Fatal("no change reported as a change")
	}
}

// FuzzParseDefinition: any input gives a definition that validates or an
// Invalid error; never a panic.
func FuzzParseDefinition(f *testing.F) {
	f.Add(goodDef)
	f.Add(`{"name":"x","dataSet":"QX4ZTUbOt3a","rows":[{"label":"a","dataElement":"f7n9E0hX8qk","figure":"opd.new","ages":["<1"]}]}`)
	f.Add(`{"rows":null}`)
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDefinition(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, model.Errorf(model.Invalid, "")) {
				t.Fatalf("%v is not an Invalid error", err)
			}
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("parsed but does not validate: %v", err)
		}
		Fill(d, stats.Figures{})
	})
}
