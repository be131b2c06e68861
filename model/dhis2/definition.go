// Package dhis2 is the ministry's monthly return as Dossier understands it:
// a report definition that maps the facility's figures (model/stats) to the
// ministry's DHIS2 data elements and category option combos, the data
// values a period's figures give under it, the returns kept after saving or
// sending, and the server's import summary. Encoding the wire formats
// (dataValueSet JSON, ADX XML) is reports/dhis2's; posting is a flow's.
package dhis2

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"dossier/model"
	"dossier/model/stats"
)

// Definition is an imported report definition: which figure fills which
// cell of the ministry's data set.
type Definition struct {
	Name       string   `json:"name"`                // shown to the clerk: "HMIS 105 monthly OPD and inpatient summary"
	DataSet    string   `json:"dataSet"`             // the data set's UID
	OrgUnit    string   `json:"orgUnit"`             // the facility's organisation unit UID
	PeriodType string   `json:"periodType"`          // "Monthly" (the only type supported)
	AgeGroups  []string `json:"ageGroups,omitempty"` // the age-group labels the rows use (the clinic's statistics groups); empty: any label
	Rows       []Row    `json:"rows"`
}

// Row fills one data value: a data element disaggregated by one category
// option combo, from the sum of the figures it names. Ages lists the
// clinic's age groups to add together where the ministry's bands are wider
// (the ministry's "under 5" is Dossier's "<1" plus "1-4"); empty means all
// ages. Sexes likewise ("" or empty: both).
type Row struct {
	Label               string   `json:"label"`                         // what the row counts, in words
	DataElement         string   `json:"dataElement"`                   // UID
	CategoryOptionCombo string   `json:"categoryOptionCombo,omitempty"` // UID; empty: the data element's default
	Figure              string   `json:"figure"`                        // a stats.Fig… name
	Ward                string   `json:"ward,omitempty"`
	Sexes               []string `json:"sexes,omitempty"`
	Ages                []string `json:"ages,omitempty"`
	Extra               string   `json:"extra,omitempty"`
}

// MaxRows bounds a definition: a ministry form has hundreds of cells, not
// tens of thousands.
const MaxRows = 5000

// maxDefinitionBytes bounds the file read on import.
const maxDefinitionBytes = 4 << 20

// KnownFigures are the figure names a row may name, with whether the
// figure is a ratio (a rate, an average) that must not be summed.
var KnownFigures = map[string]bool{
	stats.FigAdmissions: false, stats.FigTransfersIn: false, stats.FigTransfersOut: false,
	stats.FigDischarges: false, stats.FigDeaths: false, stats.FigDeathsUnder48h: false,
	stats.FigPostopDeaths: false, stats.FigServiceDays: false, stats.FigDischargeDays: false,
	stats.FigBedDaysAvailable: false, stats.FigPatientsAtMidnight: false,
	stats.FigBeds: true, stats.FigAvgDailyCensus: true, stats.FigBedOccupancyRate: true,
	stats.FigAvgLengthOfStay: true, stats.FigBedTurnoverRate: true, stats.FigTurnoverInterval: true,
	stats.FigGrossDeathRate: true, stats.FigNetDeathRate: true, stats.FigPostopDeathRate: true,
	stats.FigDeliveries: false, stats.FigLiveBirths: false, stats.FigStillbirths: false,
	stats.FigCaesareanRate: true, stats.FigMaternalDeaths: false,
	stats.FigOPDNew: false, stats.FigOPDRepeat: false,
	stats.FigDiagnoses: false, stats.FigDeathsByCause: false, stats.FigNotifiableCases: false,
}

// ValidUID reports whether s is a DHIS2 identifier: 11 letters and digits,
// beginning with a letter.
func ValidUID(s string) bool {
	if len(s) != 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// ParseDefinition reads and checks a report definition file. Every problem
// is an model.Invalid error naming the row and field, so the administrator
// can correct the file.
func ParseDefinition(r io.Reader) (Definition, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxDefinitionBytes+1))
	if err != nil {
		return Definition{}, model.Errorf(model.Unavailable, "could not read the report definition: %v", err)
	}
	if len(data) > maxDefinitionBytes {
		return Definition{}, model.Errorf(model.Invalid, "the report definition is larger than %d MB: is it the right file?", maxDefinitionBytes>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Definition
	if err := dec.Decode(&d); err != nil {
		return Definition{}, model.Errorf(model.Invalid, "the report definition is not valid JSON: %s", jsonProblem(data, err))
	}
	if dec.More() {
		return Definition{}, model.Errorf(model.Invalid, "the report definition has text after its closing brace")
	}
	d.tidy()
	return d, d.Validate()
}

// jsonProblem says where a decoding error is, as a line number.
func jsonProblem(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("%v (line %d)", syn, lineAt(data, syn.Offset))
	case errors.As(err, &typ):
		return fmt.Sprintf("%q should be a %s, not a %s (line %d)", typ.Field, typ.Type, typ.Value, lineAt(data, typ.Offset))
	case errors.Is(err, io.EOF):
		return "the file is empty"
	}
	return err.Error()
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func (d *Definition) tidy() {
	trim := strings.TrimSpace
	d.Name, d.DataSet, d.OrgUnit, d.PeriodType = trim(d.Name), trim(d.DataSet), trim(d.OrgUnit), trim(d.PeriodType)
	if d.PeriodType == "" {
		d.PeriodType = "Monthly"
	}
	for i := range d.AgeGroups {
		d.AgeGroups[i] = trim(d.AgeGroups[i])
	}
	for i := range d.Rows {
		r := &d.Rows[i]
		r.Label, r.DataElement, r.CategoryOptionCombo = trim(r.Label), trim(r.DataElement), trim(r.CategoryOptionCombo)
		r.Figure, r.Ward, r.Extra = trim(r.Figure), trim(r.Ward), trim(r.Extra)
		for j := range r.Sexes {
			r.Sexes[j] = strings.ToUpper(trim(r.Sexes[j]))
		}
		for j := range r.Ages {
			r.Ages[j] = trim(r.Ages[j])
		}
	}
}

// Validate checks a definition (ParseDefinition calls it).
func (d Definition) Validate() error {
	bad := func(format string, args ...any) error { return model.Errorf(model.Invalid, format, args...) }
	switch {
	case d.Name == "":
		return bad("the report definition needs a \"name\"")
	case !ValidUID(d.DataSet):
		return bad("\"dataSet\" must be the data set's 11-character DHIS2 UID, not %q", d.DataSet)
	case d.OrgUnit != "" && !ValidUID(d.OrgUnit):
		return bad("\"orgUnit\" must be the facility's 11-character DHIS2 UID, not %q", d.OrgUnit)
	case d.PeriodType != "Monthly":
		return bad("\"periodType\" %q is not supported: Dossier prepares monthly returns (\"Monthly\")", d.PeriodType)
	case len(d.Rows) == 0:
		return bad("the report definition has no \"rows\"")
	case len(d.Rows) > MaxRows:
		return bad("the report definition has %d rows; at most %d are allowed", len(d.Rows), MaxRows)
	}
	for i, a := range d.AgeGroups {
		if a == "" || slices.Contains(d.AgeGroups[:i], a) {
			return bad("\"ageGroups\" has an empty or repeated label %q", a)
		}
	}
	seen := make(map[[2]string]int, len(d.Rows))
	for i, r := range d.Rows {
		at := fmt.Sprintf("row %d", i+1)
		if r.Label != "" {
			at += fmt.Sprintf(" (%s)", r.Label)
		}
		ratio, known := KnownFigures[r.Figure]
		switch {
		case r.Label == "":
			return bad("%s needs a \"label\" saying what it counts", at)
		case !ValidUID(r.DataElement):
			return bad("%s: \"dataElement\" must be an 11-character DHIS2 UID, not %q", at, r.DataElement)
		case r.CategoryOptionCombo != "" && !ValidUID(r.CategoryOptionCombo):
			return bad("%s: \"categoryOptionCombo\" must be an 11-character DHIS2 UID or left out, not %q", at, r.CategoryOptionCombo)
		case !known:
			return bad("%s: Dossier has no figure %q (see the README's list of figures)", at, r.Figure)
		case ratio && (len(r.Ages) > 1 || len(r.Sexes) > 1):
			return bad("%s: %q is a rate or an average and cannot be added up over several age groups or sexes", at, r.Figure)
		}
		for j, s := range r.Sexes {
			if s != "F" && s != "M" && s != "U" || slices.Contains(r.Sexes[:j], s) {
				return bad("%s: \"sexes\" may hold F, M and U once each, not %q", at, s)
			}
		}
		for j, a := range r.Ages {
			if a == "" || slices.Contains(r.Ages[:j], a) {
				return bad("%s: \"ages\" has an empty or repeated age group %q", at, a)
			}
			if len(d.AgeGroups) > 0 && !slices.Contains(d.AgeGroups, a) {
				return bad("%s: age group %q is not one of the definition's \"ageGroups\" (%s)", at, a, strings.Join(d.AgeGroups, ", "))
			}
		}
		cell := [2]string{r.DataElement, r.CategoryOptionCombo}
		if j, dup := seen[cell]; dup {
			return bad("%s fills the same data element and category option combo as row %d", at, j+1)
		}
		seen[cell] = i
	}
	return nil
}

// Keys lists the figures a row adds up.
func (r Row) Keys() []stats.Key {
	sexes, ages := r.Sexes, r.Ages
	if len(sexes) == 0 {
		sexes = []string{""}
	}
	if len(ages) == 0 {
		ages = []string{""}
	}
	out := make([]stats.Key, 0, len(sexes)*len(ages))
	for _, s := range sexes {
		for _, a := range ages {
			out = append(out, stats.Key{Figure: r.Figure, Ward: r.Ward, Sex: s, Age: a, Extra: r.Extra})
		}
	}
	return out
}
