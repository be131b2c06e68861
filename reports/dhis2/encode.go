// Package dhis2 writes the ministry's return in DHIS2's wire formats (the
// dataValueSet JSON and ADX XML) and reads the server's import summary.
package dhis2

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"time"

	"dossier/model"
	md "dossier/model/dhis2"
)

// Return is one prepared return: a definition's data values for a month
// and an organisation unit.
type Return struct {
	DataSet  string
	OrgUnit  string
	Month    md.Month
	Values   []md.DataValue
	Exported time.Time // when the file was made (ADX's exported attribute)
}

func (r Return) check() error {
	switch {
	case !md.ValidUID(r.DataSet):
		return model.Errorf(model.Invalid, "the return has no valid data set UID")
	case !md.ValidUID(r.OrgUnit):
		return model.Errorf(model.Invalid, "the return has no valid organisation unit UID: set the facility's in the report definition")
	case len(r.Values) == 0:
		return model.Errorf(model.Invalid, "the return has no values: no row of the definition could be filled from the figures")
	}
	return nil
}

type jsonValue struct {
	DataElement         string `json:"dataElement"`
	CategoryOptionCombo string `json:"categoryOptionCombo,omitempty"`
	Value               string `json:"value"`
}

type jsonSet struct {
	DataSet    string      `json:"dataSet"`
	Period     string      `json:"period"`
	OrgUnit    string      `json:"orgUnit"`
	DataValues []jsonValue `json:"dataValues"`
}

// DataValueSetJSON writes the return as a DHIS2 dataValueSet (the shape
// POST /api/dataValueSets takes with Content-Type application/json):
// period as DHIS2's period ID ("202611"), values as strings.
func DataValueSetJSON(r Return) ([]byte, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	s := jsonSet{DataSet: r.DataSet, Period: r.Month.ID(), OrgUnit: r.OrgUnit, DataValues: make([]jsonValue, len(r.Values))}
	for i, v := range r.Values {
		s.DataValues[i] = jsonValue{v.DataElement, v.CategoryOptionCombo, v.Text()}
	}
	out, err := json.MarshalIndent(s, "", "  ")
	return append(out, '\n'), err
}

// ADXNamespace is ADX's XML namespace (IHE QRPH ADX 2015).
const ADXNamespace = "urn:ihe:qrph:adx:2015"

type adxDoc struct {
	XMLName  xml.Name `xml:"urn:ihe:qrph:adx:2015 adx"`
	Exported string   `xml:"exported,attr"`
	Group    adxGroup `xml:"group"`
}

type adxGroup struct {
	OrgUnit string     `xml:"orgUnit,attr"`
	Period  string     `xml:"period,attr"`
	DataSet string     `xml:"dataSet,attr"`
	Values  []adxValue `xml:"dataValue"`
}

// adxValue carries the categoryOptionCombo UID, which DHIS2 uses in
// preference to exploded category attributes: the definition maps to combos,
// so the server need not have ADX category codes set up.
type adxValue struct {
	DataElement         string `xml:"dataElement,attr"`
	CategoryOptionCombo string `xml:"categoryOptionCombo,attr,omitempty"`
	Value               string `xml:"value,attr"`
}

// ADX writes the return as an ADX data message: ISO period
// ("2026-11-01/P1M"), the exported timestamp, UIDs as identifiers (post it
// with dataElementIdScheme=UID&orgUnitIdScheme=UID&idScheme=UID).
func ADX(r Return) ([]byte, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	exp := r.Exported
	if exp.IsZero() {
		exp = time.Now()
	}
	doc := adxDoc{Exported: exp.UTC().Format(time.RFC3339),
		Group: adxGroup{OrgUnit: r.OrgUnit, Period: r.Month.ISO(), DataSet: r.DataSet, Values: make([]adxValue, len(r.Values))}}
	for i, v := range r.Values {
		doc.Group.Values[i] = adxValue{v.DataElement, v.CategoryOptionCombo, v.Text()}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
