package dhis2

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/stats"
)

// DataValue is one cell of the return.
type DataValue struct {
	DataElement         string  `json:"dataElement"`
	CategoryOptionCombo string  `json:"categoryOptionCombo,omitempty"`
	Value               float64 `json:"value"`
	Label               string  `json:"label"` // the definition row's label, for people
}

// Cell identifies a data value on the ministry's form.
func (v DataValue) Cell() string { return v.DataElement + "." + v.CategoryOptionCombo }

// Text is the value as DHIS2 reads it: whole numbers without a decimal
// point, others to two places.
func (v DataValue) Text() string { return FormatValue(v.Value) }

// FormatValue writes a figure as a DHIS2 value (also valid as xs:decimal).
func FormatValue(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// Missing is a row the figures could not fill: a figure it adds up was not
// computed (the engine does not break it down that way, or an age group of
// the definition is not the clinic's).
type Missing struct {
	Label string
	Key   stats.Key
}

// Fill computes the data values of a period's figures under a definition.
// Rows whose figures are missing are left out and listed, so the clerk sees
// them before sending rather than the ministry receiving a zero.
func Fill(d Definition, f stats.Figures) (vals []DataValue, missing []Missing) {
	for _, r := range d.Rows {
		sum, ok := 0.0, true
		for _, k := range r.Keys() {
			v, there := f.Get(k)
			if !there {
				missing = append(missing, Missing{Label: r.Label, Key: k})
				ok = false
				break
			}
			sum += v
		}
		if ok {
			vals = append(vals, DataValue{DataElement: r.DataElement, CategoryOptionCombo: r.CategoryOptionCombo,
				Value: sum, Label: r.Label})
		}
	}
	return vals, missing
}

// Month is the return's period: a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "2026-11".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return Month{}, model.Errorf(model.Invalid, "the period %q is not a month written YYYY-MM (2026-11)", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// ID is the period as DHIS2's dataValueSet writes it: "202611".
func (m Month) ID() string { return fmt.Sprintf("%04d%02d", m.Year, int(m.Month)) }

// ISO is the period as ADX writes it: "2026-11-01/P1M".
func (m Month) ISO() string { return fmt.Sprintf("%04d-%02d-01/P1M", m.Year, int(m.Month)) }

// Period is the month as a statistics period in loc.
func (m Month) Period(loc *time.Location) stats.Period { return stats.Month(m.Year, m.Month, loc) }
