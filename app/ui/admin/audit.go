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
	"fyne.io/fyne/v2/widget"
)

const auditLimit = 20000

var auditColumns = []kit.Column{{Title: "#", Width: 70}, {Title: "When", Width: 150, Min: 135}, {Title: "User", Width: 110},
	{Title: "Action", Width: 130}, {Title: "Patient or record", Width: 260, Min: 180}, {Title: "Detail", Width: 380}}

var auditActions = []model.Action{model.ActSignIn, model.ActSignInFailed, model.ActLock, model.ActView, model.ActCreate,
	model.ActEdit, model.ActDelete, model.ActRestore, model.ActPrint, model.ActExport, model.ActBreakGlass,
	model.ActBackup, model.ActRestoreBackup, model.ActPasswordChange, model.ActRecoveryUsed, model.ActSettings,
	model.ActSearch, model.ActDenied, model.ActSetup, model.ActMigrate, model.ActSignOut, model.ActTamper, model.ActVerify, model.ActRotateKeys}

// AuditScreen is the Audit trail section: it lists and filters the audit
// trail (user, action, dates, patient, flagged) and verifies its chain.
func AuditScreen(h *kit.Host) fyne.CanvasObject {
	var rows []storage.AuditRow
	table, view := kit.NewColumnTable(auditColumns, func() int { return len(rows) }, func(r, c int) string { return auditCell(h, rows[r], c) })
	user := widget.NewEntry()
	user.SetPlaceHolder("User")
	actions := []string{"All actions"}
	for _, a := range auditActions {
		actions = append(actions, string(a))
	}
	action := widget.NewSelect(actions, nil)
	action.SetSelected("All actions")
	flagged := widget.NewCheck("Flagged only", nil)
	from, to, patient := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	from.SetPlaceHolder("From date")
	to.SetPlaceHolder("To date")
	patient.SetPlaceHolder("Patient's MRN")
	status := widget.NewLabel("")
	load := func() {
		q, msg := auditQuery(h, user.Text, action.Selected, from.Text, to.Text, flagged.Checked)
		if msg != "" {
			status.SetText(msg)
			return
		}
		mrn := strings.TrimSpace(patient.Text)
		status.SetText("Reading the audit trail…")
		kit.Run(h, func(sess *storage.Session) ([]storage.AuditRow, error) {
			if mrn != "" {
				ids, err := sess.Patients().FindByIdentifier(mrn)
				if err != nil {
					return nil, err
				}
				if len(ids) != 1 {
					return nil, model.Errorf(model.Invalid, "no one patient has the MRN %q", mrn)
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
				status.SetText(fmt.Sprintf("%s shown, newest first (at most %d)", kit.CountOf(len(es), "entry"), auditLimit))
			})
	}
	for _, e := range []*widget.Entry{user, from, to, patient} {
		e.OnSubmitted = func(string) { h.Touch(); load() }
	}
	action.OnChanged = func(string) { h.Touch(); load() }
	flagged.OnChanged = func(bool) { h.Touch(); load() }
	verify := widget.NewButton("Verify chain", h.Act(func() { verifyAudit(h, status) }))
	box := func(e fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, 36), e)
	}
	filters := container.NewVBox(
		container.NewHBox(widget.NewLabel("Filter:"), box(user, 140), action, box(patient, 170), flagged),
		container.NewHBox(widget.NewLabel("Dates:"), box(from, 140), widget.NewLabel("to"), box(to, 140),
			widget.NewButton("Apply", h.Act(load)), kit.SpacerH(), verify))
	load()
	return container.NewBorder(container.NewVBox(kit.Heading("Audit trail"), filters), status, nil, nil, view)
}

// auditQuery reads the filters, or says what to correct. Dates are the
// clinic's; the range takes in the whole of the last day.
func auditQuery(h *kit.Host, user, action, from, to string, flagged bool) (storage.AuditQuery, string) {
	q := storage.AuditQuery{AuditFilter: model.AuditFilter{User: strings.TrimSpace(user), FlaggedOnly: flagged}}
	if action != "All actions" {
		q.Action = model.Action(action)
	}
	for _, d := range []struct {
		text, what string
		into       *time.Time
		next       int
	}{{from, "From", &q.From, 0}, {to, "To", &q.To, 1}} {
		if strings.TrimSpace(d.text) == "" {
			continue
		}
		day, ok := h.ParseDate(d.text)
		if !ok {
			return q, d.what + ": " + h.DateHint() + "."
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
	status.SetText("Verifying the audit chain…")
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
			status.SetText(fmt.Sprintf("Chain intact: %s verified.", kit.CountOf(int(r.n), "entry")))
		default:
			status.SetText(fmt.Sprintf("TAMPERING FOUND in %s.", kit.CountOf(len(r.problems), "place")))
			h.Notice("The audit trail has been altered:\n" + strings.Join(r.problems, "\n"))
		}
	})
}
