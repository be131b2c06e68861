package worklist

import (
	"dossier/model"
	"dossier/storage"
)

// DeficiencyKey is the key of the deficiency lists (Section.Key): the
// front ends open their items by it.
const (
	DeficiencyKey = "deficiencies"
	DelinquentKey = "delinquent"
)

// Deficiencies is the Source of chart-completion work: the deficiencies a
// clerk, coder or clinician must complete, and for records supervisors the
// delinquent records. Storage decides what each person may see (a
// clinician only their own, other roles their role's).
type Deficiencies struct{}

// Sections lists the deficiency lists of who.
func (Deficiencies) Sections(sess *storage.Session, who string, role model.Role) ([]Section, error) {
	var s Section
	switch role {
	case model.RoleClerk, model.RoleCoder, model.RoleClinician:
		s = Section{Key: DeficiencyKey, Title: "Deficiencies to complete"}
	case model.RoleSupervisor:
		s = Section{Key: DelinquentKey, Title: "Delinquent records (deficiencies open past the limit)"}
	default:
		return nil, nil
	}
	rows, err := deficiencyRows(sess, s, who, role)
	if err != nil {
		return nil, err
	}
	s.Count = len(rows)
	s.Filter = storage.WorkFilter{For: who}
	return []Section{s}, nil
}

// Page reads one page of a deficiency list, oldest first.
func (Deficiencies) Page(sess *storage.Session, s Section, offset, limit int) (storage.WorkPage, error) {
	who := s.Filter.For
	if who == "" {
		who = sess.User().Username
	}
	role, err := sess.Worklist().Role(who)
	if err != nil {
		return storage.WorkPage{}, err
	}
	rows, err := deficiencyRows(sess, s, who, role)
	if err != nil {
		return storage.WorkPage{}, err
	}
	page := storage.WorkPage{Total: len(rows)}
	for i := offset; i < len(rows) && (limit <= 0 || i < offset+limit); i++ {
		d := rows[i]
		text := d.Missing
		switch d.Level {
		case model.AgeDelinquent:
			text += " (delinquent)"
		case model.AgeWarning:
			text += " (overdue)"
		}
		page.Items = append(page.Items, storage.WorkItem{ID: d.ID, Patient: d.PatientID, Ref: d.EncounterID,
			At: d.AgeFrom(), Who: d.UserName, Ward: d.Ward, Text: text, PatientSummary: d.Patient})
	}
	return page, nil
}

// deficiencyRows reads the list s of who (a person of role).
func deficiencyRows(sess *storage.Session, s Section, who string, role model.Role) ([]storage.DeficiencyRow, error) {
	f := storage.DeficiencyFilter{Role: role}
	if s.Key == DelinquentKey {
		f = storage.DeficiencyFilter{Delinquent: true}
	} else if role == model.RoleClinician {
		f.UserName = who
		if who == sess.User().Username {
			f.UserID, f.UserName = sess.User().ID, sess.User().FullName
		} else if cs, err := sess.Encounters().Clinicians(); err == nil {
			for _, c := range cs {
				if c.Username == who {
					f.UserID, f.UserName = c.ID, c.FullName
				}
			}
		}
	}
	return sess.Deficiencies().Open(f)
}
