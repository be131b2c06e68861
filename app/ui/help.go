package ui

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"dossier/app/ui/kit"
	"dossier/assets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Licences is the NOTICE and LICENSE text shown in About (main embeds
// them from the repository root).
var Licences string

// helpPage is one page of the guide.
type helpPage struct {
	name, title, text string
}

// helpPages reads the embedded guide: one page per section, in the
// navigation's order, then the keyboard page made from the shell itself
// (so it always says what the keys do now).
func (sh *shell) helpPages() []helpPage {
	var pages []helpPage
	names, _ := fs.Glob(assets.Help, "help/*.md")
	sort.Strings(names)
	for _, n := range names {
		b, err := assets.Help.ReadFile(n)
		if err != nil {
			continue
		}
		text := string(b)
		title, _, _ := strings.Cut(text, "\n")
		pages = append(pages, helpPage{name: strings.TrimSuffix(path.Base(n), ".md"), title: strings.TrimPrefix(title, "# "), text: text})
	}
	return append([]helpPage{{name: "keyboard", title: lang.X("help.keyboard", "Keyboard"), text: sh.keysMarkdown()}}, pages...)
}

// keyLine is a shortcut in the guide's markdown: the key, then what it does.
// ctrlDigit names a section's key (Ctrl+1…).
const (
	keyLine   = "- **%s**: %s\n"
	ctrlDigit = "Ctrl+%d"
)

// keysMarkdown lists the keyboard shortcuts.
func (sh *shell) keysMarkdown() string {
	var b strings.Builder
	b.WriteString("# " + lang.X("help.keyboard", "Keyboard") + "\n\n" +
		lang.X("help.keys_intro", "The same keys work for every role; a key for a section your role does not use does nothing.") + "\n\n")
	fmt.Fprintf(&b, keyLine, "Ctrl+K", lang.X("help.key_goto", "go to any section by typing its name"))
	for _, s := range allSections() {
		if s.key > 0 {
			fmt.Fprintf(&b, keyLine, fmt.Sprintf(ctrlDigit, s.key), s.label())
		}
	}
	for _, k := range [][2]string{{"Ctrl+F", lang.X("help.key_find", "find a patient")}, {"Ctrl+N", lang.X("help.key_register", "register a patient")},
		{"Ctrl+L", lang.X("help.key_lock", "lock the screen")}, {"Alt+N", lang.X("help.key_next", "next item of the list you opened from My work")},
		{"Ctrl+H", lang.X("help.key_guide", "this guide")}, {"Ctrl+Q", lang.X("help.key_quit", "quit")},
		{"Alt+Page Down / Alt+Page Up", lang.X("help.key_pages", "next / previous scanned page while typing")},
		{lang.X("help.key_name_enter", "Enter"), lang.X("help.key_enter", "save a form, or choose in a list")}, {"Tab / Shift+Tab", lang.X("help.key_tab", "next / previous field")}} {
		fmt.Fprintf(&b, keyLine, k[0], k[1])
	}
	return b.String()
}

// showGuide opens the guide on the page named start ("" for the current
// section's), with a search box over every page.
func (sh *shell) showGuide(start string) {
	pages := sh.helpPages()
	if start == "" && sh.current < len(sh.sections) {
		start = sh.sections[sh.current].help
	}
	shown := make([]int, len(pages))
	for i := range shown {
		shown[i] = i
	}
	body := widget.NewRichTextFromMarkdown("")
	body.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(body)
	list := widget.NewList(func() int { return len(shown) },
		func() fyne.CanvasObject { return widget.NewLabel(lang.X("nav.release", "Release of information")) },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(pages[shown[i]].title) })
	list.OnSelected = func(i widget.ListItemID) {
		sh.ui.touch()
		body.ParseMarkdown(pages[shown[i]].text)
		scroll.ScrollToTop()
	}
	search := widget.NewEntry()
	search.SetPlaceHolder(lang.X("help.search", "Search the guide"))
	search.OnChanged = func(q string) {
		shown = shown[:0]
		words := strings.Fields(strings.ToLower(q))
		for i, p := range pages {
			t := strings.ToLower(p.text)
			ok := true
			for _, w := range words {
				ok = ok && strings.Contains(t, w)
			}
			if ok {
				shown = append(shown, i)
			}
		}
		list.UnselectAll()
		list.Refresh()
		if len(shown) > 0 {
			list.Select(0)
		} else {
			body.ParseMarkdown(lang.X("help.nothing_found", "Nothing in the guide mentions “{{.Words}}”.", map[string]any{"Words": strings.TrimSpace(q)}))
		}
	}
	search.OnSubmitted = func(string) { sh.ui.touch() }
	var dlg dialog.Dialog
	closeBtn := widget.NewButton(lang.X("help.close", "Close"), func() { dlg.Hide() })
	split := container.NewHSplit(list, scroll)
	split.Offset = 0.3
	dlg = dialog.NewCustomWithoutButtons(lang.X("help.guide_title", "Guide (Ctrl+H)"), container.NewBorder(search, container.NewHBox(kit.SpacerH(), closeBtn), nil, nil, split), sh.ui.win)
	dlg.Resize(fyne.NewSize(820, kit.MaxDialogHeight-40))
	dlg.Show()
	sel := 0
	for i, p := range pages {
		if p.name == start {
			sel = i
		}
	}
	list.Select(sel)
	sh.ui.win.Canvas().Focus(search)
}

// showAbout says which Dossier this is, where the clinic's store and its
// backups are, and the licences.
func (sh *shell) showAbout() {
	ui := sh.ui
	last := lang.X("help.no_backup_yet", "none made yet")
	if t := ui.store.LastBackup(); !t.IsZero() {
		last = t.Local().Format("2006-01-02 15:04")
	}
	lines := []string{
		"Dossier " + ui.version,
		lang.X("help.store", "Clinic store: {{.Path}}", map[string]any{"Path": ui.dbPath}),
		lang.X("help.last_backup", "Last backup: {{.When}}", map[string]any{"When": last}),
	}
	if plan, err := ui.h.Session().Admin().BackupPlan(); err == nil && plan.On() {
		lines = append(lines, lang.X("help.scheduled_backups", "Scheduled backups: {{.Plan}}", map[string]any{"Plan": plan.Describe()}))
	}
	info := kit.WrapLabel(strings.Join(lines, "\n"))
	lic := widget.NewLabel(Licences)
	lic.Wrapping = fyne.TextWrapWord
	lic.TextStyle = fyne.TextStyle{Monospace: true}
	var dlg dialog.Dialog
	closeBtn := widget.NewButton(lang.X("help.close", "Close"), func() { dlg.Hide() })
	dlg = dialog.NewCustomWithoutButtons(lang.X("help.about", "About Dossier"), container.NewBorder(container.NewVBox(info, widget.NewSeparator(), kit.Heading(lang.X("help.licences", "Licences"))),
		container.NewHBox(kit.SpacerH(), closeBtn), nil, nil, container.NewVScroll(lic)), ui.win)
	dlg.Resize(fyne.NewSize(760, kit.MaxDialogHeight-40))
	dlg.Show()
}

// helpMenu is the Help menu: the guide, the keys, About.
func (sh *shell) helpMenu() *fyne.Menu {
	guide := fyne.NewMenuItem(lang.X("help.guide", "Guide"), func() { sh.ui.touch(); sh.showGuide("") })
	guide.Shortcut = ctrlKey(fyne.KeyH)
	keys := fyne.NewMenuItem(lang.X("help.keys", "Keyboard shortcuts"), func() { sh.ui.touch(); sh.showGuide("keyboard") })
	about := fyne.NewMenuItem(lang.X("help.about", "About Dossier"), func() { sh.ui.touch(); sh.showAbout() })
	return fyne.NewMenu(lang.X("menu.help", "Help"), guide, keys, fyne.NewMenuItemSeparator(), about)
}
