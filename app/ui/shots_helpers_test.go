package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shotOf checks that the window shows every text in want, then, when
// DOSSIER_SHOTS names a folder, saves what it shows there as name.png:
// DOSSIER_SHOTS=DIR go test -run Shots ./app/ui
func shotOf(t *testing.T, ui *UI, name string, want ...string) {
	t.Helper()
	s := screenText(ui)
	if os.Getenv("DOSSIER_SHOTS_PRINT") != "" {
		t.Logf("--- %s\n%s", name, s)
	}
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("shot %s: screen lacks %q; it shows:\n%s", name, w, s)
		}
	}
	dir := os.Getenv("DOSSIER_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, ui.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
