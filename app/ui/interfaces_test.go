package ui

import (
	"strings"
	"testing"

	"dossier/app/flow/hl7in"
	"dossier/app/ui/interfaces"

	"fyne.io/fyne/v2/widget"
)

// A result for a patient the sender named wrongly waits in Interface
// errors; the supervisor corrects the identifier and replays it.
func TestInterfaceErrorsFixAndReplay(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "super1")
	sess := ui.h.Session()
	ps, err := sess.Patients().List(false)
	if err != nil || len(ps) == 0 {
		t.Fatal(len(ps), err)
	}
	mrn := ps[0].MRN
	msg := "MSH|^~\\&|LAB|L|D|C|20260101||ORU^R01|UI1|P|2.5.1\rPID|1||WRONG-1^^^^MR||X^Y\rOBR|1||9|HB^Haemoglobin\rOBX|1|NM|HB^Haemoglobin||9.8|g/dL|||||F\r"
	if r, err := hl7in.Apply(sess, msg, "test"); err != nil || r.Code != "AE" {
		t.Fatalf("%+v %v", r, err)
	}
	openSection(t, ui, interfaces.Title)
	wantText(t, ui, "1 message could not be applied")
	replay := findButton(t, ui, "Replay")
	if !replay.Disabled() {
		t.Fatal("Replay enabled with no message chosen")
	}
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 0}) })
	ui.Wait()
	text := findEntry(t, ui, "Choose a message")
	if !strings.Contains(text.Text, "WRONG-1") {
		t.Fatalf("message text not shown: %q", text.Text)
	}
	setText(ui, text, strings.Replace(text.Text, "WRONG-1", mrn, 1))
	tap(ui, findButton(t, ui, "Replay"))
	setText(ui, reasonBox(t, ui), "the laboratory typed the wrong number")
	tap(ui, findButton(t, ui, "Replay"))
	ui.Wait()
	wantText(t, ui, "No message waits in Interface errors")
	if q, _ := sess.Interfaces().InterfaceQueue(); len(q) != 0 {
		t.Fatalf("%d still waiting", len(q))
	}
	// The result is in the chart's summary beside results keyed from paper.
	onUI(ui, func() { ui.h.OpenChart(ps[0].ID) })
	ui.Wait()
	wantText(t, ui, "Haemoglobin: 9.8 g/dL")
}
