// Package worklist is "My work": for a person, the lists of what waits for
// them by role (documents to key, encounters to code, notes to sign,
// requests due …), with counts, pages and the next item of a list. Both
// the window (app/ui/mywork) and `dossier worklist` read it. The lists
// come from storage's work queues, which storage keeps in step with the
// records and guards with the permissions; this package only chooses
// which lists a role has and how they read.
package worklist

import (
	"fmt"
	"time"

	"dossier/model"
	"dossier/storage"
)

// Section is one list of a person's work.
type Section struct {
	// Key names the list for the front ends (which screen opens its
	// items): a storage.WorkQueue, or a Source's own key.
	Key   string
	Title string
	// Queue and Filter say which storage queue the list reads and how it
	// is narrowed (Queue is empty for a Source's list).
	Queue  storage.WorkQueue
	Filter storage.WorkFilter
	Count  int
	// Source serves the list when it is not a storage queue.
	Source Source
}

// Source is a list of work kept outside storage's queues: the
// deficiencies assigned to a person (deficiencies.go). A Source checks
// nothing itself: the storage calls it makes do.
type Source interface {
	// Sections lists the source's lists for a person (username) of a
	// role, with their counts; none when the role has no such work.
	Sections(sess *storage.Session, who string, role model.Role) ([]Section, error)
	// Page reads one page of a list the source returned, oldest first.
	Page(sess *storage.Session, s Section, offset, limit int) (storage.WorkPage, error)
}

// Sources are the lists added to storage's queues (see Source), in the
// order they follow them: a supervisor's delinquent records, then the
// conflicts between desks.
var Sources = []Source{Deficiencies{}, Conflicts{}}

// roleLists are the queue lists of each role, in the order shown.
func roleLists(role model.Role, who string, today time.Time) []Section {
	q := func(queue storage.WorkQueue, title string) Section {
		return Section{Key: string(queue), Title: title, Queue: queue, Filter: storage.WorkFilter{For: who}}
	}
	switch role {
	case model.RoleClerk:
		overdue := q(storage.QueueChartsOut, "Charts overdue back to the file room")
		overdue.Filter.OverdueOn = today
		return []Section{q(storage.QueueToKey, "Documents filed but not keyed"), q(storage.QueueUnfiled, "Pages in the unfiled tray"),
			q(storage.QueueBatches, "Batches at their stage"), overdue}
	case model.RoleCoder:
		return []Section{q(storage.QueueToCode, "Encounters to code")}
	case model.RoleClinician:
		return []Section{q(storage.QueueToSign, "Notes and discharge summaries to sign")}
	case model.RoleSupervisor:
		return []Section{q(storage.QueueRequests, "Release requests by due date"), q(storage.QueueDuplicates, "Duplicate pairs to review"),
			q(storage.QueueDiffer, "Double-entry differences to settle")}
	}
	return nil
}

// Lists returns the lists of what waits for who (empty: the signed-in
// user; someone else: records supervisors only, storage refuses the rest)
// with their counts. today decides what is overdue.
func Lists(sess *storage.Session, who string, today time.Time, sources ...Source) ([]Section, error) {
	if who == "" {
		who = sess.User().Username
	}
	role, err := sess.Worklist().Role(who)
	if err != nil {
		return nil, err
	}
	out := roleLists(role, who, today)
	for i := range out {
		if out[i].Count, err = sess.Worklist().Count(out[i].Queue, out[i].Filter); err != nil {
			return nil, err
		}
	}
	for _, src := range sources {
		more, err := src.Sections(sess, who, role)
		if err != nil {
			return nil, err
		}
		for i := range more {
			more[i].Source = src
		}
		out = append(out, more...)
	}
	return out, nil
}

// Page reads limit items of a list from offset, with extra narrowing the
// list's own filter (the person and the overdue day stay the list's).
func Page(sess *storage.Session, s Section, extra storage.WorkFilter, offset, limit int) (storage.WorkPage, error) {
	if s.Source != nil {
		return s.Source.Page(sess, s, offset, limit)
	}
	f := Narrow(s.Filter, extra)
	if f == s.Filter && limit > 0 {
		// Not narrowed: the list's count is its total, and the read stops
		// once the page is full.
		p, err := sess.Worklist().Head(s.Queue, f, offset, limit)
		p.Total = s.Count
		return p, err
	}
	return sess.Worklist().List(s.Queue, f, offset, limit)
}

// Narrow puts a screen's search and filters on a list's own filter.
func Narrow(base, extra storage.WorkFilter) storage.WorkFilter {
	f := extra
	f.For, f.OverdueOn = base.For, base.OverdueOn
	return f
}

// Next is the item to open once the item at position pos (id) is done or
// passed over: the one after it, or, when the work took it off the list,
// the one that took its place. ok is false at the end of the list.
func Next(sess *storage.Session, s Section, extra storage.WorkFilter, id model.ID, pos int) (it storage.WorkItem, at int, ok bool, err error) {
	if pos < 0 {
		pos = 0
	}
	page, err := Page(sess, s, extra, pos, 2)
	if err != nil || len(page.Items) == 0 {
		return it, 0, false, err
	}
	if page.Items[0].ID != id {
		return page.Items[0], pos, true, nil // id left the list: its successor moved up
	}
	if len(page.Items) < 2 {
		return it, 0, false, nil
	}
	return page.Items[1], pos + 1, true, nil
}

// Row is how an item reads in a list, the same in the window and on the
// command line.
type Row struct {
	When    string // its date: written, started, due
	Patient string // name · MRN, empty for work with no patient
	What    string // what waits
	Who     string // whom it concerns: clinician, holder, requester
}

// RowOf describes an item of a list.
func RowOf(it storage.WorkItem) Row {
	r := Row{Who: it.Who, What: it.Text}
	if !it.At.IsZero() {
		r.When = it.At.Local().Format("2006-01-02")
	}
	if p := it.PatientSummary; p.MRN != "" {
		r.Patient = p.Name + " · " + p.MRN
	}
	switch it.Queue {
	case storage.QueueToKey:
		r.What = model.DocType(it.Type).Label()
		if it.Text != "" {
			r.What += ": " + it.Text
		}
	case storage.QueueBatches:
		r.What = it.Text + " · " + model.BatchStage(it.Type).Label()
	case storage.QueueChartsOut:
		r.What = "out with " + it.Who
		if it.Type == string(model.ChartMissing) {
			r.What = "missing"
		}
		r.Who = ""
	case storage.QueueToCode:
		if it.Ward != "" {
			r.Who = it.Who + " · " + it.Ward
		}
		if !it.Discharged {
			r.What += " (in hospital)"
		}
	case storage.QueueRequests:
		r.What = it.Text + " · " + model.RequestStatus(it.Type).Label()
	case storage.QueueDuplicates:
		r.What = fmt.Sprintf("likely the same person (score %.0f%%)", 100*it.Score)
		if it.Type == string(model.DupDeferred) {
			r.What += ", deferred"
		}
	case storage.QueueDiffer:
		r.What = model.DocType(it.Type).Label() + ": the two keyings differ"
		r.Who = "first keyed by " + it.Who
	}
	return r
}
