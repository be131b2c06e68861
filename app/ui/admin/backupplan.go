package admin

import (
	"fmt"
	"strconv"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// planView shows the backup schedule and the list of past backups on the
// Backups screen.
type planView struct {
	h       *kit.Host
	summary *widget.Label
	made    []model.BackupMade
	table   *widget.Table
	plan    model.BackupPlan
	// checkFull checks a backup in full (with a password) on the screen.
	checkFull func(path string)
}

func newPlanView(h *kit.Host) *planView {
	v := &planView{h: h, summary: kit.WrapLabel("")}
	v.table = kit.ColumnTable([]kit.Column{{Title: lang.X("admin.plan.col_made", "Made"), Width: 130}, {Title: lang.X("admin.plan.col_why", "Why"), Width: 190}, {Title: lang.X("admin.plan.col_by", "By"), Width: 75},
		{Title: lang.X("admin.plan.col_authority", "Authority"), Width: 85}, {Title: lang.X("admin.plan.col_check", "Check"), Width: 185}, {Title: lang.X("admin.plan.col_size", "Size"), Width: 70}, {Title: lang.X("admin.plan.col_file", "File"), Width: 330}},
		func() int { return len(v.made) },
		func(row, col int) string {
			m := v.made[row]
			switch col {
			case 0:
				return m.At.Local().Format("2006-01-02 15:04")
			case 1:
				return whyText(m.Why)
			case 2:
				return m.By
			case 3:
				return m.AuthorizedBy // the administrator whose plan made it
			case 4:
				return checkText(m)
			case 5:
				return lang.X("admin.plan.size_mb", "{{.Size}} MB", map[string]any{"Size": fmt.Sprintf("%.1f", float64(m.Size)/1e6)})
			}
			return m.Path
		})
	v.table.OnSelected = func(id widget.TableCellID) {
		v.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(v.made) && v.checkFull != nil {
			v.offerCheck(v.made[id.Row])
		}
	}
	v.reload()
	return v
}

// whyText is why a backup was made, in the window's language: the store
// keeps the reason in English, as the audit trail does ("by hand" from
// storage, the planned ones from the window's scheduledbackup.go).
func whyText(why string) string {
	switch {
	case why == "by hand":
		return lang.X("admin.plan.why_by_hand", "by hand")
	case why == "when the last user signed out":
		return lang.X("admin.plan.why_sign_out", "when the last user signed out")
	case strings.HasPrefix(why, "daily at "):
		return lang.X("admin.plan.why_daily", "daily at {{.At}}", map[string]any{"At": strings.TrimPrefix(why, "daily at ")})
	}
	return why
}

// checkText is what checking a listed backup found.
func checkText(m model.BackupMade) string {
	switch {
	case m.Removed:
		return lang.X("admin.plan.removed", "removed (kept the last N)")
	case m.Check == "" && m.FullCheck:
		return lang.X("admin.plan.fully_checked", "fully checked {{.When}}", map[string]any{"When": m.CheckedAt.Local().Format("01-02 15:04")})
	case m.Check == "":
		return lang.X("admin.plan.checksum_good", "checksum good {{.When}}", map[string]any{"When": m.CheckedAt.Local().Format("01-02 15:04")})
	}
	return m.Check
}

// offerCheck shows a listed backup and offers to check it in full.
func (v *planView) offerCheck(m model.BackupMade) {
	data := map[string]any{"When": m.At.Local().Format("2006-01-02 15:04"), "By": m.By, "Why": whyText(m.Why), "Admin": m.AuthorizedBy}
	made := lang.X("admin.plan.made", "Made {{.When}} by {{.By}}, {{.Why}}", data)
	if m.AuthorizedBy != "" {
		made = lang.X("admin.plan.made_under", "Made {{.When}} by {{.By}}, {{.Why}}, under {{.Admin}}'s schedule", data)
	}
	text := kit.WrapLabel(fmt.Sprintf("%s\n%s.\n%s.", m.Path, made, checkText(m)))
	if m.Removed {
		kit.NewDialog(lang.X("admin.plan.backup", "Backup"), text, v.h.Win).Show()
		return
	}
	d := dialog.NewCustomConfirm(lang.X("admin.plan.backup", "Backup"), lang.X("admin.plan.check_in_full", "Check in full…"), lang.X("admin.plan.close", "Close"), text, func(yes bool) {
		if yes {
			v.checkFull(m.Path)
		}
	}, v.h.Win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// reload reads the plan and the list off the UI goroutine.
func (v *planView) reload() {
	type state struct {
		plan model.BackupPlan
		made []model.BackupMade
	}
	kit.Run(v.h, func(sess *storage.Session) (state, error) {
		p, err := sess.Admin().BackupPlan()
		if err != nil {
			return state{}, err
		}
		made, err := sess.Admin().BackupsMade()
		return state{p, made}, err
	}, func(s state, err error) {
		if err != nil {
			v.summary.SetText(kit.Plain(err))
			return
		}
		v.plan, v.made = s.plan, s.made
		text := lang.X("admin.plan.scheduled", "Scheduled backups: {{.Plan}}.", map[string]any{"Plan": s.plan.Describe()})
		if s.plan.On() {
			text += " " + lang.X("admin.plan.set_by", "Set by {{.By}} on {{.Day}}; made under that administrator's authority whoever is signed in.", map[string]any{"By": s.plan.SetBy, "Day": s.plan.SetAt.Local().Format("2006-01-02")})
		}
		v.summary.SetText(text)
		v.table.Refresh()
	})
}

// edit opens the schedule form.
func (v *planView) edit() {
	p := v.plan
	if p.Keep == 0 {
		p.Keep = 7
	}
	if p.At == "" {
		p.At = "17:00"
	}
	daily := widget.NewCheck(lang.X("admin.plan.every_day_at", "Every day at"), nil)
	daily.SetChecked(p.Daily)
	at := widget.NewEntry()
	at.SetText(p.At)
	at.SetPlaceHolder(lang.X("admin.plan.hh_mm", "HH:MM"))
	onExit := widget.NewCheck(lang.X("admin.plan.on_exit", "When the last user signs out (Dossier is closed)"), nil)
	onExit.SetChecked(p.OnLastSignOut)
	folder := widget.NewEntry()
	folder.SetText(p.Folder)
	folder.SetPlaceHolder(lang.X("admin.plan.folder_hint", "A folder or USB drive, e.g. /media/usb/backups"))
	browse := widget.NewButton(lang.X("admin.plan.choose", "Choose…"), func() {
		dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				folder.SetText(u.Path())
			}
		}, v.h.Win).Show()
	})
	keep := widget.NewEntry()
	keep.SetText(strconv.Itoa(p.Keep))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("admin.plan.daily", "Daily"), container.NewBorder(nil, nil, daily, nil, at)),
		widget.NewFormItem(lang.X("admin.plan.at_sign_out", "At sign-out"), onExit),
		widget.NewFormItem(lang.X("admin.plan.folder", "Folder"), container.NewBorder(nil, nil, nil, browse, folder)),
		widget.NewFormItem(lang.X("admin.plan.keep_the_last", "Keep the last"), keep),
	}
	v.h.FormDialog(lang.X("admin.plan.backup_schedule", "Backup schedule"), items, at, func(done func(string)) {
		n, err := strconv.Atoi(strings.TrimSpace(keep.Text))
		if err != nil {
			done(lang.X("admin.plan.keep_how_many", "Type how many backups to keep, from 1 to {{.Max}}.", map[string]any{"Max": model.MaxBackupsKept}))
			return
		}
		plan := model.BackupPlan{Daily: daily.Checked, At: strings.TrimSpace(at.Text), OnLastSignOut: onExit.Checked,
			Folder: strings.TrimSpace(folder.Text), Keep: n}
		kit.Run(v.h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Admin().SetBackupPlan(plan)
		}, func(_ struct{}, err error) {
			if err != nil {
				done(kit.Plain(err) + " " + lang.X("common.nothing_changed", "Nothing was changed."))
				return
			}
			done("")
			v.reload()
		})
	})
}
