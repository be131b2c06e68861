package ui

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The scanner drops a good scan and a file that is not one into the
// watched inbox: the good page lands in the tray (and leaves the inbox),
// the bad file is named and put aside, and the page can be set aside and
// brought back.
func TestScanningImportsIntoTheTray(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	onUI(ui, func() { ui.OpenSection("Scanning") })
	ui.Wait()
	wantText(t, ui, "The unfiled tray is empty")
	dir := t.TempDir()
	good := filepath.Join(dir, "page.png")
	data, err := os.ReadFile("../../reports/imports/scans/testdata/typewriter.png")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, data, 0o600)
	bad := filepath.Join(dir, "letter.docx")
	os.WriteFile(bad, []byte("PK\x03\x04 not a scan"), 0o600)
	// Both files are older than the inbox's settling time, so the first
	// look (when the screen opens with the inbox set) takes them.
	old := time.Now().Add(-time.Minute)
	for _, p := range []string{good, bad} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	onUI(ui, func() {
		ui.app.Preferences().SetString("scanner-inbox", dir)
		ui.OpenSection("Scanning")
	})
	ui.Wait()
	wantText(t, ui, "1 page imported from 2 files")
	wantText(t, ui, "letter.docx")
	wantText(t, ui, "Unfiled tray: 1 page (")
	if _, err := os.Stat(good); !os.IsNotExist(err) {
		t.Fatalf("the imported scan is still in the inbox: %v", err)
	}
	tap(ui, findButton(t, ui, "Set aside"))
	wantText(t, ui, "Unfiled tray: 0 pages (0 look blank, 1 set aside)")
	tray, _ := ui.h.Session().Pages().Unfiled(true)
	if len(tray) != 1 || !tray[0].Discarded {
		t.Fatalf("set aside: %+v", tray)
	}
	tap(ui, findButton(t, ui, "Bring back"))
	if tray, _ = ui.h.Session().Pages().Unfiled(true); tray[0].Discarded {
		t.Fatal("not brought back")
	}
}
