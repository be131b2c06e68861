// Package ministryreturn prepares the ministry's monthly return for both
// front ends: the figures of a month under the imported report definition,
// what changed since the period was last sent, saving it as dataValueSet
// JSON or ADX XML, and posting it to the ministry's DHIS2 server (a dry run
// first, then the import). Every return saved or sent is kept in storage.
package ministryreturn

import (
	"fmt"
	"time"

	"dossier/model"
	md "dossier/model/dhis2"
	"dossier/model/stats"
	rd "dossier/reports/dhis2"
	"dossier/storage"
)

// FigureSource gives a period's figures. The statistics engine
// (app/flow/statistics) is the real one; tests pass hand-made figures.
type FigureSource func(p stats.Period) (stats.Figures, error)

// Prepared is a return ready to check, save or send.
type Prepared struct {
	Definition md.Definition
	Month      md.Month
	OrgUnit    string
	Values     []md.DataValue
	Missing    []md.Missing // rows the figures could not fill: shown before sending
	LastSent   *md.Kept     // the newest accepted return of the month, if any
	Changes    []md.Change  // cells that differ from LastSent
}

// Return is the prepared return as reports/dhis2 encodes it.
func (p Prepared) Return(exported time.Time) rd.Return {
	return rd.Return{DataSet: p.Definition.DataSet, OrgUnit: p.OrgUnit, Month: p.Month, Values: p.Values, Exported: exported}
}

// Prepare computes the month's return under the imported definition. The
// org unit is the definition's unless orgUnit is given.
func Prepare(sess *storage.Session, figures FigureSource, month md.Month, orgUnit string) (Prepared, error) {
	def, ok, err := sess.Returns().Definition()
	if err != nil {
		return Prepared{}, err
	}
	if !ok {
		return Prepared{}, model.Errorf(model.NotFound, "no report definition has been imported: an administrator imports the ministry's (Statistics, Return to the ministry, or dossier report dhis2 --definition FILE)")
	}
	if orgUnit == "" {
		orgUnit = def.OrgUnit
	}
	if !md.ValidUID(orgUnit) {
		return Prepared{}, model.Errorf(model.Invalid, "the facility's organisation unit UID is not set: give it in the report definition's \"orgUnit\"")
	}
	f, err := figures(month.Period(time.Local))
	if err != nil {
		return Prepared{}, fmt.Errorf("compute the figures of %s: %w", month, err)
	}
	p := Prepared{Definition: def, Month: month, OrgUnit: orgUnit}
	p.Values, p.Missing = md.Fill(def, f)
	last, ok, err := sess.Returns().LastSent(month.String())
	if err != nil {
		return Prepared{}, err
	}
	if ok {
		p.LastSent = &last
		p.Changes = md.Changes(last.Values, p.Values)
	}
	return p, nil
}

func (p Prepared) kept(action md.Action) md.Kept {
	return md.Kept{Period: p.Month.String(), OrgUnit: p.OrgUnit, DataSet: p.Definition.DataSet,
		Definition: p.Definition.Name, Values: p.Values, Action: action}
}
