package ui

import (
	"fmt"
	"time"

	"dossier/app/flow/ministryreturn"
	"dossier/app/flow/monthlyreport"
	"dossier/app/ui/admin"
	"dossier/app/ui/admissions"
	"dossier/app/ui/coding"
	"dossier/app/ui/deficiencies"
	"dossier/app/ui/duplicates"
	"dossier/app/ui/exchange"
	"dossier/app/ui/interfaces"
	"dossier/app/ui/keying"
	"dossier/app/ui/kit"
	mreturn "dossier/app/ui/ministryreturn"
	"dossier/app/ui/mywork"
	"dossier/app/ui/patients"
	"dossier/app/ui/recordaudit"
	"dossier/app/ui/registers"
	"dossier/app/ui/release"
	"dossier/app/ui/replication"
	"dossier/app/ui/scanning"
	"dossier/app/ui/statcharts"
	"dossier/app/ui/statistics"
	"dossier/app/ui/tracking"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// section is one entry of the navigation. Only sections the user's role
// can use are shown; storage checks again on every call.
type section struct {
	title string
	icon  fyne.Resource
	perm  model.Permission // 0: everyone
	build func(ui *UI) fyne.CanvasObject
	// key is the section's Ctrl+digit (0: none, reached with Go to,
	// Ctrl+K). It is the same for every role, so a clerk and a coder
	// helping each other press the same keys; a role without the section
	// simply has no such shortcut.
	key int
	// help names the section's page in assets/help.
	help string
}

// allSections is a function, not a variable, because the screens it names
// lead back to newShell.
func allSections() []section {
	return []section{
		{mywork.Title, theme.ConfirmIcon(), 0, func(ui *UI) fyne.CanvasObject { return mywork.Screen(ui.h) }, 0, "00-my-work"},
		{"Patients", theme.AccountIcon(), model.PermReadRecord, func(ui *UI) fyne.CanvasObject { return ui.withRecentPatients(patients.Screen(ui.h)) }, 1, "01-patients"},
		{"Scanning", theme.MediaPhotoIcon(), model.PermDigitize, func(ui *UI) fyne.CanvasObject { return scanning.Screen(ui.h) }, 2, "02-scanning"},
		{"Keying", theme.DocumentCreateIcon(), model.PermDigitize, func(ui *UI) fyne.CanvasObject { return keying.Screen(ui.h) }, 3, "03-keying"},
		{"Batches", theme.StorageIcon(), model.PermDigitize, func(ui *UI) fyne.CanvasObject { return scanning.BatchesScreen(ui.h) }, 4, "04-batches"},
		{"Charts out", theme.FolderOpenIcon(), model.PermDigitize, func(ui *UI) fyne.CanvasObject { return tracking.ChartsOutScreen(ui.h) }, 5, "05-charts-out"},
		{"Specimens", theme.ListIcon(), model.PermWriteNote, func(ui *UI) fyne.CanvasObject { return tracking.LogScreen(ui.h) }, 6, "06-specimens"},
		{"Admissions", theme.HomeIcon(), model.PermReadRecord, func(ui *UI) fyne.CanvasObject { return admissions.Screen(ui.h) }, 7, "07-admissions"},
		{"Release of information", theme.MailSendIcon(), model.PermReleaseInfo, func(ui *UI) fyne.CanvasObject { return release.Screen(ui.h) }, 8, "08-release"},
		{"Coding", theme.DocumentIcon(), model.PermCode, func(ui *UI) fyne.CanvasObject { return coding.Screen(ui.h) }, 9, "09-coding"},
		{"Duplicates", theme.ContentCopyIcon(), model.PermMerge, func(ui *UI) fyne.CanvasObject { return duplicates.Screen(ui.h) }, 0, "10-duplicates"},
		{"Deficiencies", theme.ErrorIcon(), model.PermReview, func(ui *UI) fyne.CanvasObject { return deficiencies.Screen(ui.h) }, 0, "17-deficiencies"},
		{recordaudit.Title, theme.GridIcon(), model.PermReview, func(ui *UI) fyne.CanvasObject { return recordaudit.Screen(ui.h) }, 0, "18-record-audits"},
		{statistics.Title, theme.InfoIcon(), model.PermReadRecord, func(ui *UI) fyne.CanvasObject { return statistics.Screen(ui.h) }, 0, "19-statistics"},
		{exchange.Title, theme.UploadIcon(), model.PermExport, func(ui *UI) fyne.CanvasObject { return exchange.Screen(ui.h) }, 0, "19-exchange-fhir"},
		{interfaces.Title, theme.MailReplyIcon(), model.PermRegisterPatient, func(ui *UI) fyne.CanvasObject { return interfaces.Screen(ui.h) }, 0, "24-interfaces"},
		{registers.Title, theme.ListIcon(), model.PermReadRecord, func(ui *UI) fyne.CanvasObject { return registers.Screen(ui.h) }, 0, "31-registers"},
		{statcharts.Title, theme.GridIcon(), model.PermReadRecord, func(ui *UI) fyne.CanvasObject {
			return statcharts.Screen(ui.h, statcharts.Sources{Figures: ministryreturn.EngineFigures, Series: monthlyreport.EngineSeries})
		}, 0, "33-charts"},
		{mreturn.Title, theme.UploadIcon(), model.PermExport, func(ui *UI) fyne.CanvasObject { return mreturn.Screen(ui.h, ministryreturn.EngineFigures) }, 0, "32-ministry-return"},
		{"Users", theme.ContentAddIcon(), model.PermManageUsers, func(ui *UI) fyne.CanvasObject { return admin.UsersScreen(ui.h) }, 0, "11-users"},
		{"Audit trail", theme.ListIcon(), model.PermReadAudit, func(ui *UI) fyne.CanvasObject { return admin.AuditScreen(ui.h) }, 0, "12-audit"},
		{"Backups", theme.DocumentSaveIcon(), model.PermBackup, func(ui *UI) fyne.CanvasObject { return admin.BackupScreen(ui.h, storeSwitch{ui}) }, 0, "13-backups"},
		{"Code sets", theme.FileTextIcon(), model.PermSettings, func(ui *UI) fyne.CanvasObject { return admin.CodeSetsScreen(ui.h) }, 0, "14-code-sets"},
		{"Settings", theme.SettingsIcon(), model.PermSettings, func(ui *UI) fyne.CanvasObject { return admin.SettingsScreen(ui.h, ui.settingsApplied) }, 0, "15-settings"},
		{replication.Title, theme.ViewRefreshIcon(), 0, func(ui *UI) fyne.CanvasObject { return replication.Screen(ui.h) }, 0, "25-replication"},
		{"My account", theme.LoginIcon(), 0, func(ui *UI) fyne.CanvasObject { return admin.AccountScreen(ui.h) }, 0, "16-my-account"},
	}
}

// shell is the main window once signed in: navigation, top bar, content.
type shell struct {
	ui       *UI
	sections []section
	nav      *widget.List
	content  *fyne.Container
	reminder *fyne.Container
	root     fyne.CanvasObject
	current  int
	flashes  *fyne.Container
	// syncLine is the replication status under the navigation (empty on a
	// desk that does not replicate).
	syncLine *widget.Label
	// syncBadge is the background sync's word in the top bar (Syncing…,
	// Synced 14:02, Not synced · next try 14:10; empty when idle).
	syncBadge *widget.Label
	// focus is focused once the next content is on the canvas (a widget
	// cannot take focus before it is attached).
	focus fyne.Focusable
	// goTo is the Go to box while its dialog is open (one at a time).
	goTo *keyEntry
}

func newShell(ui *UI) *shell {
	sh := &shell{ui: ui, content: container.NewStack()}
	for _, s := range allSections() {
		if s.perm == 0 || ui.h.Session().Can(s.perm) {
			sh.sections = append(sh.sections, s)
		}
	}
	sh.nav = widget.NewList(func() int { return len(sh.sections) },
		func() fyne.CanvasObject {
			// The title gives way ("Release of inf…") before the key does.
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			key := widget.NewLabel(lang.X("nav.key", "Ctrl+{{.Key}}", map[string]any{"Key": 9}))
			key.SizeName = theme.SizeNameCaptionText
			return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), container.NewCenter(key), name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			name, icon := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Icon)
			key := row.Objects[2].(*fyne.Container).Objects[0].(*widget.Label)
			icon.SetResource(sh.sections[i].icon)
			name.SetText(sh.sections[i].label())
			key.SetText("") // the rest are reached with Go to (Ctrl+K)
			if k := sh.sections[i].key; k > 0 {
				key.SetText(lang.X("nav.key", "Ctrl+{{.Key}}", map[string]any{"Key": k}))
			}
		})
	sh.nav.OnSelected = func(i widget.ListItemID) { ui.touch(); sh.show(i) }

	u := ui.h.Session().User()
	clinic, _ := ui.h.Session().Clinic()
	title := widget.NewLabelWithStyle(clinic.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	who := widget.NewLabel(fmt.Sprintf("%s · %s", u.FullName, kit.RoleName(u.Role)))
	lockBtn := widget.NewButtonWithIcon(lang.X("shell.lock", "Lock (Ctrl+L)"), theme.LogoutIcon(), func() { ui.lock("lock") })
	working := kit.NewWorking(ui.h) // shows when background work takes a while
	sh.syncBadge = widget.NewLabel("")
	top := container.NewHBox(title, kit.SpacerH(), sh.syncBadge, working, who, lockBtn)
	sh.reminder = container.NewVBox()
	sh.flashes = container.NewVBox()
	sh.refreshReminder()
	sh.syncLine = widget.NewLabel("")
	sh.syncLine.SizeName = theme.SizeNameCaptionText
	sh.syncLine.Wrapping = fyne.TextWrapWord
	sh.refreshSyncLine()
	left := container.NewBorder(nil, container.NewVBox(sh.syncLine, widget.NewLabel(lang.X("shell.version", "Dossier {{.Version}}", map[string]any{"Version": ui.version}))), nil, nil, sh.nav)
	split := container.NewHSplit(left, sh.content)
	split.Offset = 0.2
	sh.root = container.NewBorder(container.NewVBox(top, sh.flashes, sh.reminder, widget.NewSeparator()), nil, nil, nil, split)
	sh.addShortcuts()
	return sh
}

// open selects section i (keyboard shortcuts and start-up).
func (sh *shell) open(i int) {
	if i < 0 || i >= len(sh.sections) {
		return
	}
	// Selecting an unselected row shows the section through OnSelected;
	// showing it again would build the screen twice (and start its
	// loading twice). An already selected row needs the show.
	before := sh.current
	sh.nav.Select(i)
	if sh.current != i || before == i {
		sh.show(i)
	}
}

func (sh *shell) show(i int) {
	sh.current = i
	sh.refreshSyncLine()
	sh.setContent(sh.sections[i].build(sh.ui))
}

func (sh *shell) setContent(o fyne.CanvasObject) {
	sh.content.Objects = []fyne.CanvasObject{o}
	sh.content.Refresh()
	if f := sh.focus; f != nil {
		sh.focus = nil
		sh.ui.win.Canvas().Focus(f)
	}
}

// refreshSyncLine shows the replication status (read without keys).
func (sh *shell) refreshSyncLine() {
	if sh.syncLine != nil {
		sh.syncLine.SetText(replication.StatusText(sh.ui.h.Session().Store()))
	}
}

// focusNext asks for f to be focused when the content being built is shown.
func (ui *UI) focusNext(f fyne.Focusable) {
	if ui.shell != nil {
		ui.shell.focus = f
	}
}

// flash shows a message under the top bar until dismissed: for things the
// user must notice but that should not block the keyboard.
func (sh *shell) flash(text string) { sh.flashIn(theme.ColorNameError, theme.WarningIcon(), text) }

// tell is flash for good news (a scheduled backup made).
func (sh *shell) tell(text string) { sh.flashIn(theme.ColorNameSuccess, theme.ConfirmIcon(), text) }

func (sh *shell) flashIn(color fyne.ThemeColorName, icon fyne.Resource, text string) {
	bg := canvas.NewRectangle(theme.Color(color))
	bg.CornerRadius = 4
	var row *fyne.Container
	dismiss := widget.NewButton(lang.X("shell.dismiss", "Dismiss"), func() { sh.flashes.Remove(row) })
	row = container.NewStack(bg, container.NewHBox(widget.NewIcon(icon), widget.NewLabel(text), kit.SpacerH(), dismiss))
	sh.flashes.Add(row)
}

// OpenSection opens a section by its title (tests).
func (ui *UI) OpenSection(title string) bool {
	for i, s := range ui.shell.sections {
		if s.title == title {
			ui.shell.open(i)
			return true
		}
	}
	return false
}

// addShortcuts puts the frequent acts in the menu bar with their keys. Menu
// shortcuts work even while a text field has the focus (a focused entry
// swallows canvas shortcuts), and the menu shows people what the keys are.
func (sh *shell) addShortcuts() {
	ctrl := ctrlKey
	item := func(label string, key fyne.KeyName, do func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() { sh.ui.touch(); do() })
		it.Shortcut = ctrl(key)
		return it
	}
	keys := []fyne.KeyName{"", fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	nextItem := fyne.NewMenuItem(lang.X("menu.next_item", "Next item of My work"), func() { sh.ui.touch(); mywork.Next(sh.ui.h) })
	nextItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierAlt}
	goItems := []*fyne.MenuItem{item(lang.X("menu.go_to", "Go to…"), fyne.KeyK, sh.showGoTo), nextItem, fyne.NewMenuItemSeparator()}
	for i, s := range sh.sections {
		it := item(s.label(), "", func() { sh.open(i) })
		it.Shortcut = nil
		if s.key > 0 {
			it.Shortcut = ctrl(keys[s.key])
		}
		goItems = append(goItems, it)
	}
	quit := item(lang.X("menu.quit", "Quit"), fyne.KeyQ, sh.ui.closeWithBackup)
	quit.IsQuit = true
	file := fyne.NewMenu(lang.X("menu.file", "File"), item(lang.X("menu.lock", "Lock"), fyne.KeyL, func() { sh.ui.lock("lock") }))
	if exp := sh.exportMenu(); exp != nil {
		file.Items = append(file.Items, exp)
	}
	file.Items = append(file.Items, fyne.NewMenuItemSeparator(), quit)
	alt := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
	}
	next := fyne.NewMenuItem(lang.X("menu.next_page", "Next page"), func() { sh.ui.touch(); _ = keying.TurnPage(sh.ui.h, 1) || scanning.TurnPage(sh.ui.h, 1) })
	next.Shortcut = alt(fyne.KeyPageDown)
	prev := fyne.NewMenuItem(lang.X("menu.previous_page", "Previous page"), func() { sh.ui.touch(); _ = keying.TurnPage(sh.ui.h, -1) || scanning.TurnPage(sh.ui.h, -1) })
	prev.Shortcut = alt(fyne.KeyPageUp)
	menus := []*fyne.Menu{file, fyne.NewMenu(lang.X("menu.go", "Go"), goItems...), sh.viewMenu(), fyne.NewMenu(lang.X("menu.pages", "Pages"), next, prev)}
	if sh.ui.h.Session().Can(model.PermReadRecord) {
		patient := fyne.NewMenu(lang.X("menu.patient", "Patient"), item(lang.X("menu.find_patient", "Find patient"), fyne.KeyF, func() { sh.ui.OpenSection("Patients") }))
		if sh.ui.h.Session().Can(model.PermRegisterPatient) {
			patient.Items = append(patient.Items, item(lang.X("menu.register_patient", "Register patient"), fyne.KeyN, func() { patients.Register(sh.ui.h) }))
			// No shortcut: Ctrl+A is select-all in text fields.
			patient.Items = append(patient.Items, fyne.NewMenuItem(lang.X("menu.admit_patient", "Admit patient…"), func() { sh.ui.touch(); sh.ui.h.Links.AdmitPatient() }))
		}
		menus = append(menus, patient)
	}
	if sh.ui.h.Session().Can(model.PermCode) {
		menus = append(menus, fyne.NewMenu(lang.X("menu.coding", "Coding"), item(lang.X("menu.mark_coded", "Mark coded"), fyne.KeyM, func() {
			if !coding.MarkCoded(sh.ui.h) {
				sh.ui.h.Notice(lang.X("menu.mark_coded_first", "Open an encounter on the Coding screen first."))
			}
		})))
	}
	menus = append(menus, sh.helpMenu())
	sh.ui.win.SetMainMenu(fyne.NewMainMenu(menus...))
}

// refreshReminder shows the backup reminder when the last backup is older
// than the clinic's setting (read off the UI goroutine).
func (sh *shell) refreshReminder() {
	type due struct {
		due  bool
		last time.Time
	}
	kit.Run(sh.ui.h, func(sess *storage.Session) (due, error) {
		d, last := sess.Admin().BackupDue(time.Now())
		return due{d, last}, nil
	}, func(d due, _ error) { sh.showReminder(d.due, d.last) })
}

func (sh *shell) showReminder(due bool, last time.Time) {
	sh.reminder.Objects = nil
	if due {
		text := lang.X("shell.no_backup", "No backup has been made of this clinic's records yet.")
		if !last.IsZero() {
			text = lang.X("shell.last_backup", "The last backup was made {{.Ago}}.", map[string]any{"Ago": kit.DaysAgo(last, time.Now())})
		}
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
		bg.CornerRadius = 4
		msg := widget.NewLabel(text)
		row := container.NewHBox(widget.NewIcon(theme.WarningIcon()), msg, kit.SpacerH())
		if sh.ui.h.Can(model.PermBackup) {
			row.Add(widget.NewButton(lang.X("shell.back_up_now", "Back up now"), func() { sh.ui.touch(); sh.ui.OpenSection("Backups") }))
		} else {
			msg.SetText(text + " " + lang.X("shell.ask_admin_backup", "Ask the administrator to back up."))
		}
		sh.reminder.Add(container.NewStack(bg, row))
	}
	sh.reminder.Refresh()
}

func (ui *UI) armIdleLock() {
	c, err := ui.h.Session().Clinic()
	minutes := 10
	if err == nil && c.IdleLockMinutes > 0 {
		minutes = c.IdleLockMinutes
	}
	ui.idle.arm(time.Duration(minutes) * time.Minute)
}

func actionFor(reason string) model.Action {
	if reason == "idle" || reason == "lock" {
		return model.ActLock
	}
	return model.ActSignOut
}

// The shell is the kit.Shell feature screens see.

// SetContent replaces the section's content.
func (sh *shell) SetContent(o fyne.CanvasObject) { sh.setContent(o) }

// Flash shows a short message under the top bar.
func (sh *shell) Flash(text string) { sh.flash(text) }

// FocusNext focuses f once the next content is on the canvas.
func (sh *shell) FocusNext(f fyne.Focusable) { sh.focus = f }

// OpenSection shows the section with this title, if the role has it.
func (sh *shell) OpenSection(title string) bool { return sh.ui.OpenSection(title) }

// ctrlKey is Ctrl (Cmd on a Mac) with k.
func ctrlKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}
