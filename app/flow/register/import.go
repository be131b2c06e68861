// Package register brings an old patient register (a CSV export of a
// paper register or an older program) into the store: the rows read with
// the people CSV reader (column mapping, broken-row reporting), duplicates
// found within the file and against the patients already registered with
// the same matcher as the duplicate review, a preview of what will happen,
// the old chart numbers kept as identifiers that find the patient, and
// one report at the end. Importing the same file again changes nothing:
// a row whose old chart number is already registered is skipped.
package register

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/match"
	"dossier/reports/imports/people"
	"dossier/storage"
)

// Action is what the import does with a row.
type Action int

const (
	Create   Action = iota // a new patient
	Review                 // a new patient, put in duplicate review with a look-alike
	Existing               // the same person is registered: the old chart number is added to them
	Folded                 // the same person as an earlier row of the file: joined to it
	Already                // this old chart number is registered already (imported before)
	Broken                 // cannot be registered (Problem says why)
)

func (a Action) String() string {
	return [...]string{"new patient", "new patient, to review as a possible duplicate", "added to the registered patient",
		"same person as an earlier row", "already imported", "not imported"}[a]
}

// Row is one person of the file and what will become of them.
type Row struct {
	Line    int
	Patient model.Patient
	Chart   string // the old chart number (the file's id column)
	Action  Action
	// Other is the look-alike: the registered patient (Existing, Review
	// against the store) or the row folded into (SameAsLine).
	Other      model.ID
	OtherMRN   string
	SameAsLine int
	Score      float64
	Problem    string
}

// Plan is the preview: every row with its action, and the broken rows.
type Plan struct {
	Rows    []Row
	Broken  []people.RowError
	Columns map[string]string
	pairs   [][2]int // rows alike enough to review (both created)
}

// Counts are a plan's or a report's numbers.
type Counts map[Action]int

// Counts counts the rows by action.
func (p Plan) Counts() Counts {
	c := Counts{}
	for _, r := range p.Rows {
		c[r.Action]++
	}
	c[Broken] += len(p.Broken)
	return c
}

// String is the counts as one line.
func (c Counts) String() string {
	var parts []string
	for a := Create; a <= Broken; a++ {
		if c[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[a], a))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "; ")
}

// Prepare reads the file and plans the import; nothing is written.
// progress gets a share done from 0 to 1.
func Prepare(ctx context.Context, sess *storage.Session, r io.Reader, mapping map[string]string, acceptBroken bool, progress func(float64)) (Plan, error) {
	t, broken, err := people.Read(r, mapping, acceptBroken)
	if err != nil {
		return Plan{Broken: broken}, err
	}
	plan := Plan{Broken: broken, Columns: t.Columns}
	now := time.Now()
	var prepared []match.Prepared
	var idx []int // plan row of each prepared person
	for i, p := range t.People {
		row := Row{Line: t.Lines[i], Patient: patientOf(p), Chart: strings.TrimSpace(p.ID)}
		if row.Chart != "" {
			row.Patient.LegacyCharts = []string{row.Chart}
		}
		if errs := row.Patient.Validate(now); len(errs) > 0 {
			row.Action, row.Problem = Broken, fmt.Sprint(model.InvalidFields(errs))
		} else {
			prepared = append(prepared, match.Prepare(p))
			idx = append(idx, len(plan.Rows))
		}
		plan.Rows = append(plan.Rows, row)
	}
	// Within the file: a match joins the later row to the earlier.
	pairs, _, err := match.DefaultModel.PairsStats(ctx, prepared, func(done, total int) {
		if progress != nil {
			progress(0.5 * float64(done) / float64(max(total, 1)))
		}
	})
	if err != nil {
		return plan, err
	}
	root := make([]int, len(plan.Rows))
	for i := range root {
		root[i] = i
	}
	find := func(i int) int {
		for root[i] != i {
			i = root[i]
		}
		return i
	}
	for _, pr := range pairs {
		a, b := idx[pr.A], idx[pr.B]
		if pr.Decision != match.Match {
			plan.pairs = append(plan.pairs, [2]int{a, b})
			continue
		}
		ra, rb := find(a), find(b)
		if ra == rb {
			continue
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		root[rb] = ra
	}
	for i := range plan.Rows {
		if k := find(i); k != i {
			row := &plan.Rows[i]
			row.Action, row.SameAsLine = Folded, plan.Rows[k].Line
			keep := &plan.Rows[k].Patient
			keep.LegacyCharts = appendNew(keep.LegacyCharts, row.Chart)
			if n := strings.TrimSpace(row.Patient.GivenName + " " + row.Patient.FamilyName); n != strings.TrimSpace(keep.GivenName+" "+keep.FamilyName) {
				keep.OtherNames = appendNew(keep.OtherNames, n)
			}
		}
	}
	// Against the store: the old chart number first (imported before),
	// then the matcher.
	for i := range plan.Rows {
		if progress != nil && i%50 == 0 {
			progress(0.5 + 0.5*float64(i)/float64(len(plan.Rows)))
		}
		if err := ctx.Err(); err != nil {
			return plan, err
		}
		row := &plan.Rows[i]
		if row.Action != Create {
			continue
		}
		if row.Chart != "" {
			ids, err := sess.Patients().FindByOldChart(row.Chart)
			if err == nil && len(ids) > 0 {
				row.Action, row.Other = Already, ids[0]
				continue
			}
		}
		cands, err := sess.Duplicates().Likely(row.Patient)
		if err != nil {
			return plan, err
		}
		if len(cands) > 0 {
			c := cands[0]
			row.Other, row.OtherMRN, row.Score = c.ID, c.MRN, c.Score
			if c.Decision == match.Match {
				row.Action = Existing
			} else {
				row.Action = Review
			}
		}
	}
	return plan, nil
}

func appendNew(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, have := range list {
		if strings.EqualFold(have, v) {
			return list
		}
	}
	return append(list, v)
}

// patientOf makes a patient of a register row: the address's district
// and village become the levels region › district › village.
func patientOf(p match.Person) model.Patient {
	pt := model.Patient{GivenName: strings.TrimSpace(p.Given), FamilyName: strings.TrimSpace(p.Family), OtherNames: p.Other,
		BirthEstimated: p.BirthEstimated, NationalID: strings.TrimSpace(p.NationalID), Sex: model.SexUnknown}
	switch p.Sex {
	case 'F':
		pt.Sex = model.SexFemale
	case 'M':
		pt.Sex = model.SexMale
	}
	if p.BirthYear > 0 {
		m, d := max(p.BirthMonth, 1), max(p.BirthDay, 1)
		pt.BirthDate = model.Date{Year: p.BirthYear, Month: time.Month(m), Day: d}
		if p.BirthMonth == 0 || p.BirthDay == 0 {
			pt.BirthEstimated = true
		}
	}
	if ph := strings.TrimSpace(p.Phone); ph != "" && model.ValidPhone(ph) {
		pt.Phone = ph
	}
	for _, a := range []string{p.Region, p.Locality, strings.TrimSpace(p.Address + " " + p.Postcode)} {
		if a = strings.TrimSpace(a); a != "" {
			pt.Address = append(pt.Address, a)
		}
	}
	return pt
}

// Report is what the import did.
type Report struct {
	Counts    Counts
	Created   int
	Added     int // old chart numbers added to registered patients
	ToReview  int // pairs put in duplicate review
	Cancelled bool
}

// Apply carries out a plan: new patients registered in batches, old chart
// numbers added to the registered patients they match, look-alikes put in
// duplicate review. A cancelled ctx stops between batches (what is done
// stays done; importing the file again skips it).
func Apply(ctx context.Context, sess *storage.Session, plan Plan, progress func(float64)) (Report, error) {
	rep := Report{Counts: plan.Counts()}
	var news []model.Patient
	var at []int
	for i, r := range plan.Rows {
		if r.Action == Create || r.Action == Review {
			news = append(news, r.Patient)
			at = append(at, i)
		}
	}
	total := len(news) + rep.Counts[Existing]
	created := 0
	err := sess.Patients().RegisterMany(news, func(done int) bool {
		created = done
		if progress != nil {
			progress(float64(done) / float64(max(total, 1)))
		}
		return ctx.Err() == nil
	})
	rep.Created = created
	if err != nil {
		return rep, err
	}
	if created < len(news) {
		rep.Cancelled = true
		return rep, nil
	}
	ids := make([]model.ID, len(plan.Rows))
	for j, i := range at {
		ids[i] = news[j].ID
	}
	for i, r := range plan.Rows {
		if ctx.Err() != nil {
			rep.Cancelled = true
			return rep, nil
		}
		switch r.Action {
		case Review:
			if err := sess.Duplicates().ProposePair(ids[i], r.Other, r.Score, "review", "old register import, line "+fmt.Sprint(r.Line)); err != nil {
				return rep, err
			}
			rep.ToReview++
		case Existing:
			p, rev, err := sess.Patients().Get(r.Other)
			if err != nil {
				return rep, err
			}
			before := len(p.LegacyCharts)
			for _, c := range r.Patient.LegacyCharts {
				p.LegacyCharts = appendNew(p.LegacyCharts, c)
			}
			if len(p.LegacyCharts) > before {
				if err := sess.Patients().Update(p, rev.Rev, fmt.Sprintf("old register import: chart number of line %d", r.Line)); err != nil {
					return rep, err
				}
				rep.Added++
			}
		}
	}
	for _, pr := range plan.pairs {
		a, b := ids[pr[0]], ids[pr[1]]
		if a.IsZero() || b.IsZero() {
			continue
		}
		if err := sess.Duplicates().ProposePair(a, b, 0, "review", "old register import: alike within the file"); err != nil {
			return rep, err
		}
		rep.ToReview++
	}
	if progress != nil {
		progress(1)
	}
	return rep, nil
}
