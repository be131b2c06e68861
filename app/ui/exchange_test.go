package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExchangeExportsTheClinic opens the Exchange section as a records
// supervisor and exports the whole clinic, one file per kind (NDJSON).
func TestExchangeExportsTheClinic(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "super1")
	openSection(t, ui, "Exchange (FHIR)")
	dir := filepath.Join(t.TempDir(), "bulk")
	ui.h.PickSavePath = func(name string, chosen func(string)) { chosen(dir) }
	tap(ui, findButton(t, ui, "Export…"))
	wantText(t, ui, "Say who the records are for")
	setText(ui, findEntry(t, ui, "Who the records are for (audited)"), "District registry")
	tap(ui, findButton(t, ui, "Export…"))
	ui.Wait()
	if !strings.Contains(screenText(ui), "patients exported") {
		t.Fatalf("after Export: %s", screenText(ui))
	}
	if _, err := os.Stat(filepath.Join(dir, "Patient.ndjson")); err != nil {
		t.Error(err)
	}
	if !findButton(t, ui, "Preview").Disabled() {
		t.Error("Preview is enabled with no file chosen")
	}
}
