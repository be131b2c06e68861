package storage

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

// Worklist reads the work queues (queues.go): what waits, for whom, with
// filters and paging. Each queue needs the permission of the work it
// holds; a records supervisor (PermReview) may read every queue, and
// another person's list.
type Worklist struct{ sess *Session }

// Worklist is the session's Worklist service.
func (sess *Session) Worklist() Worklist { return Worklist{sess} }

// queuePerm is the permission that lets someone work a queue.
var queuePerm = map[WorkQueue]model.Permission{
	QueueToKey: model.PermDigitize, QueueUnfiled: model.PermDigitize, QueueBatches: model.PermDigitize,
	QueueChartsOut: model.PermDigitize, QueueToCode: model.PermCode, QueueToSign: model.PermSignNote,
	QueueRequests: model.PermReleaseInfo, QueueDuplicates: model.PermMerge, QueueDiffer: model.PermReview,
}

// queueKind is the kind of record waiting in a queue (what a view of the
// queue is audited as).
var queueKind = map[WorkQueue]model.Kind{
	QueueToKey: model.KindDocument, QueueUnfiled: model.KindPage, QueueBatches: model.KindBatch,
	QueueChartsOut: model.KindChartFile, QueueToCode: model.KindEncounter, QueueToSign: model.KindNote,
	QueueRequests: model.KindRequest, QueueDuplicates: model.KindDuplicate, QueueDiffer: model.KindTranscript,
}

// WorkFilter narrows a queue. Zero values match everything.
type WorkFilter struct {
	// For is whose list it is (empty: the signed-in user). Notes to sign
	// are a clinician's own; the other queues are the team's.
	For string
	// Text is looked for in the patient's name and MRN and in the item's
	// own words (diagnoses as written, a title, a holder), ignoring case.
	Text      string
	Ward      string // exact, ignoring case
	Clinician string // contained, ignoring case
	From, To  time.Time
	// Discharged: 0 any, 1 only discharged stays and visits, 2 only stays
	// still open.
	Discharged int
	// OverdueOn keeps only items due before this day (charts out,
	// requests); zero: all.
	OverdueOn time.Time
}

// WorkPage is one page of a queue and how many match in all.
type WorkPage struct {
	Items []WorkItem
	Total int
}

// May reports whether the signed-in user may read a queue.
func (w Worklist) May(q WorkQueue) bool {
	p, ok := queuePerm[q]
	return ok && (w.sess.Can(p) || w.sess.Can(model.PermReview))
}

func (w Worklist) check(q WorkQueue, f *WorkFilter) error {
	sess := w.sess
	if err := sess.alive(); err != nil {
		return err
	}
	if _, ok := queuePerm[q]; !ok {
		return model.Errorf(model.Invalid, "there is no work queue %q", q)
	}
	if f.For == "" {
		f.For = sess.user.Username
	}
	if f.For != sess.user.Username || !w.May(q) {
		if err := sess.require(model.PermReview); err != nil {
			return err
		}
	}
	return nil
}

// Count counts what waits in a queue for the filter.
func (w Worklist) Count(q WorkQueue, f WorkFilter) (int, error) {
	p, err := w.read(q, f, 0, 0)
	return p.Total, err
}

// List reads a page of a queue, oldest first: limit items from offset (a
// limit of 0 reads none, only the total). Reading items is audited as a
// view of the queue; counting is not.
func (w Worklist) List(q WorkQueue, f WorkFilter, offset, limit int) (WorkPage, error) {
	p, err := w.read(q, f, offset, limit)
	return p, w.audit(q, p, limit, err)
}

// Head is List without the total (Total is -1): it stops reading the
// queue once the page is full, for a list whose count is known already
// (My work counts its lists before it shows one).
func (w Worklist) Head(q WorkQueue, f WorkFilter, offset, limit int) (WorkPage, error) {
	var page WorkPage
	_, err := w.scan(q, f, func(i int, it *WorkItem) bool {
		if i >= offset {
			page.Items = append(page.Items, *it)
		}
		return len(page.Items) < limit
	})
	page.Total = -1
	if err == nil {
		err = w.summarize(&page)
	}
	return page, w.audit(q, page, limit, err)
}

func (w Worklist) audit(q WorkQueue, p WorkPage, limit int, err error) error {
	if err != nil || limit == 0 {
		return err
	}
	return w.sess.logAction(model.ActView, queueKind[q], model.ZeroID, fmt.Sprintf("work queue %s (%d items from the oldest)", q, len(p.Items)))
}

// Position finds an item in a filtered queue: its index, or -1.
func (w Worklist) Position(q WorkQueue, f WorkFilter, id model.ID) (int, error) {
	pos := -1
	_, err := w.scan(q, f, func(i int, it *WorkItem) bool {
		if it.ID == id {
			pos = i
			return false
		}
		return true
	})
	return pos, err
}

func (w Worklist) read(q WorkQueue, f WorkFilter, offset, limit int) (WorkPage, error) {
	var page WorkPage
	total, err := w.scan(q, f, func(i int, it *WorkItem) bool {
		if i >= offset && len(page.Items) < limit {
			page.Items = append(page.Items, *it)
		}
		return true
	})
	if err != nil {
		return page, err
	}
	page.Total = total
	return page, w.summarize(&page)
}

// summarize names the patients of a page's items.
func (w Worklist) summarize(page *WorkPage) error {
	ix, err := w.sess.index()
	if err != nil {
		return err
	}
	for i := range page.Items {
		if e, ok := ix.Get(page.Items[i].Patient); ok {
			page.Items[i].PatientSummary = w.sess.resultOf(e, 0, nil).PatientSummary
		}
	}
	return nil
}

// scan walks the queue's matching items in order, calling fn with each
// one's position among them until fn returns false, and returns how many
// match (all of them, when fn never stops).
func (w Worklist) scan(q WorkQueue, f WorkFilter, fn func(i int, it *WorkItem) bool) (int, error) {
	sess := w.sess
	if err := w.check(q, &f); err != nil {
		return 0, err
	}
	c, err := sess.loadQueues()
	if err != nil {
		return 0, err
	}
	ix, err := sess.index()
	if err != nil {
		return 0, err
	}
	restrictedOK := sess.user.Role.MayOpenRestricted()
	text := strings.ToLower(strings.TrimSpace(f.Text))
	clin := strings.ToLower(strings.TrimSpace(f.Clinician))
	ward := strings.TrimSpace(f.Ward)
	// A search names patients through the patient index (names, sound-
	// alikes, MRNs and other identifiers), or words of the item itself.
	// Only who matches counts, not how well: the unranked set.
	var named map[model.ID]bool
	if text != "" {
		if named, err = sess.Patients().Matching(search.Query{Text: f.Text, Limit: 5000}); err != nil {
			return 0, err
		}
	}
	var overdue time.Time
	if !f.OverdueOn.IsZero() {
		overdue = model.DateOf(f.OverdueOn).Time()
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	// The queue is in date order: dates cut a range out of it.
	list := c.sorted[q]
	before := func(t time.Time) int {
		return sort.Search(len(list), func(i int) bool { return !list[i].At.Before(t) })
	}
	if !f.From.IsZero() {
		list = list[before(f.From):]
	}
	if !f.To.IsZero() {
		list = list[:before(f.To)]
	}
	if !overdue.IsZero() {
		list = list[:before(overdue)]
	}
	n, going := 0, true
	for _, it := range list {
		switch {
		case q == QueueToSign && it.Who != f.For,
			ward != "" && !strings.EqualFold(it.Ward, ward),
			clin != "" && !strings.Contains(it.whoFold, clin),
			f.Discharged == 1 && !it.Discharged,
			f.Discharged == 2 && it.Discharged,
			text != "" && !named[it.Patient] && !strings.Contains(it.fold, text):
			continue
		}
		if !it.Patient.IsZero() {
			if restricted, hidden, ok := ix.Flags(it.Patient); !ok || hidden || (restricted && !restrictedOK) {
				continue
			}
		}
		if going {
			going = fn(n, it)
			if !going {
				return n, nil
			}
		}
		n++
	}
	return n, nil
}

// Role is the role of the person whose list is read: the signed-in user,
// or (records supervisors) someone else by username.
func (w Worklist) Role(username string) (model.Role, error) {
	sess := w.sess
	if username == "" || username == sess.user.Username {
		return sess.user.Role, sess.alive()
	}
	if err := sess.require(model.PermReview); err != nil {
		return "", err
	}
	var role model.Role
	err := listRecords(sess, model.KindUser, false, func(u model.User, _ model.Revision) bool {
		if u.Username == username {
			role = u.Role
			return false
		}
		return true
	})
	if err == nil && role == "" {
		err = model.Errorf(model.NotFound, "there is no user %q", username)
	}
	return role, err
}

// queueTx is the entry of a record in a queue as the transaction sees it
// (tests: the queue moves with the record).
func (sess *Session) queueTx(tx *bolt.Tx, q WorkQueue, id model.ID) (WorkItem, bool) {
	b := tx.Bucket(bQueues)
	if b == nil {
		return WorkItem{}, false
	}
	key := sess.queueKey(q, id)
	v := b.Get(key)
	if v == nil {
		return WorkItem{}, false
	}
	plain, err := sess.keys.Records.Open(v, queueAAD(key))
	if err != nil {
		return WorkItem{}, false
	}
	it, err := decodeWorkItem(plain, id)
	return it, err == nil
}
