package storage

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/stats"

	bolt "go.etcd.io/bbolt"
)

// The statistics: the clinic's wards, beds and notifiable diseases (set by
// administrators), and the figures of a period worked out from the date
// index (statsindex.go) by the formulas of model/stats. Every role that
// reads records reads the figures; listing the patients behind a figure is
// audited.

// statSettingsID is the fixed ID of the single statistics settings record.
var statSettingsID = model.ID{0: 0xC5}

// StatQuery is what a period's figures are asked with.
type StatQuery struct {
	Period       stats.Period
	Ward         string      // one ward's figures only ("": all and the facility)
	TopN         int         // morbidity: how many groups (0: 10)
	TopBy        stats.Level // morbidity grouping ("": category)
	AllDiagnoses bool        // morbidity from every coded diagnosis, not only the principal
	// NewEver overrides the clinic's choice of "new" outpatient (nil: the
	// clinic's setting).
	NewEver *bool
	// BlockOf names the ICD-10 block of a code (from the code set); nil:
	// blocks fall back to categories.
	BlockOf func(code string) string
}

// StatMember is one encounter a figure counts, for the drill-down list.
type StatMember struct {
	Encounter  model.ID
	Patient    PatientSummary // masked for a restricted patient the role may not open
	Type       model.EncounterType
	Start, End time.Time
	Ward       string
	Reason     string // why it counts: "admitted 2026-11-03 to MED"
}

// UnknownWard is a ward name typed on stays that names no ward of the list.
type UnknownWard struct {
	Name  string // as first met
	Stays int
}

// statSettingsTx reads the settings: the record, or the defaults (no
// wards, the default notifiable diseases) while none is saved.
func (sess *Session) statSettingsTx(tx *bolt.Tx) (model.StatSettings, error) {
	s, _, err := getRecord[model.StatSettings](sess, tx, model.KindStatSettings, statSettingsID)
	if errors.Is(err, ErrNotFound) {
		return model.StatSettings{Notifiable: slices.Clone(model.DefaultNotifiable)}, nil
	}
	return s, wrap("read the statistics settings", err)
}

// Settings returns the wards, age groups and notifiable diseases.
func (svc Statistics) Settings() (model.StatSettings, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return model.StatSettings{}, err
	}
	var s model.StatSettings
	err := sess.view(func(tx *bolt.Tx) (err error) { s, err = sess.statSettingsTx(tx); return })
	return s, err
}

// SaveSettings replaces the statistics settings (administrators), as a new
// revision with the reason given. A bed change keeps its date, so the
// months before it keep their figures.
func (svc Statistics) SaveSettings(s model.StatSettings, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermSettings); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return model.Errorf(model.Invalid, "%s", err.Error())
	}
	if strings.TrimSpace(reason) == "" {
		return model.Errorf(model.Invalid, "say why the wards or statistics settings change")
	}
	if s.WardNames != nil {
		folded := make(map[string]string, len(s.WardNames))
		for k, v := range s.WardNames {
			folded[model.FoldWard(k)] = v
		}
		s.WardNames = folded
	}
	return wrap("save the statistics settings", sess.update(func(tx *bolt.Tx) error {
		op := model.ActEdit
		if heads, _, _ := kindBuckets(tx, model.KindStatSettings, false); heads == nil || heads.Get(statSettingsID[:]) == nil {
			op = model.ActCreate
		}
		old, err := sess.statSettingsTx(tx)
		if err != nil {
			return err
		}
		if err := sess.write(tx, writeOp{kind: model.KindStatSettings, id: statSettingsID, body: s, op: op, reason: reason}); err != nil {
			return err
		}
		if !slices.Equal(stats.NotifiableCodes(old.Notifiable), stats.NotifiableCodes(s.Notifiable)) {
			return sess.refileNotifiable(tx, s.Notifiable) // the cases are filed by the list's codes
		}
		return nil
	}))
}

// setup is the engine's setup for a query under the clinic's settings.
func (q StatQuery) setup(s model.StatSettings) stats.Setup {
	st := stats.Setup{Wards: s.Wards, NewEver: s.NewEver, TopN: q.TopN, TopBy: q.TopBy, AllDiagnoses: q.AllDiagnoses,
		BlockOf: q.BlockOf, Notifiable: s.Notifiable, Ward: q.Ward}
	st.WardOf = func(typed string) string {
		if w, ok := s.WardFor(typed); ok {
			return w.ID
		}
		return strings.Join(strings.Fields(typed), " ")
	}
	for _, a := range s.AgeGroups {
		st.AgeGroups = append(st.AgeGroups, stats.AgeGroup{Label: a.Label, Min: a.Min, Max: a.Max})
	}
	if q.NewEver != nil {
		st.NewEver = *q.NewEver
	}
	return st
}

// toDate ends a period that runs past today at today (the store's clock,
// in the period's time zone): days not yet lived have no census and no
// beds to count.
func (sess *Session) toDate(p stats.Period) stats.Period {
	now := sess.now().In(p.From.Location())
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, p.From.Location())
	if p.To.After(today) && !p.From.After(today) {
		p.To = today
	}
	return p
}

// statSetup checks the reader and the period and gives the engine's setup.
func (sess *Session) statSetup(q StatQuery) (stats.Setup, error) {
	if err := sess.require(model.PermReadRecord); err != nil {
		return stats.Setup{}, err
	}
	if q.Period.From.IsZero() || q.Period.To.Before(q.Period.From) {
		return stats.Setup{}, model.Errorf(model.Invalid, "choose a period: its first day, then its last")
	}
	var set model.StatSettings
	if err := sess.view(func(tx *bolt.Tx) (err error) { set, err = sess.statSettingsTx(tx); return }); err != nil {
		return stats.Setup{}, err
	}
	return q.setup(set), nil
}

func (sess *Session) statInputs(q StatQuery) ([]stats.Encounter, stats.Setup, error) {
	setup, err := sess.statSetup(q)
	if err != nil {
		return nil, setup, err
	}
	encs, err := sess.statEncounters(q.Period)
	return encs, setup, err
}

// Compute works out every figure of the period (stats.Figures, named by
// the stats.Fig… constants); a period running past today is counted to
// today. Aggregate figures name no patient: not
// audited.
func (svc Statistics) Compute(q StatQuery) (stats.Figures, error) {
	sess := svc.sess
	q.Period = sess.toDate(q.Period)
	setup, err := sess.statSetup(q)
	if err != nil {
		return nil, err
	}
	return sess.statTally(q.Period, setup)
}

// ComputeEach works out the figures of each of several periods from one
// read of the index (a chart's months, a month's days), with q's options
// (q.Period is not used); periods running past today are counted to today.
func (svc Statistics) ComputeEach(q StatQuery, parts []stats.Period) ([]stats.Figures, error) {
	sess := svc.sess
	if len(parts) == 0 {
		return nil, nil
	}
	parts = slices.Clone(parts)
	for i := range parts {
		parts[i] = sess.toDate(parts[i])
	}
	q.Period = parts[0]
	setup, err := sess.statSetup(q)
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		if p.From.IsZero() || p.To.Before(p.From) {
			return nil, model.Errorf(model.Invalid, "choose a period: its first day, then its last")
		}
	}
	return sess.statTallies(parts, setup)
}

// Members lists the encounters a figure counts (for a rate, those of its
// numerator), with their patients; audited as a view of the statistics'
// patients.
func (svc Statistics) Members(q StatQuery, k stats.Key) ([]StatMember, error) {
	sess := svc.sess
	q.Period = sess.toDate(q.Period)
	encs, setup, err := sess.statInputs(q)
	if err != nil {
		return nil, err
	}
	ms := stats.Members(encs, q.Period, setup, k)
	byID := make(map[model.ID]stats.Encounter, len(ms))
	for _, e := range encs {
		byID[e.ID] = e
	}
	out := make([]StatMember, 0, len(ms))
	err = sess.view(func(tx *bolt.Tx) error {
		for _, m := range ms {
			e := byID[m.Encounter]
			row := StatMember{Encounter: m.Encounter, Type: e.Type, Start: e.Start, End: e.End, Ward: e.Ward, Reason: m.Reason}
			p, pm, err := getRecord[model.Patient](sess, tx, model.KindPatient, m.Patient)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			s := summaryOf(p)
			s.ID, s.Deleted = m.Patient, pm.Deleted
			row.Patient = sess.masked(s)
			out = append(out, row)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("list the patients of a figure", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	detail := fmt.Sprintf("statistics: patients of %s, %s (%d)", k, q.Period, len(out))
	if err := sess.logAction(model.ActView, model.KindEncounter, model.ZeroID, detail); err != nil {
		return nil, err
	}
	return out, nil
}

// Weekly counts the notifiable diseases' cases in each of the weeks (ISO
// weeks, oldest first), with the alerts of those that reached their
// threshold. Counts name no patient: not audited.
func (svc Statistics) Weekly(weeks []stats.Period) ([][]stats.WeekCount, error) {
	sess := svc.sess
	if len(weeks) == 0 {
		return nil, nil
	}
	span := stats.Period{From: weeks[0].From, To: weeks[len(weeks)-1].To}
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	encs, err := sess.statCases(span)
	if err != nil {
		return nil, err
	}
	var set model.StatSettings
	if err := sess.view(func(tx *bolt.Tx) (err error) { set, err = sess.statSettingsTx(tx); return }); err != nil {
		return nil, err
	}
	return stats.Weekly(encs, set.Notifiable, weeks), nil
}

// UnknownWards lists the ward names typed on stays that name no ward of
// the list and are not mapped yet, most stays first: the administrator
// maps each once.
func (svc Statistics) UnknownWards() ([]UnknownWard, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	var set model.StatSettings
	if err := sess.view(func(tx *bolt.Tx) (err error) { set, err = sess.statSettingsTx(tx); return }); err != nil {
		return nil, err
	}
	count := map[string]*UnknownWard{}
	var order []string
	note := func(name string) {
		f := model.FoldWard(name)
		if f == "" {
			return
		}
		if _, ok := set.WardFor(name); ok {
			return
		}
		if count[f] == nil {
			count[f] = &UnknownWard{Name: strings.Join(strings.Fields(name), " ")}
			order = append(order, f)
		}
		count[f].Stays++
	}
	err := listRecords(sess, model.KindEncounter, false, func(e model.Encounter, _ model.Revision) bool {
		if e.Type == model.EncInpatient {
			note(e.Ward)
			for _, t := range e.Transfers {
				note(t.ToWard)
			}
		}
		return true
	})
	if err != nil {
		return nil, wrap("list the ward names on stays", err)
	}
	out := make([]UnknownWard, 0, len(order))
	for _, f := range order {
		out = append(out, *count[f])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Stays > out[j].Stays })
	return out, nil
}

// wardChoice checks a ward named on an admission or transfer against the
// list, once the clinic has one, and returns the ward's name as listed.
// With no list yet any name is taken (older clinics, tests).
func (sess *Session) wardChoice(tx *bolt.Tx, typed string) (string, error) {
	set, err := sess.statSettingsTx(tx)
	if err != nil || len(set.Wards) == 0 {
		return typed, err
	}
	if w, ok := set.WardFor(typed); ok && !w.Retired {
		return w.Name, nil
	}
	var names []string
	for _, w := range set.ActiveWards() {
		names = append(names, w.Name)
	}
	return "", model.FieldError(clinical.FieldWard, fmt.Sprintf("%q is not a ward of this facility: choose one of %s", typed, strings.Join(names, ", ")))
}
