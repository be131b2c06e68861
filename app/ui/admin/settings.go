package admin

import (
	"slices"
	"strconv"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// SettingsScreen is the Settings section: it edits the clinic's
// settings; each save is a new revision. applied runs once a save worked,
// so the window applies the new settings (idle lock, backup reminder).
func SettingsScreen(h *kit.Host, applied func()) fyne.CanvasObject {
	box := container.NewStack(widget.NewLabel(lang.X("common.loading", "Loading…")))
	type loaded struct {
		clinic model.Clinic
		root   string
	}
	kit.Run(h, func(sess *storage.Session) (loaded, error) {
		c, err := sess.Clinic()
		return loaded{c, sess.Store().RootFingerprint()}, err
	},
		func(l loaded, err error) {
			if err != nil {
				box.Objects = []fyne.CanvasObject{kit.WrapLabel(kit.Plain(err))}
			} else {
				box.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewVBox(settingsForm(h, l.clinic, applied), rootOfTrust(l.root)))}
			}
			box.Refresh()
		})
	return box
}

// settingsForm is the settings form over the clinic's settings c.
func settingsForm(h *kit.Host, c model.Clinic, applied func()) fyne.CanvasObject {
	name, addr, prefix := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	idle, days, levels := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	name.SetText(c.Name)
	addr.SetText(c.Address)
	prefix.SetText(c.MRNPrefix)
	idle.SetText(strconv.Itoa(c.IdleLockMinutes))
	days.SetText(strconv.Itoa(c.BackupReminderDays))
	levels.SetText(strings.Join(kit.AddressLevelNames(c.AddressLevels), ", "))
	orders := map[string]string{"DMY": lang.X("settings.dmy", "Day/month/year: 12/03/2024 is 12 March"), "MDY": lang.X("settings.mdy", "Month/day/year: 03/12/2024 is 12 March"),
		"YMD": lang.X("settings.ymd", "Year-month-day: 2024-03-12")}
	order := widget.NewSelect([]string{orders["DMY"], orders["MDY"], orders["YMD"]}, nil)
	order.SetSelected(orders[map[string]string{"": "DMY"}[c.DateOrder]+c.DateOrder])
	calendars := map[string]string{"": lang.X("settings.gregorian", "Gregorian"), "gregorian": lang.X("settings.gregorian", "Gregorian"), "ethiopian": lang.X("settings.ethiopian", "Ethiopian (13 months, dates stored Gregorian)")}
	cal := widget.NewSelect([]string{calendars["gregorian"], calendars["ethiopian"]}, nil)
	cal.SetSelected(calendars[c.Calendar])
	langs := []string{lang.X("settings.computer_language", "The computer's language")}
	for _, l := range model.Languages {
		langs = append(langs, model.LanguageName(l))
	}
	language := widget.NewSelect(langs, nil)
	language.SetSelected(langs[0])
	if n := slices.Index(model.Languages, c.Language); n >= 0 {
		language.SetSelected(langs[n+1])
	}
	double := widget.NewCheck(lang.X("settings.double_entry", "Double data entry: a second clerk keys the chosen fields blind"), nil)
	double.SetChecked(c.DoubleEntry)
	fields := widget.NewButton(lang.X("settings.fields_twice", "Fields keyed twice…"), h.Act(func() { chooseDoubleEntryFields(h, &c) }))
	status := kit.ErrorText()
	save := func() {
		h.Touch()
		nc := c
		nc.Name, nc.Address = strings.TrimSpace(name.Text), strings.TrimSpace(addr.Text)
		nc.MRNPrefix = strings.ToUpper(strings.TrimSpace(prefix.Text))
		nc.AddressLevels = kit.AddressLevelsStored(model.SplitList(levels.Text))
		for k, v := range orders {
			if v == order.Selected {
				nc.DateOrder = k
			}
		}
		nc.Calendar = ""
		if cal.Selected == calendars["ethiopian"] {
			nc.Calendar = "ethiopian"
		}
		nc.Language = ""
		if n := slices.Index(langs, language.Selected); n > 0 {
			nc.Language = model.Languages[n-1]
		}
		nc.DoubleEntry = double.Checked
		var e1, e2 error
		nc.IdleLockMinutes, e1 = strconv.Atoi(strings.TrimSpace(idle.Text))
		nc.BackupReminderDays, e2 = strconv.Atoi(strings.TrimSpace(days.Text))
		if e1 != nil || e2 != nil {
			kit.SetError(status, lang.X("settings.whole_numbers", "Minutes and days are whole numbers."))
			return
		}
		kit.Run(h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Admin().UpdateClinic(nc, "settings changed")
		},
			func(_ struct{}, err error) {
				if err != nil {
					kit.SetError(status, kit.Plain(err))
					return
				}
				kit.SetError(status, lang.X("common.saved", "Saved."))
				if nc.Language != c.Language {
					kit.SetError(status, lang.X("settings.saved_language", "Saved. The new language applies when Dossier next starts."))
				}
				c = nc
				h.ClinicChanged()
				if applied != nil {
					applied()
				}
			})
	}
	for _, e := range []*widget.Entry{name, addr, prefix, idle, days, levels} {
		e.OnSubmitted = func(string) { save() }
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("settings.clinic_name", "Clinic name"), name), widget.NewFormItem(lang.X("settings.address", "Address (letterhead)"), addr),
		widget.NewFormItem(lang.X("settings.mrn_prefix", "MRN prefix"), prefix), widget.NewFormItem(lang.X("settings.idle", "Lock after idle minutes"), idle),
		widget.NewFormItem(lang.X("settings.backup_days", "Remind to back up after days"), days), widget.NewFormItem(lang.X("settings.address_levels", "Address levels"), levels),
		widget.NewFormItem(lang.X("settings.dates_on_paper", "Dates on paper"), order), widget.NewFormItem(lang.X("settings.calendar", "Calendar"), cal),
		widget.NewFormItem(lang.X("settings.language", "Language"), language), widget.NewFormItem("", container.NewVBox(double, container.NewHBox(fields))))
	hint := kit.WrapLabel(lang.X("settings.hint", "A new MRN prefix applies to patients registered from now on; existing MRNs never change. Address levels name the parts of an address, largest first (e.g. Region, District, Village)."))
	btn := widget.NewButton(lang.X("settings.save", "Save settings (Enter)"), save)
	btn.Importance = widget.HighImportance
	return container.NewVBox(kit.Heading(lang.X("nav.settings", "Settings")), form, hint, btn, status)
}

// chooseDoubleEntryFields lets the administrator pick, per form, which
// fields a second clerk keys blind. The choice is saved with the settings.
func chooseDoubleEntryFields(h *kit.Host, c *model.Clinic) {
	// One tab per form, its fields listed down: the forms have up to a
	// dozen fields, and side by side they are wider than a small screen.
	box := container.NewAppTabs()
	groups := map[model.DocType]*widget.CheckGroup{}
	for _, t := range clinical.Templates() {
		t = t.ForClinic(*c)
		var labels, on []string
		for _, f := range t.Fields {
			labels = append(labels, f.Label)
			if f.DoubleEntryDefault {
				on = append(on, f.Label)
			}
		}
		g := widget.NewCheckGroup(labels, nil)
		g.SetSelected(on)
		groups[t.Type] = g
		box.Append(container.NewTabItem(t.Title, container.NewVScroll(g)))
	}
	d := dialog.NewCustomConfirm(lang.X("settings.fields_twice_title", "Fields keyed twice"), lang.X("settings.keep_choice", "Keep this choice"), lang.X("common.cancel", "Cancel"), box, func(ok bool) {
		if !ok {
			return
		}
		c.DoubleEntryFields = map[model.DocType][]string{}
		for _, t := range clinical.Templates() {
			keys := []string{}
			for _, f := range t.Fields {
				if slices.Contains(groups[t.Type].Selected, f.Label) {
					keys = append(keys, f.Key)
				}
			}
			c.DoubleEntryFields[t.Type] = keys
		}
		h.Notice(lang.X("settings.choice_kept", "Choice kept: press Save settings to apply it."))
	}, h.Win)
	d.Resize(h.Fit(760, 560))
	d.Show()
}

// rootOfTrust shows the first administrator's key fingerprint, the same as
// on the recovery sheet: if they differ, the store was tampered with
// (dossier verify --fingerprint checks it too).
func rootOfTrust(fp string) fyne.CanvasObject {
	if fp == "" {
		fp = lang.X("settings.fp_not_set", "not set yet: it is made at the first administrator's next sign-in")
	}
	l := widget.NewLabelWithStyle(fp, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	return container.NewVBox(widget.NewSeparator(), kit.Heading(lang.X("settings.root_of_trust", "Root of trust")),
		kit.WrapLabel(lang.X("settings.fp_hint", "The first administrator's key fingerprint. It must match the one printed on the recovery sheet.")), l)
}
