package storage

import (
	"fmt"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Figures gathers what the chart-completion figures of the months from..to
// (inclusive) need and computes them: every deficiency alive in the period
// and every stay discharged in it. Records supervisors only (PermReview);
// audited as one view. Months are the workstation's calendar (time.Local),
// as the census counts days.
//
// It reads every deficiency record and every encounter, keeping only
// those of the period: the sealed queue holds the open deficiencies only,
// closed ones live as revisions, and no index of discharges by month
// exists. At district scale (200,000 stays) this is a few seconds, run in
// the background by the desk; an index of closures and discharges by month
// would be the next step.
func (svc Deficiencies) Figures(from, to model.Month) (model.Figures, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return model.Figures{}, err
	}
	if to.Before(from) {
		return model.Figures{}, model.Errorf(model.Invalid, "the period ends (%s) before it starts (%s)", to, from)
	}
	loc := time.Local
	start, end := from.Start(loc), to.End(loc)
	in := model.FiguresInput{From: from, To: to, Loc: loc, Now: sess.now()}
	err := sess.view(func(tx *bolt.Tx) error {
		rules, err := sess.chartRulesTx(tx)
		in.DelinquentDays = rules.DelinquentDays
		return err
	})
	if err != nil {
		return model.Figures{}, wrap("read the completeness rules", err)
	}
	err = listRecords(sess, model.KindDeficiency, false, func(d model.Deficiency, _ model.Revision) bool {
		alive := d.Since.Before(end) && (d.Status == model.DefOpen || !d.ClosedAt.Before(start))
		if alive {
			in.Deficiencies = append(in.Deficiencies, d)
		}
		return true
	})
	if err != nil {
		return model.Figures{}, wrap("read the deficiencies", err)
	}
	err = listRecords(sess, model.KindEncounter, false, func(e model.Encounter, _ model.Revision) bool {
		if e.Type == model.EncInpatient && !e.End.IsZero() && !e.End.Before(start) && e.End.Before(end) {
			in.Discharges = append(in.Discharges, model.Discharge{At: e.End, ClinicianID: e.ClinicianID, Clinician: e.Clinician})
		}
		return true
	})
	if err != nil {
		return model.Figures{}, wrap("read the discharges", err)
	}
	f := model.ComputeFigures(in)
	return f, sess.logAction(model.ActView, model.KindDeficiency, model.ZeroID, fmt.Sprintf("deficiency figures %s to %s", from, to))
}
