package admin

import (
	"fmt"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

const auditLimit = 20000

var auditColumns = []kit.Column{{Title: "#", Width: 70}, {Title: "When", Width: 150, Min: 135}, {Title: "User", Width: 110},
	{Title: "Action", Width: 130}, {Title: "Record", Width: 110}, {Title: "Detail", Width: 380}}

var auditActions = []model.Action{model.ActSignIn, model.ActSignInFailed, model.ActLock, model.ActView, model.ActCreate,
	model.ActEdit, model.ActDelete, model.ActRestore, model.ActPrint, model.ActExport, model.ActBreakGlass,
	model.ActBackup, model.ActRestoreBackup, model.ActPasswordChange, model.ActRecoveryUsed, model.ActSettings,
	model.ActSearch, model.ActDenied, model.ActSetup, model.ActMigrate, model.ActSignOut}

// AuditScreen is the Audit trail section: it lists and filters the audit
// trail and verifies its chain.
func AuditScreen(h *kit.Host) fyne.CanvasObject {
	var rows []model.AuditEntry
	table := kit.ColumnTable(auditColumns, func() int { return len(rows) }, func(r, c int) string { return auditCell(rows[r], c) })
	user := widget.NewEntry()
	user.SetPlaceHolder("User")
	actions := []string{"All actions"}
	for _, a := range auditActions {
		actions = append(actions, string(a))
	}
	action := widget.NewSelect(actions, nil)
	action.SetSelected("All actions")
	flagged := widget.NewCheck("Flagged only", nil)
	status := widget.NewLabel("")
	load := func() {
		f := model.AuditFilter{User: strings.TrimSpace(user.Text), FlaggedOnly: flagged.Checked}
		if action.Selected != "All actions" {
			f.Action = model.Action(action.Selected)
		}
		kit.Run(h, func(sess *storage.Session) ([]model.AuditEntry, error) { return sess.Admin().Audit(f, auditLimit) },
			func(es []model.AuditEntry, err error) {
				if err != nil {
					status.SetText(kit.Plain(err))
					return
				}
				rows = es
				table.Refresh()
				status.SetText(fmt.Sprintf("%d entries shown, newest first (at most %d)", len(es), auditLimit))
			})
	}
	user.OnSubmitted = func(string) { h.Touch(); load() }
	action.OnChanged = func(string) { h.Touch(); load() }
	flagged.OnChanged = func(bool) { h.Touch(); load() }
	verify := widget.NewButton("Verify chain", h.Act(func() { verifyAudit(h, status) }))
	filters := container.NewHBox(widget.NewLabel("Filter:"), container.NewGridWrap(fyne.NewSize(160, 36), user), action, flagged,
		widget.NewButton("Apply", h.Act(load)), kit.SpacerH(), verify)
	load()
	return container.NewBorder(container.NewVBox(kit.Heading("Audit trail"), filters), status, nil, nil, table)
}

func auditCell(e model.AuditEntry, col int) string {
	switch col {
	case 0:
		return fmt.Sprint(e.Seq)
	case 1:
		return e.Time.Local().Format("2006-01-02 15:04:05")
	case 2:
		return e.User
	case 3:
		if e.Flagged {
			return "⚑ " + string(e.Action)
		}
		return string(e.Action)
	case 4:
		if e.Record.IsZero() {
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
			status.SetText(fmt.Sprintf("Chain intact: %d entries verified.", r.n))
		default:
			status.SetText(fmt.Sprintf("TAMPERING FOUND in %d places.", len(r.problems)))
			h.Notice("The audit trail has been altered:\n" + strings.Join(r.problems, "\n"))
		}
	})
}
