package admin

import (
	"fmt"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

const auditLimit = 20000

func auditColumns() []kit.Column {
	return []kit.Column{{Title: "#", Width: 70}, {Title: lang.X("admin.audit.col_when", "When"), Width: 150, Min: 135}, {Title: lang.X("admin.audit.user", "User"), Width: 110},
		{Title: lang.X("admin.audit.col_action", "Action"), Width: 130}, {Title: lang.X("admin.audit.col_patient_or_record", "Patient or record"), Width: 260, Min: 180}, {Title: lang.X("admin.audit.col_detail", "Detail"), Width: 380}}
}

var auditActions = []model.Action{model.ActSignIn, model.ActSignInFailed, model.ActLock, model.ActView, model.ActCreate,
	model.ActEdit, model.ActDelete, model.ActRestore, model.ActPrint, model.ActExport, model.ActBreakGlass,
	model.ActBackup, model.ActRestoreBackup, model.ActPasswordChange, model.ActRecoveryUsed, model.ActSettings,
	model.ActSearch, model.ActDenied, model.ActSetup, model.ActMigrate, model.ActSignOut, model.ActTamper, model.ActVerify, model.ActRotateKeys}

// allActions is the action filter's first choice: no filter.
func allActions() string { return lang.X("admin.audit.all_actions", "All actions") }

// AuditScreen is the Audit trail section: it lists and filters the audit
// trail (user, action, dates, patient, flagged) and verifies its chain.
func AuditScreen(h *kit.Host) fyne.CanvasObject {
	var rows []storage.AuditRow
	table, view := kit.NewColumnTable(auditColumns(), func() int { return len(rows) }, func(r, c int) string { return auditCell(h, rows[r], c) })
	user := widget.NewEntry()
	user.SetPlaceHolder(lang.X("admin.audit.user", "User"))
	actions := []string{allActions()}
	for _, a := range auditActions {
		actions = append(actions, string(a))
	}
	action := widget.NewSelect(actions, nil)
	action.SetSelected(allActions())
	flagged := widget.NewCheck(lang.X("admin.audit.flagged_only", "Flagged only"), nil)
	from, to, patient := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	from.SetPlaceHolder(lang.X("admin.audit.from_date", "From date"))
	to.SetPlaceHolder(lang.X("admin.audit.to_date", "To date"))
	patient.SetPlaceHolder(lang.X("admin.audit.patients_mrn", "Patient's MRN"))
	status := widget.NewLabel("")
	load := func() {
		q, msg := auditQuery(h, user.Text, action.Selected, from.Text, to.Text, flagged.Checked)
		if msg != "" {
			status.SetText(msg)
			return
		}
		mrn := strings.TrimSpace(patient.Text)
		status.SetText(lang.X("admin.audit.reading", "Reading the audit trail…"))
		kit.Run(h, func(sess *storage.Session) ([]storage.AuditRow, error) {
			if mrn != "" {
				ids, err := sess.Patients().FindByIdentifier(mrn)
				if err != nil {
					return nil, err
				}
				if len(ids) != 1 {
					return nil, model.Errorf(model.Invalid, "%s", lang.X("admin.audit.no_one_patient", "No one patient has the MRN {{.MRN}}.", map[string]any{"MRN": mrn}))
				}
				q.Patient = ids[0]
			}
			return sess.Admin().AuditRows(q, auditLimit)
		},
			func(es []storage.AuditRow, err error) {
				if err != nil {
					status.SetText(kit.Plain(err))
					return
				}
				rows = es
				table.Refresh()
				status.SetText(lang.XN("admin.audit.shown", "{{.Count}} entries shown, newest first (at most {{.Limit}})", len(es), map[string]any{"Count": len(es), "Limit": auditLimit}))
			})
	}
	for _, e := range []*widget.Entry{user, from, to, patient} {
		e.OnSubmitted = func(string) { h.Touch(); load() }
	}
	action.OnChanged = func(string) { h.Touch(); load() }
	flagged.OnChanged = func(bool) { h.Touch(); load() }
	verify := widget.NewButton(lang.X("admin.audit.verify_chain", "Verify chain"), h.Act(func() { verifyAudit(h, status) }))
	box := func(e fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, 36), e)
	}
	filters := container.NewVBox(
		container.NewHBox(widget.NewLabel(lang.X("admin.audit.filter", "Filter:")), box(user, 140), action, box(patient, 170), flagged),
		container.NewHBox(widget.NewLabel(lang.X("admin.audit.dates", "Dates:")), box(from, 140), widget.NewLabel(lang.X("admin.audit.to", "to")), box(to, 140),
			widget.NewButton(lang.X("admin.audit.apply", "Apply"), h.Act(load)), kit.SpacerH(), verify))
	load()
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.audit_trail", "Audit trail")), filters), status, nil, nil, view)
}

// auditQuery reads the filters, or says what to correct. Dates are the
// clinic's; the range takes in the whole of the last day.
func auditQuery(h *kit.Host, user, action, from, to string, flagged bool) (storage.AuditQuery, string) {
	q := storage.AuditQuery{AuditFilter: model.AuditFilter{User: strings.TrimSpace(user), FlaggedOnly: flagged}}
	if action != allActions() {
		q.Action = model.Action(action)
	}
	for _, d := range []struct {
		text, what string
		into       *time.Time
		next       int
	}{{from, lang.X("admin.audit.from", "From"), &q.From, 0}, {to, lang.X("admin.audit.to_field", "To"), &q.To, 1}} {
		if strings.TrimSpace(d.text) == "" {
			continue
		}
		day, ok := h.ParseDate(d.text)
		if !ok {
			return q, lang.X("admin.audit.bad_date", "{{.Field}}: {{.Hint}}.", map[string]any{"Field": d.what, "Hint": h.DateHint()})
		}
		*d.into = time.Date(day.Year, day.Month, day.Day+d.next, 0, 0, 0, 0, time.Local) // the clinic's days
	}
	return q, ""
}

func auditCell(h *kit.Host, r storage.AuditRow, col int) string {
	e := r.AuditEntry
	switch col {
	case 0:
		return fmt.Sprint(e.Seq)
	case 1:
		return h.When(e.Time)
	case 2:
		return e.User
	case 3:
		if e.Flagged {
			return "⚑ " + string(e.Action)
		}
		return string(e.Action)
	case 4:
		switch {
		case r.Patient != "" && e.Kind != model.KindPatient:
			return r.Patient + " (" + string(e.Kind) + ")"
		case r.Patient != "":
			return r.Patient
		case e.Record.IsZero():
			return string(e.Kind)
		}
		return string(e.Kind) + " " + e.Record.String()[:8]
	case 5:
		return e.Detail
	}
	return ""
}

// verifyAudit walks the whole chain in the background.
func verifyAudit(h *kit.Host, status *widget.Label) {
	status.SetText(lang.X("admin.audit.verifying", "Verifying the audit chain…"))
	type result struct {
		n        uint64
		problems []string
	}
	kit.Run(h, func(sess *storage.Session) (result, error) {
		n, probs, err := sess.Admin().VerifyAudit()
		r := result{n: n}
		for _, p := range probs {
			r.problems = append(r.problems, p.String())
		}
		return r, err
	}, func(r result, err error) {
		switch {
		case err != nil:
			status.SetText(kit.Plain(err))
		case len(r.problems) == 0:
			status.SetText(lang.XN("admin.audit.intact", "Chain intact: {{.Count}} entries verified.", int(r.n), map[string]any{"Count": int(r.n)}))
		default:
			status.SetText(lang.XN("admin.audit.tampering", "TAMPERING FOUND in {{.Count}} places.", len(r.problems), map[string]any{"Count": len(r.problems)}))
			h.Notice(lang.X("admin.audit.altered", "The audit trail has been altered:") + "\n" + strings.Join(r.problems, "\n"))
		}
	})
}
