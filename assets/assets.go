// Package assets embeds what Dossier ships inside its binary: the icon and
// the fonts PDFs need to print names in any script. Nothing is downloaded
// at run time.
package assets

import "embed"

// Icon is the application icon (256×256 PNG).
//
//go:embed icons/dossier.png
var Icon []byte

// Fonts for PDFs: DejaVu covers Latin, Greek, Cyrillic, Arabic and more.
var (
	//go:embed fonts/DejaVuSans.ttf
	FontSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	FontSansBold []byte
	//go:embed fonts/DejaVuSansMono.ttf
	FontMono []byte
)

// Dossier Sans is Noto Sans and Noto Sans Ethiopic in one font (see
// fonts/README.txt): the window's text font, and the PDFs' font for text
// with Ethiopic letters, which DejaVu lacks.
var (
	//go:embed fonts/DossierSans-Regular.ttf
	FontWorld []byte
	//go:embed fonts/DossierSans-Bold.ttf
	FontWorldBold []byte
)

// Help is the guide the Help menu shows: one short Markdown page per
// section, named NN-section.md so they list in the navigation's order.
//
//go:embed help/*.md
var Help embed.FS

// Translations are the window's words in each language, go-i18n JSON files
// named <code>.json (en, fr, pt, sw) that Fyne's lang package loads. The
// records office lead corrects them here (README, Languages).
//
//go:embed translations/*.json
var Translations embed.FS

// PrintedWords are the words of printed documents (case notes, slips,
// letters, reports, labels) in each language, go-i18n JSON files named
// print/<code>.json, kept apart from the window's so the two are edited
// and merged separately; reports/printed reads them (README, Languages).
//
//go:embed translations/print/*.json
var PrintedWords embed.FS
