package storage

import (
	"fmt"
	"time"

	"dossier/model"
	"dossier/model/search"
)

// SearchResult is one ranked patient for a search box.
type SearchResult struct {
	PatientSummary
	Score float64
	Why   []string
}

// Search finds patients by any identifier or by name (typos and
// sound-alikes included), narrowed by the query's filters, best first.
// Names of restricted patients are shown only to roles that may open them;
// others find a restricted record by an exact identifier alone. Set audit
// when the clerk submits a search (not on every keystroke).
func (svc Patients) Search(q search.Query, audit bool) ([]SearchResult, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	ix, err := sess.Patients().Index()
	if err != nil {
		return nil, err
	}
	if q.Today.IsZero() {
		q.Today = time.Now()
	}
	q.ShowRestricted = sess.user.Role.MayOpenRestricted()
	_, _, idents := search.Words(q.Text, q.Today)
	var out []SearchResult
	seen := map[model.ID]bool{}
	for _, w := range idents {
		hits, err := sess.lookupIdentifier(w)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			e, ok := ix.Get(h.id)
			if !ok || seen[h.id] || (e.Deleted && !q.WithDeleted) {
				continue
			}
			seen[h.id] = true
			out = append(out, sess.resultOf(e, 1, []string{h.why}))
		}
	}
	for _, r := range ix.Search(q) {
		if !seen[r.Entry.ID] {
			seen[r.Entry.ID] = true
			out = append(out, sess.resultOf(r.Entry, r.Score, r.Why))
		}
	}
	if audit {
		err = sess.LogAction(model.ActSearch, model.KindPatient, model.ZeroID, fmt.Sprintf("search %q: %d results", q.Text, len(out)))
	}
	return out, err
}

func (sess *Session) resultOf(e search.Entry, score float64, why []string) SearchResult {
	s := PatientSummary{ID: e.ID, MRN: e.MRN, Name: model.Patient{GivenName: e.Given, FamilyName: e.Family}.DisplayName(),
		Sex: e.Sex, BirthDate: e.Birth, Estimated: e.Estimated, Village: e.Village(), Restricted: e.Restricted, Deleted: e.Deleted}
	if m := sess.masked(s); m != s {
		s, why = m, []string{"identifier"}
	}
	return SearchResult{PatientSummary: s, Score: score, Why: why}
}
