// Package statistics is the facility's statistics as both front ends (the
// Statistics section and `dossier stats`) and the ministry's return use
// them: the figures of a period, the patients behind one figure, the
// notifiable-disease alerts of the front page, and the figures laid out as
// a table. The formulas are in model/stats; the date index and the
// permission checks in storage.
package statistics

import (
	"sort"
	"time"

	"dossier/assets/codes"
	"dossier/model"
	"dossier/model/stats"
	"dossier/storage"
)

// Options are the choices a period's figures are computed with.
type Options struct {
	Ward         string      // one ward's figures ("": every ward and the facility)
	TopN         int         // morbidity: the N commonest (0: 10)
	TopBy        stats.Level // morbidity by category (default), block or chapter
	AllDiagnoses bool        // morbidity from every coded diagnosis, not only the principal
	// NewEver overrides the clinic's "new" outpatient: true counts the
	// first attendance ever, false the first in the calendar year; nil
	// keeps the clinic's setting.
	NewEver *bool
	// AgeGroups are set by the clinic (Statistics settings); here only to
	// say so: the engine reads them from the settings.
}

// Member is one patient or stay a figure counts.
type Member struct {
	PatientID   model.ID
	MRN         string
	Name        string // "(restricted record)" for a role that may not open it
	EncounterID model.ID
	Type        model.EncounterType
	Start, End  time.Time // admission or visit; discharge (zero: still admitted or a visit)
	Ward        string
	Reason      string // why it counts
}

func query(p stats.Period, opt Options) storage.StatQuery {
	q := storage.StatQuery{Period: p, Ward: opt.Ward, TopN: opt.TopN, TopBy: opt.TopBy,
		AllDiagnoses: opt.AllDiagnoses, NewEver: opt.NewEver}
	if opt.TopBy == stats.ByBlock {
		q.BlockOf = blockOf
	}
	return q
}

// blockOf names the ICD-10 block of a compact code from the shipped
// ICD-10-CM code set (its blocks are the WHO's); "" when not found.
func blockOf(code string) string {
	set, err := codes.CM()
	if err != nil {
		return ""
	}
	c, ok := set.Lookup(stats.Category(code))
	if !ok {
		return ""
	}
	return c.Block.Code
}

// Compute works out the figures of a period.
func Compute(sess *storage.Session, p stats.Period, opt Options) (stats.Figures, error) {
	return sess.Statistics().Compute(query(p, opt))
}

// Members lists the patients or stays a figure counts (for a rate, those
// of its numerator). Audited. A morbidity key is read by the grouping its
// Extra shows (a chapter numeral, a block "A00-A09", else a category).
func Members(sess *storage.Session, p stats.Period, k stats.Key) ([]Member, error) {
	opt := Options{Ward: k.Ward, TopN: 1 << 20}
	if k.Figure == stats.FigDiagnoses {
		opt.TopBy = levelOf(k.Extra)
	}
	rows, err := sess.Statistics().Members(query(p, opt), k)
	if err != nil {
		return nil, err
	}
	out := make([]Member, 0, len(rows))
	for _, r := range rows {
		out = append(out, Member{PatientID: r.Patient.ID, MRN: r.Patient.MRN, Name: r.Patient.Name,
			EncounterID: r.Encounter, Type: r.Type, Start: r.Start, End: r.End, Ward: r.Ward, Reason: r.Reason})
	}
	return out, nil
}

func levelOf(extra string) stats.Level {
	switch {
	case len(extra) == 7 && extra[3] == '-':
		return stats.ByBlock
	case isRoman(extra): // a category has digits: "I10" is not chapter I
		return stats.ByChapter
	}
	return stats.ByCategory
}

func isRoman(s string) bool {
	for _, r := range s {
		if r != 'I' && r != 'V' && r != 'X' {
			return false
		}
	}
	return s != ""
}

// Alert is one notifiable disease's weekly counts for the front page:
// this week and the weeks before, oldest first.
type Alert struct {
	Disease   model.Notifiable
	Weeks     []stats.WeekCount
	Triggered bool // this week or last reached the threshold
}

// Alerts counts the notifiable diseases over the `weeks` ISO weeks up to
// the one holding today, diseases with an alert first.
func Alerts(sess *storage.Session, today time.Time, weeks int) ([]Alert, error) {
	if weeks < 1 {
		weeks = 4
	}
	var ws []stats.Period
	cur := stats.Week(today)
	for i := weeks - 1; i >= 0; i-- {
		ws = append(ws, stats.Week(cur.From.AddDate(0, 0, -7*i)))
	}
	counts, err := sess.Statistics().Weekly(ws)
	if err != nil {
		return nil, err
	}
	out := make([]Alert, 0, len(counts))
	for _, row := range counts {
		if len(row) == 0 {
			continue
		}
		a := Alert{Disease: row[0].Disease, Weeks: row}
		n := len(row)
		a.Triggered = row[n-1].Alert || n > 1 && row[n-2].Alert
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Triggered && !out[j].Triggered })
	return out, nil
}
