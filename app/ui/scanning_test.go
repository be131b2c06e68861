package ui

import (
	"os"
	"path/filepath"
	"testing"
)

// The clerk imports a good scan and a file that is not one: the good page
// lands in the tray, the bad file is named, and the page can be set aside
// and brought back.
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
	onUI(ui, func() { ui.scan.importPaths([]string{good, bad}, nil) })
	ui.Wait()
	wantText(t, ui, "1 page imported from 2 files")
	wantText(t, ui, "letter.docx")
	wantText(t, ui, "Unfiled tray: 1 page (")
	tap(ui, findButton(t, ui, "Set aside"))
	wantText(t, ui, "Unfiled tray: 0 pages (0 look blank, 1 set aside)")
	tray, _ := ui.sess.Pages().Unfiled(true)
	if len(tray) != 1 || !tray[0].Discarded {
		t.Fatalf("set aside: %+v", tray)
	}
	tap(ui, findButton(t, ui, "Bring back"))
	if tray, _ = ui.sess.Pages().Unfiled(true); tray[0].Discarded {
		t.Fatal("not brought back")
	}
}
