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
	v.table = kit.ColumnTable([]kit.Column{{Title: "Made", Width: 130}, {Title: "Why", Width: 190}, {Title: "By", Width: 75},
		{Title: "Authority", Width: 85}, {Title: "Check", Width: 185}, {Title: "Size", Width: 70}, {Title: "File", Width: 330}},
		func() int { return len(v.made) },
		func(row, col int) string {
			m := v.made[row]
			switch col {
			case 0:
				return m.At.Local().Format("2006-01-02 15:04")
			case 1:
				return m.Why
			case 2:
				return m.By
			case 3:
				return m.AuthorizedBy // the administrator whose plan made it
			case 4:
				return checkText(m)
			case 5:
				return fmt.Sprintf("%.1f MB", float64(m.Size)/1e6)
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

// checkText is what checking a listed backup found.
func checkText(m model.BackupMade) string {
	switch {
	case m.Removed:
		return "removed (kept the last N)"
	case m.Check == "" && m.FullCheck:
		return "fully checked " + m.CheckedAt.Local().Format("01-02 15:04")
	case m.Check == "":
		return "checksum good " + m.CheckedAt.Local().Format("01-02 15:04")
	}
	return m.Check
}

// offerCheck shows a listed backup and offers to check it in full.
func (v *planView) offerCheck(m model.BackupMade) {
	made := fmt.Sprintf("Made %s by %s, %s", m.At.Local().Format("2006-01-02 15:04"), m.By, m.Why)
	if m.AuthorizedBy != "" {
		made += ", under " + m.AuthorizedBy + "'s schedule"
	}
	text := kit.WrapLabel(fmt.Sprintf("%s\n%s.\n%s.", m.Path, made, checkText(m)))
	if m.Removed {
		kit.NewDialog("Backup", text, v.h.Win).Show()
		return
	}
	d := dialog.NewCustomConfirm("Backup", "Check in full…", "Close", text, func(yes bool) {
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
		text := "Scheduled backups: " + s.plan.Describe() + "."
		if s.plan.On() {
			text += fmt.Sprintf(" Set by %s on %s; made under that administrator's authority whoever is signed in.",
				s.plan.SetBy, s.plan.SetAt.Local().Format("2006-01-02"))
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
	daily := widget.NewCheck("Every day at", nil)
	daily.SetChecked(p.Daily)
	at := widget.NewEntry()
	at.SetText(p.At)
	at.SetPlaceHolder("HH:MM")
	onExit := widget.NewCheck("When the last user signs out (Dossier is closed)", nil)
	onExit.SetChecked(p.OnLastSignOut)
	folder := widget.NewEntry()
	folder.SetText(p.Folder)
	folder.SetPlaceHolder("A folder or USB drive, e.g. /media/usb/backups")
	browse := widget.NewButton("Choose…", func() {
		dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				folder.SetText(u.Path())
			}
		}, v.h.Win).Show()
	})
	keep := widget.NewEntry()
	keep.SetText(strconv.Itoa(p.Keep))
	items := []*widget.FormItem{
		widget.NewFormItem("Daily", container.NewBorder(nil, nil, daily, nil, at)),
		widget.NewFormItem("At sign-out", onExit),
		widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, browse, folder)),
		widget.NewFormItem("Keep the last", keep),
	}
	v.h.FormDialog("Backup schedule", items, at, func(done func(string)) {
		n, err := strconv.Atoi(strings.TrimSpace(keep.Text))
		if err != nil {
			done(fmt.Sprintf("Type how many backups to keep, from 1 to %d.", model.MaxBackupsKept))
			return
		}
		plan := model.BackupPlan{Daily: daily.Checked, At: strings.TrimSpace(at.Text), OnLastSignOut: onExit.Checked,
			Folder: strings.TrimSpace(folder.Text), Keep: n}
		kit.Run(v.h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Admin().SetBackupPlan(plan)
		}, func(_ struct{}, err error) {
			if err != nil {
				done(kit.Plain(err) + " Nothing was changed.")
				return
			}
			done("")
			v.reload()
		})
	})
}
