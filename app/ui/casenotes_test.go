package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestPrintCaseNotesFromTheChart(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	list, _ := ui.sess.ListPatients(false)
	onUI(ui, func() { ui.h.OpenChart(list[0].ID) })
	ui.Wait()
	findButton(t, ui, "Print case notes…")
	path := filepath.Join(t.TempDir(), "notes.pdf")
	onUI(ui, func() { ui.writeCaseNotes(list[0].ID, "Ward 3", path) })
	ui.Wait()
	wantText(t, ui, "Case notes saved to")
	if data, _ := os.ReadFile(path); !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("no PDF written")
	}
}
