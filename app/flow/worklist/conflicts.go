package worklist

import (
	"slices"
	"strings"

	"dossier/model"
	"dossier/storage"
)

// ConflictKey is the key of the records supervisor's list of conflicts
// between desks (Section.Key): the front ends open its items by it.
const ConflictKey = "conflicts"

// Conflicts is the Source of replication conflicts: records two desks
// changed differently while apart, waiting for a supervisor to choose each
// field's value. Storage guards the queue (the merge permission); a desk
// that does not replicate has no such list.
type Conflicts struct{}

// Sections lists the conflicts list for a records supervisor. The count
// comes from the desk's plain sync status, so drawing My work neither
// opens the queue nor audits a view of it.
func (Conflicts) Sections(sess *storage.Session, who string, role model.Role) ([]Section, error) {
	if role != model.RoleSupervisor {
		return nil, nil
	}
	st, on := sess.Store().SyncStatus()
	if !on {
		return nil, nil
	}
	return []Section{{Key: ConflictKey, Title: "Conflicts between desks to resolve", Count: st.Conflicts,
		Filter: storage.WorkFilter{For: who}}}, nil
}

// Page reads one page of the conflicts, oldest found first.
func (Conflicts) Page(sess *storage.Session, s Section, offset, limit int) (storage.WorkPage, error) {
	cs, err := sess.Sync().Conflicts()
	if err != nil {
		return storage.WorkPage{}, err
	}
	slices.SortStableFunc(cs, func(a, b storage.SyncConflict) int { return a.Found.Compare(b.Found) })
	page := storage.WorkPage{Total: len(cs)}
	for i := offset; i < len(cs) && (limit <= 0 || i < offset+limit); i++ {
		page.Items = append(page.Items, ConflictItem(cs[i]))
	}
	return page, nil
}

// ConflictItem is how a conflict reads in a list: the record, the fields
// both desks changed, and the two authors.
func ConflictItem(c storage.SyncConflict) storage.WorkItem {
	fields := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		fields[i] = f.Field
	}
	who := c.UserA
	if c.UserB != "" && c.UserB != c.UserA {
		who += " / " + c.UserB
	}
	return storage.WorkItem{ID: c.ID, Patient: c.Patient.ID, At: c.Found, Type: string(c.Kind), Who: who,
		Text: string(c.Kind) + " changed on two desks: " + strings.Join(fields, ", "), PatientSummary: c.Patient}
}
