// Package export writes the window's lists as CSV files for a spreadsheet
// (the census, charts out, specimens, the release log, the audit trail and
// the coding list), for the window and the command line alike. Each list
// is read through the session (its own permission checked in storage), the
// export is audited (Outputs().RecordExport: PermExport) and only then
// written, as a private file.
package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"dossier/app/flow/completion"
	"dossier/app/flow/privatefile"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

// List is one list that can be exported.
type List struct {
	// Name is what the command line calls it ("census").
	Name string
	// Title is what the window calls it ("Census").
	Title string
	// Perm is what reading the list needs, besides PermExport.
	Perm  model.Permission
	build func(sess *storage.Session, now time.Time) (reports.Table, error)
}

// Lists are the lists on offer, in the window's menu order.
var Lists = []List{
	{"census", "Census (patients admitted now)", model.PermReadRecord, census},
	{"charts-out", "Charts out", model.PermReadRecord, chartsOut},
	{"specimens", "Specimens", model.PermReadRecord, specimens},
	{"release-log", "Release log", model.PermReleaseInfo, releaseLog},
	{"audit", "Audit trail", model.PermReadAudit, auditTrail},
	{"coding", "Coding list (encounters to code)", model.PermReview, codingList},
	{"deficiency-figures", "Deficiency figures (last six months)", model.PermReview, lastSixMonthsFigures},
}

// Figures is the chart-completion figures of the months from..to as a list
// to save: the deficiency desk's Figures view exports its period.
func Figures(from, to model.Month) List {
	return List{Name: "deficiency-figures", Title: fmt.Sprintf("Deficiency figures %s to %s", from, to), Perm: model.PermReview,
		build: func(sess *storage.Session, _ time.Time) (reports.Table, error) { return figures(sess, from, to) }}
}

func lastSixMonthsFigures(sess *storage.Session, now time.Time) (reports.Table, error) {
	to := model.MonthOf(now.Local())
	return figures(sess, model.MonthOf(to.Start(time.Local).AddDate(0, -5, 0)), to)
}

func figures(sess *storage.Session, from, to model.Month) (reports.Table, error) {
	f, err := sess.Deficiencies().Figures(from, to)
	if err != nil {
		return reports.Table{}, err
	}
	return completion.FiguresTable(f), nil
}

// ByName finds a list by its command-line name.
func ByName(name string) (List, bool) {
	for _, l := range Lists {
		if l.Name == name {
			return l, true
		}
	}
	return List{}, false
}

// Names are the command-line names, for usage messages.
func Names() string {
	var s []string
	for _, l := range Lists {
		s = append(s, l.Name)
	}
	return strings.Join(s, "|")
}

// Allowed reports whether the session may export the list (to show the
// menu item; storage checks again).
func (l List) Allowed(sess *storage.Session) bool {
	return sess.Can(model.PermExport) && sess.Can(l.Perm)
}

// Save reads the list, audits the export and writes it to path as CSV.
// It returns how many rows were written. A refused export leaves no file.
func (l List) Save(sess *storage.Session, path string) (int, error) {
	if !sess.Can(model.PermExport) { // refuse before reading the list, which is audited as a view
		return 0, sess.Outputs().RecordExport("", model.ZeroID, l.Title)
	}
	t, err := l.build(sess, time.Now())
	if err != nil {
		return 0, err
	}
	err = privatefile.Write(path, func(w io.Writer) error {
		if err := sess.Outputs().RecordExport("", model.ZeroID, fmt.Sprintf("%s as CSV: %d rows, to %s", strings.ToLower(l.Title), len(t.Rows), path)); err != nil {
			return err
		}
		return reports.WriteCSV(w, t)
	})
	return len(t.Rows), err
}

// Cells in every list: dates as YYYY-MM-DD and times as YYYY-MM-DD HH:MM,
// which every spreadsheet sorts right whatever the clinic's date order.

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02")
}

func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

func date(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func born(p storage.PatientSummary) string {
	if p.BirthDate.IsZero() {
		return ""
	}
	if p.Estimated {
		return "~" + strconv.Itoa(p.BirthDate.Year)
	}
	return p.BirthDate.String()
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func census(sess *storage.Session, now time.Time) (reports.Table, error) {
	rows, err := sess.Admissions().Census(now)
	t := reports.Table{Header: []string{"Ward", "Bed", "MRN", "Name", "Sex", "Born", "Admitted", "Days", "Clinician", "Reason"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Ward, r.Bed, r.Patient.MRN, r.Patient.Name, r.Patient.Sex.Label(), born(r.Patient),
			clock(r.Encounter.Start), strconv.Itoa(r.Days), r.Encounter.Clinician, r.Encounter.Reason})
	}
	return t, err
}

func chartsOut(sess *storage.Session, now time.Time) (reports.Table, error) {
	rows, err := sess.ChartFiles().Out()
	t := reports.Table{Header: []string{"MRN", "Name", "Status", "With", "Since", "Due", "Overdue", "Shelf", "Note"}}
	today := model.DateOf(now)
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Patient.MRN, r.Patient.Name, string(r.Status), r.Holder, day(r.Since), date(r.Due),
			yes(r.Overdue(today)), r.Shelf, r.Note})
	}
	return t, err
}

func specimens(sess *storage.Session, _ time.Time) (reports.Table, error) {
	rows, err := sess.Specimens().List(false)
	t := reports.Table{Header: []string{"Code", "MRN", "Name", "Specimen", "Tests", "Collected", "Laboratory", "Status", "Result", "Result received"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Code, r.Patient.MRN, r.Patient.Name, r.Type, r.Tests, clock(r.Collected), r.Lab,
			string(r.Status), r.Result, clock(r.ResultAt)})
	}
	return t, err
}

func releaseLog(sess *storage.Session, _ time.Time) (reports.Table, error) {
	rows, err := sess.Release().Requests(false)
	t := reports.Table{Header: []string{"Request", "MRN", "Name", "Who asks", "Requester", "Purpose", "Received", "Due", "Status", "Refused because"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Number, r.Patient.MRN, r.Patient.Name, r.Requester.Label(), r.Name, r.Purpose,
			day(r.Received), date(r.Due), r.Status.Label(), r.Refusal})
	}
	return t, err
}

func auditTrail(sess *storage.Session, _ time.Time) (reports.Table, error) {
	es, err := sess.Admin().Audit(model.AuditFilter{}, 0)
	t := reports.Table{Header: []string{"Number", "Time", "User", "Action", "Record kind", "Record", "Detail", "Flagged"}}
	for _, e := range es {
		rec := ""
		if !e.Record.IsZero() {
			rec = e.Record.String()
		}
		t.Rows = append(t.Rows, []string{strconv.FormatUint(e.Seq, 10), e.Time.Local().Format("2006-01-02 15:04:05"), e.User,
			string(e.Action), string(e.Kind), rec, e.Detail, yes(e.Flagged)})
	}
	return t, err
}

func codingList(sess *storage.Session, _ time.Time) (reports.Table, error) {
	rows, err := sess.Coding().Queue(0)
	t := reports.Table{Header: []string{"MRN", "Name", "Encounter", "Started", "Ward", "Diagnoses as written", "Coding"}}
	for _, r := range rows {
		e := r.Encounter
		t.Rows = append(t.Rows, []string{r.Patient.MRN, r.Patient.Name, string(e.Type), clock(e.Start), e.Ward,
			strings.Join(e.Diagnoses, "; "), string(e.CodingStatus)})
	}
	return t, err
}
