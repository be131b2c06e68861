package storage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// DeficiencyFilter chooses deficiencies from the queue. The zero filter is
// every open one the signed-in user may see.
type DeficiencyFilter struct {
	Role   model.Role // "" every role; else only those this role must complete
	UserID model.ID   // zero: everyone; else those of this person (a clinician)
	// UserName matches records made before clinicians were users (no
	// UserID) by the name typed on them; used with UserID.
	UserName string
	// Statuses to list; none means open only. Only queued statuses (open,
	// done) are in the queue: checked and waived ones are history.
	Statuses   []model.DeficiencyStatus
	Delinquent bool     // only those past the delinquency level
	Patient    model.ID // zero: every patient
	Encounter  model.ID // zero: every encounter
}

// DeficiencyRow is one deficiency as the desk and worklists show it.
type DeficiencyRow struct {
	model.Deficiency
	Patient PatientSummary
	Age     int            // days since discharge (since the visit or note)
	Level   model.AgeLevel // current, warning or delinquent
}

// Open lists deficiencies from the sealed queue, oldest first. Records
// supervisors (PermReview) see everyone's; other roles see only those
// their role completes, and clinicians only their own. Restricted
// patients are left out for roles that may not open them. Audited as one
// view.
func (svc Deficiencies) Open(f DeficiencyFilter) ([]DeficiencyRow, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	me := sess.user
	if !sess.Can(model.PermReview) {
		f.Role = me.Role
		if me.Role == model.RoleClinician {
			f.UserID, f.UserName = me.ID, me.FullName
		}
	}
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []model.DeficiencyStatus{model.DefOpen}
	}
	var rules model.ChartRules
	if err := sess.view(func(tx *bolt.Tx) (err error) { rules, err = sess.chartRulesTx(tx); return }); err != nil {
		return nil, err
	}
	now := sess.now()
	// The queue comes in the desk's order (sorted once per change of it):
	// choosing keeps the order, and rows (large structs) are built once,
	// each patient named once however many deficiencies they have.
	q, err := sess.queue()
	if err != nil {
		return nil, wrap("read the deficiency queue", err)
	}
	ix, err := sess.index()
	if err != nil {
		return nil, err
	}
	type pick struct {
		d   *model.Deficiency
		who *PatientSummary // nil: not shown (hidden, or restricted for this role)
	}
	names := map[model.ID]*PatientSummary{}
	restrictedOK := sess.user.Role.MayOpenRestricted()
	var picks []pick
	for _, e := range q {
		d := e.d
		if !matches(d, f, statuses) || (f.Delinquent && rules.LevelAt(d.Status, d.AgeDays(now)) != model.AgeDelinquent) {
			continue
		}
		who, ok := names[d.PatientID]
		if !ok {
			if p, found := ix.Get(d.PatientID); found && !p.Hidden() && (!p.Restricted || restrictedOK) {
				s := sess.resultOf(p, 0, nil).PatientSummary
				who = &s
			}
			names[d.PatientID] = who
		}
		if who != nil {
			picks = append(picks, pick{d, who})
		}
	}
	kept := make([]DeficiencyRow, len(picks))
	for i, pk := range picks {
		age := pk.d.AgeDays(now)
		kept[i] = DeficiencyRow{Deficiency: *pk.d, Patient: *pk.who, Age: age, Level: rules.LevelAt(pk.d.Status, age)}
	}
	return kept, sess.logAction(model.ActView, model.KindDeficiency, model.ZeroID, fmt.Sprintf("deficiency queue (%d)", len(kept)))
}

func matches(d *model.Deficiency, f DeficiencyFilter, statuses []model.DeficiencyStatus) bool {
	if f.Role != "" && d.Role != f.Role {
		return false
	}
	if !slices.Contains(statuses, d.Status) {
		return false
	}
	if !f.UserID.IsZero() || f.UserName != "" {
		mine := (!f.UserID.IsZero() && d.UserID == f.UserID) ||
			(d.UserID.IsZero() && f.UserName != "" && strings.EqualFold(d.UserName, f.UserName))
		if !mine {
			return false
		}
	}
	if !f.Patient.IsZero() && d.PatientID != f.Patient {
		return false
	}
	return f.Encounter.IsZero() || d.EncounterID == f.Encounter
}

// ResponsibleCount is one person's (or role's) outstanding deficiencies:
// how many, on how many records, the oldest age and how many delinquent.
type ResponsibleCount struct {
	Role       model.Role
	UserID     model.ID
	Name       string // the clinician's name, or the role's label
	Open       int
	Records    int // encounters (or patients, for document rules) with one open
	Delinquent int // records past the delinquency level
	Warning    int // records past the warning level, not yet delinquent
	OldestAge  int
}

// ByResponsible groups rows by who must act: each clinician by user (or by
// the name on old records), and coders and clerks by role. Largest first.
func ByResponsible(rows []DeficiencyRow) []ResponsibleCount {
	type key struct {
		role model.Role
		id   model.ID
		name string
	}
	acc := map[key]*ResponsibleCount{}
	recs := map[key]map[model.ID]model.AgeLevel{}
	var order []key
	for _, r := range rows {
		k := key{role: r.Role}
		name := r.Role.Label()
		if r.Role == model.RoleClinician {
			k.id, k.name, name = r.UserID, strings.ToLower(r.UserName), r.UserName
			if name == "" {
				name = "(no attending named)"
			}
		}
		c := acc[k]
		if c == nil {
			c = &ResponsibleCount{Role: r.Role, UserID: r.UserID, Name: name}
			acc[k], recs[k] = c, map[model.ID]model.AgeLevel{}
			order = append(order, k)
		}
		c.Open++
		c.OldestAge = max(c.OldestAge, r.Age)
		rec := r.EncounterID
		if rec.IsZero() {
			rec = r.PatientID
		}
		recs[k][rec] = max(recs[k][rec], r.Level)
	}
	out := make([]ResponsibleCount, 0, len(order))
	for _, k := range order {
		c := acc[k]
		c.Records = len(recs[k])
		for _, l := range recs[k] {
			switch l {
			case model.AgeDelinquent:
				c.Delinquent++
			case model.AgeWarning:
				c.Warning++
			}
		}
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b ResponsibleCount) int {
		return cmp.Or(cmp.Compare(b.Open, a.Open), strings.Compare(a.Name, b.Name))
	})
	return out
}

// Get reads one deficiency and its revision meta.
func (svc Deficiencies) Get(id model.ID) (model.Deficiency, model.Revision, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return model.Deficiency{}, model.Revision{}, err
	}
	if err := sess.checkRestricted(model.KindDeficiency, id); err != nil {
		return model.Deficiency{}, model.Revision{}, err
	}
	d, m, err := getRecord[model.Deficiency](sess, nil, model.KindDeficiency, id)
	return d, m, wrap("read the deficiency", err)
}

// Waive closes a deficiency a supervisor decides is not needed, with the
// reason (kept in the record and its revision).
func (svc Deficiencies) Waive(id model.ID, reason string) (model.Deficiency, error) {
	return svc.transition(id, model.DefWaived, model.PermReview, reason)
}

// Check marks a completed deficiency checked by a supervisor.
func (svc Deficiencies) Check(id model.ID) (model.Deficiency, error) {
	return svc.transition(id, model.DefChecked, model.PermReview, "")
}

// MarkDone marks a deficiency raised by hand done (the page re-signed,
// dated, replaced): by the role it is for, or a supervisor. Rule
// deficiencies close by themselves when what they wait for arrives.
func (svc Deficiencies) MarkDone(id model.ID, note string) (model.Deficiency, error) {
	return svc.transition(id, model.DefDone, model.PermReadRecord, note)
}

func (svc Deficiencies) transition(id model.ID, to model.DeficiencyStatus, perm model.Permission, reason string) (model.Deficiency, error) {
	sess := svc.sess
	var d model.Deficiency
	if err := sess.require(perm); err != nil {
		return d, err
	}
	if err := sess.checkRestricted(model.KindDeficiency, id); err != nil {
		return d, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		cur, m, err := getRecord[model.Deficiency](sess, tx, model.KindDeficiency, id)
		if err != nil {
			return err
		}
		if m.Deleted {
			return ErrDeleted
		}
		role := sess.user.Role
		if sess.Can(model.PermReview) {
			role = model.RoleSupervisor
		}
		if err := cur.Transition(to, sess.user.Username, role, reason, sess.now()); err != nil {
			return err
		}
		what := strings.ToLower(to.Label())
		if reason = strings.TrimSpace(reason); reason != "" {
			what += ": " + reason
		}
		d = cur
		return sess.putDeficiency(tx, cur, model.ActEdit, what)
	})
	return d, wrap("change the deficiency", err)
}

// Raise records a deficiency a clerk saw on a page: a missing signature or
// date, an illegible page, a page of another patient. d names the page
// (Target) and the problem; the patient, document's encounter and the
// person to act are filled in from the page. Clerks and supervisors.
func (svc Deficiencies) Raise(d *model.Deficiency) error {
	sess := svc.sess
	if !sess.Can(model.PermReview) {
		if err := sess.require(model.PermDigitize); err != nil {
			return err
		}
	}
	if err := sess.checkRestricted(model.KindPage, d.Target); err != nil {
		return err
	}
	return wrap("raise the deficiency", sess.update(func(tx *bolt.Tx) error {
		pg, _, err := getRecord[model.Page](sess, tx, model.KindPage, d.Target)
		if err != nil {
			return fmt.Errorf("the page: %w", err)
		}
		if !pg.Filed() {
			return model.Errorf(model.Invalid, "this page is not filed to a chart yet")
		}
		doc, _, err := getRecord[model.Document](sess, tx, model.KindDocument, pg.DocumentID)
		if err != nil {
			return fmt.Errorf("the page's document: %w", err)
		}
		d.PatientID, d.EncounterID, d.Rule = pg.PatientID, doc.EncounterID, model.RuleManual
		if err := d.ValidateManual(); err != nil {
			return model.Errorf(model.Invalid, "%s", err.Error())
		}
		now := sess.now()
		d.ID, d.Status, d.Since, d.Due, d.RaisedBy = model.NewID(), model.DefOpen, now, now.AddDate(0, 0, manualDays), sess.user.Username
		d.Role = model.RoleClerk
		if !doc.EncounterID.IsZero() {
			e, _, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, doc.EncounterID)
			if err != nil {
				return fmt.Errorf("the encounter: %w", err)
			}
			d.Ward = e.Ward
			if e.Type == model.EncInpatient {
				d.Discharge = e.End
			}
			if d.Problem != model.ProblemOtherPatient {
				d.Role, d.UserID, d.UserName = model.RoleClinician, e.ClinicianID, e.Clinician
			}
		}
		if strings.TrimSpace(d.Missing) == "" {
			d.Missing = fmt.Sprintf("%s: %s of %s", strings.ToLower(d.Problem.Label()), strings.ToLower(doc.Type.Label()), doc.Date)
		}
		return sess.putDeficiency(tx, *d, model.ActCreate, "raised by hand: "+d.Missing)
	}))
}

// manualDays is how long a hand-raised deficiency has before it is due.
const manualDays = 7

// RecordsDue counts the distinct records with an open deficiency and how
// old the oldest is: the figures the delinquency letters quote.
func RecordsDue(rows []DeficiencyRow) (records int, oldest int) {
	seen := map[model.ID]bool{}
	for _, r := range rows {
		rec := r.EncounterID
		if rec.IsZero() {
			rec = r.PatientID
		}
		if !seen[rec] {
			seen[rec] = true
			records++
		}
		oldest = max(oldest, r.Age)
	}
	return records, oldest
}
