// Package app is Dossier's window: Fyne screens over the storage layer.
// Widgets are touched only on the UI goroutine; storage work runs in
// goroutines and comes back with fyne.Do.
package ui

import (
	"errors"
	"log"

	"dossier/app/ui/keying"
	"dossier/app/ui/kit"
	"dossier/assets"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// UI is the controller every screen hangs off. Screens call its methods;
// logic lives here and in storage, not in widget callbacks.
type UI struct {
	app     fyne.App
	win     fyne.Window
	dbPath  string
	version string

	store *storage.Store
	// h is what feature screens share: the session tied to its generation,
	// background work, dialogs and the links between features.
	h *kit.Host

	shell   *shell
	idle    *idleLock
	backups backupClock
	syncing syncing
	closed  bool // shutdown has run
	// appearance is the signed-in user's theme and text size.
	appearance Appearance

	// kdf overrides key-derivation settings (tests use a fast one).
	kdf storage.Options
}

// Run opens the window on the store at dbPath and blocks until it closes.
func Run(dbPath, version string) {
	code := storage.ClinicLanguage(dbPath)
	useLanguage(code)
	loadTranslations(code)
	a := fyneapp.NewWithID("org.dossier.records")
	a.SetIcon(fyne.NewStaticResource("dossier.png", assets.Icon))
	ui := New(a, dbPath, version)
	ui.win.ShowAndRun()
	ui.shutdown()
}

// New builds the controller and its window and shows the first screen.
func New(a fyne.App, dbPath, version string) *UI {
	ui := &UI{app: a, dbPath: dbPath, version: version}
	ui.applyAppearance(Appearance{}) // the text fonts from the first screen on
	ui.win = a.NewWindow("Dossier")
	ui.win.Resize(fyne.NewSize(1024, 700))
	ui.win.SetMaster()
	ui.h = kit.NewHost(a, ui.win, version)
	ui.h.Activity = func() { ui.touch() }
	ui.wireLinks()
	ui.idle = newIdleLock(func() { ui.h.Serialized(ui.lockForIdle) })
	ui.win.SetCloseIntercept(ui.closeWithBackup)
	ui.startBackupClock()
	ui.start()
	return ui
}

// start decides the first screen: setup, sign-in, or an explanation of why
// the store cannot open.
func (ui *UI) start() {
	if !storage.Exists(ui.dbPath) {
		ui.showSetup()
		return
	}
	s, err := storage.Open(ui.dbPath, ui.kdf)
	if err != nil {
		ui.showCannotOpen(err)
		return
	}
	ui.useStore(s)
	ui.showSignIn("")
}

// useStore makes s the open store; a demo store says so in the title bar
// so nobody mistakes synthetic patients for the clinic's.
func (ui *UI) useStore(s *storage.Store) {
	ui.store = s
	title := "Dossier"
	if s != nil && s.IsDemo() {
		title += " " + lang.X("start.demo", "(demo)")
	}
	ui.win.SetTitle(title)
}

func (ui *UI) showCannotOpen(err error) {
	msg := widget.NewLabel(kit.Plain(err))
	msg.Wrapping = fyne.TextWrapWord
	hint := lang.X("start.other_window", "Close the other Dossier window, then open Dossier again.")
	if !errors.Is(err, storage.ErrAlreadyOpen) {
		hint = lang.X("start.check_db", "Check the file name given with --db, or restore the store from a backup (dossier restore).")
	}
	h := widget.NewLabel(hint)
	h.Wrapping = fyne.TextWrapWord
	quit := widget.NewButton(lang.X("menu.quit", "Quit"), ui.win.Close)
	ui.setContent(kit.Centered(container.NewVBox(kit.Heading(lang.X("start.cannot_open", "Dossier cannot open the clinic store")), msg, h, quit), 460))
}

func (ui *UI) setContent(o fyne.CanvasObject) { ui.win.SetContent(o) }

// shutdown signs out and closes the store when the window closes.
func (ui *UI) shutdown() {
	if ui.closed {
		return
	}
	ui.closed = true
	ui.idle.stop()
	ui.stopSync()()
	ui.syncing.loops.Wait()
	ui.stopBackupClock()
	ui.h.Wait()
	if sess := ui.h.Session(); sess != nil {
		keep := keying.DraftNow(ui.h)
		// Signed out first: timers (the scanner inbox, autosave) stop
		// instead of touching a closing window.
		ui.h.Serialized(ui.h.SignedOut)
		keep(sess)
		if err := sess.Lock(model.ActSignOut); err != nil {
			log.Printf("sign-out: %v", err)
		}
	}
	ui.h.Wait()
	if ui.store != nil {
		ui.store.Close()
	}
}
