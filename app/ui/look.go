package ui

import (
	"image/color"

	"dossier/app/ui/kit"
	"dossier/assets"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// Appearance is a user's choice of theme and text size (View menu), kept
// sealed per user (storage Prefs) and applied at each sign-in: a bright
// room needs the light theme, tired eyes larger text.
type Appearance struct {
	Theme string  `json:"theme"` // "dark", "light"; "" follows the system
	Scale float32 `json:"scale"` // 1, 1.15 or 1.3; 0 is 1
}

const appearancePref = "appearance"

// Text sizes on offer. The largest still fits the 1024×700 window.
var textSizes = []float32{1, 1.15, 1.3}

// textSizeLabel is text size i of textSizes as the View menu names it.
func textSizeLabel(i int) string {
	return []string{lang.X("view.normal_text", "Normal text"), lang.X("view.larger_text", "Larger text"), lang.X("view.largest_text", "Largest text")}[i]
}

// look is Fyne's theme with the user's variant and size.
type look struct {
	base    fyne.Theme
	variant fyne.ThemeVariant
	fixed   bool // variant chosen by the user, not the system
	scale   float32
}

func (l *look) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if l.fixed {
		v = l.variant
	}
	return l.base.Color(n, v)
}

// Text fonts: Dossier Sans is Fyne's Noto Sans with the Ethiopic letters
// added (assets/fonts), so names typed in Amharic show on any computer, not
// only on those with an Ethiopic system font. Italic and fixed-width text
// keep Fyne's fonts; Fyne falls back to system fonts for the rest
// (Devanagari where one is installed).
var (
	fontText = fyne.NewStaticResource("DossierSans-Regular.ttf", assets.FontWorld)
	fontBold = fyne.NewStaticResource("DossierSans-Bold.ttf", assets.FontWorldBold)
)

func (l *look) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol || s.Italic:
		return l.base.Font(s)
	case s.Bold:
		return fontBold
	}
	return fontText
}

func (l *look) Icon(n fyne.ThemeIconName) fyne.Resource { return l.base.Icon(n) }

// Size scales the text (and the icons set in it), not borders and
// padding: a thicker entry border helps nobody read.
func (l *look) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameInlineIcon:
		return l.base.Size(n) * l.scale
	}
	return l.base.Size(n)
}

// applyAppearance sets the window's theme to a.
func (ui *UI) applyAppearance(a Appearance) {
	l := &look{base: theme.DefaultTheme(), scale: a.Scale}
	if l.scale <= 0 {
		l.scale = 1
	}
	switch a.Theme {
	case "light":
		l.fixed, l.variant = true, theme.VariantLight
	case "dark":
		l.fixed, l.variant = true, theme.VariantDark
	}
	ui.appearance = a
	ui.app.Settings().SetTheme(l)
}

// loadAppearance applies the signed-in user's appearance (off the UI
// goroutine to read it).
func (ui *UI) loadAppearance() {
	kit.Run(ui.h, func(sess *storage.Session) (Appearance, error) {
		var a Appearance
		_, err := sess.Prefs().Load(appearancePref, &a)
		return a, err
	}, func(a Appearance, err error) {
		if err == nil && a != ui.appearance {
			ui.applyAppearance(a)
			if ui.shell != nil {
				ui.shell.addShortcuts() // the View menu's ticks
			}
		}
	})
}

// setAppearance applies a and keeps it for the user.
func (ui *UI) setAppearance(a Appearance) {
	ui.applyAppearance(a)
	if ui.shell != nil {
		ui.shell.addShortcuts() // the View menu's ticks
	}
	kit.Run(ui.h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Prefs().Save(appearancePref, a) },
		func(_ struct{}, err error) { ui.h.ShowError(err) })
}

// viewMenu offers the theme and the text size, the current ones ticked.
func (sh *shell) viewMenu() *fyne.Menu {
	ui := sh.ui
	cur := ui.appearance
	var items []*fyne.MenuItem
	for _, t := range []struct{ label, theme string }{{lang.X("view.follow_system", "Follow the system"), ""}, {lang.X("view.light", "Light theme"), "light"}, {lang.X("view.dark", "Dark theme"), "dark"}} {
		it := fyne.NewMenuItem(t.label, func() {
			ui.touch()
			a := ui.appearance
			a.Theme = t.theme
			ui.setAppearance(a)
		})
		it.Checked = cur.Theme == t.theme
		items = append(items, it)
	}
	items = append(items, fyne.NewMenuItemSeparator())
	for i, scale := range textSizes {
		it := fyne.NewMenuItem(textSizeLabel(i), func() {
			ui.touch()
			a := ui.appearance
			a.Scale = scale
			ui.setAppearance(a)
		})
		it.Checked = cur.Scale == scale || (cur.Scale == 0 && scale == 1)
		items = append(items, it)
	}
	return fyne.NewMenu(lang.X("menu.view", "View"), items...)
}
