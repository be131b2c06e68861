package ui

import (
	"testing"
)

// The chart offers case notes and asks for whom; writing them is tested
// in app/ui/printing (TestWriteCaseNotes).
func TestPrintCaseNotesFromTheChart(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	list, _ := ui.h.Session().Patients().List(false)
	onUI(ui, func() { ui.h.OpenChart(list[0].ID) })
	ui.Wait()
	tap(ui, findButton(t, ui, "Print case notes…"))
	box := findEntry(t, ui, "Who are the notes for?")
	if box.MultiLine {
		t.Fatal("the name of whom notes are for is one line")
	}
	if box.PlaceHolder != "Who are the notes for? (e.g. Female Medical ward, Dr. Achieng)" {
		t.Fatalf("asked %q", box.PlaceHolder)
	}
	findButton(t, ui, "Continue")
}
