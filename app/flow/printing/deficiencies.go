package printing

import (
	"bytes"
	"fmt"
	"time"

	"dossier/app/flow/completion"
	"dossier/model"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// DeficiencySlipsJob renders a deficiency slip for each group (a clinician,
// the coders, the clerks): one line per record with what to complete.
// The print is audited as one print of the deficiency list.
func DeficiencySlipsJob(sess *storage.Session, groups []completion.Group) (*Job, error) {
	clinic, err := sess.Clinic()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	var slips []reports.DeficiencySlip
	n := 0
	for _, g := range groups {
		slips = append(slips, reports.DeficiencySlip{Clinic: clinic, For: g.Name, Lines: completion.Lines(g.Rows),
			PrintedBy: sess.User().Username, PrintedAt: now, Words: printed.For(clinic.Language)})
		n += len(g.Rows)
	}
	var buf bytes.Buffer
	if err := reports.WriteDeficiencySlip(&buf, slips...); err != nil {
		return nil, err
	}
	return &Job{Name: "deficiency-slips-" + now.Format("2006-01-02") + ".pdf", Title: "Dossier deficiency slips", PDF: buf.Bytes(),
		account: func(to string) error {
			return sess.Outputs().RecordPrint(model.KindDeficiency, model.ZeroID,
				withDest(fmt.Sprintf("deficiency slips: %d people, %d items", len(slips), n), to))
		}}, nil
}

// DelinquencyLettersJob renders a letter to each clinician with records
// past the warning level, at the level the oldest record calls for (1–3).
// Groups with nothing that old get no letter; ok is false when no one does.
func DelinquencyLettersJob(sess *storage.Session, groups []completion.Group) (job *Job, letters int, err error) {
	clinic, err := sess.Clinic()
	if err != nil {
		return nil, 0, err
	}
	rules, err := sess.Deficiencies().Rules()
	if err != nil {
		return nil, 0, err
	}
	now := time.Now()
	var out []reports.DelinquencyLetter
	for _, g := range groups {
		if g.Role != model.RoleClinician {
			continue
		}
		var due []storage.DeficiencyRow
		for _, r := range g.Rows {
			if r.Level != model.AgeCurrent {
				due = append(due, r)
			}
		}
		level := rules.LetterLevel(g.OldestAge)
		if level == 0 || len(due) == 0 {
			continue
		}
		out = append(out, reports.DelinquencyLetter{Clinic: clinic, To: g.Name, Level: level, WarningDays: rules.WarningDays,
			DelinquentDays: rules.DelinquentDays, Lines: completion.Lines(due), From: sess.User().FullName, PrintedAt: now,
			Words: printed.For(clinic.Language)})
	}
	if len(out) == 0 {
		return nil, 0, nil
	}
	var buf bytes.Buffer
	if err := reports.WriteDelinquencyLetters(&buf, out...); err != nil {
		return nil, 0, err
	}
	return &Job{Name: "delinquency-letters-" + now.Format("2006-01-02") + ".pdf", Title: "Dossier delinquency letters", PDF: buf.Bytes(),
		account: func(to string) error {
			return sess.Outputs().RecordPrint(model.KindDeficiency, model.ZeroID,
				withDest(fmt.Sprintf("delinquency letters: %d", len(out)), to))
		}}, len(out), nil
}
