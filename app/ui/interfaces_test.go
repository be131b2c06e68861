package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/app/flow/hl7in"
	"dossier/app/ui/interfaces"
	"dossier/model"
	"dossier/storage"

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

// The Outbox lists what Dossier sends: a message the peer refused is tried
// again with Retry (and goes, to the folder now set), and one that will
// never go is cancelled by the supervisor with a reason. The Interface
// errors status line stays in its own view.
func TestOutboxCancelAndRetry(t *testing.T) {
	path := newDemoStore(t)
	out := t.TempDir()
	s, err := storage.Open(path, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := admin.Clinic()
	c.Interfaces = model.InterfaceSettings{SendADT: true, PeerAddr: "127.0.0.1:9"}
	if err := admin.Admin().UpdateClinic(c, "send ADT"); err != nil {
		t.Fatal(err)
	}
	ps, _ := admin.Patients().List(false)
	y, m, d := time.Now().Date()
	e := model.Encounter{PatientID: ps[0].ID, Start: time.Date(y, m, d-2, 9, 0, 0, 0, time.Local), Ward: "Medical", Bed: "4"}
	if err := admin.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Admissions().Transfer(e.ID, "Surgical", "1", time.Date(y, m, d-1, 9, 0, 0, 0, time.Local)); err != nil {
		t.Fatal(err)
	}
	msgs, _ := admin.Outbox().Pending()
	if len(msgs) != 2 {
		t.Fatalf("%d in the outbox", len(msgs))
	}
	if err := admin.Outbox().Delivered(msgs[0].ID, "MLLP 127.0.0.1:9", errors.New("the peer answered AR: unknown ward"), true); err != nil {
		t.Fatal(err)
	}
	// From now on the messages go to a folder, which takes them.
	c.Interfaces = model.InterfaceSettings{SendADT: true, OutFolder: out}
	if err := admin.Admin().UpdateClinic(c, "send ADT to a folder"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	ui := openUI(t, path)
	signInAs(t, ui, "super1")
	openSection(t, ui, interfaces.Title)
	wantText(t, ui, "No message waits in Interface errors")
	selectTab(ui, "Outbox")
	if text := screenText(ui); strings.Contains(text, "No message waits") || strings.Contains(text, "Replay") {
		t.Fatalf("the Interface errors view shows in the Outbox:\n%s", text)
	}
	wantText(t, ui, "Failed: refused")
	wantText(t, ui, "unknown ward")
	wantText(t, ui, "1 waiting to be sent; 1 refused by the other system")
	if !findButton(t, ui, "Retry").Disabled() || !findButton(t, ui, "Cancel message").Disabled() {
		t.Fatal("Retry or Cancel enabled with no message chosen")
	}
	choose := func(row int, want string) {
		t.Helper()
		onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: row, Col: 0}) })
		ui.Wait()
		wantText(t, ui, want)
	}
	// Newest first: the transfer (A02, never tried) is cancelled with a
	// reason; it cannot be retried, having not failed.
	choose(0, "ADT^A02 "+msgs[1].ControlID+": Waiting after 0 attempts.")
	if !findButton(t, ui, "Retry").Disabled() {
		t.Fatal("Retry enabled for a message not yet tried")
	}
	tap(ui, findButton(t, ui, "Cancel message"))
	setText(ui, reasonBox(t, ui), "transfer keyed in error; the ward has it on paper")
	tap(ui, findButton(t, ui, "Do not send it"))
	ui.Wait()
	wantText(t, ui, "cancelled: transfer keyed in error")
	wantText(t, ui, "0 waiting to be sent; 1 refused by the other system")
	// The refused admission is tried again, now, and goes to the folder.
	choose(1, "the peer answered AR: unknown ward")
	tap(ui, findButton(t, ui, "Retry"))
	ui.Wait()
	wantText(t, ui, "1 sent, 0 refused, 0 still waiting")
	closeOverlays(ui)
	wantText(t, ui, "Every message listed has been sent or cancelled")
	files, _ := filepath.Glob(filepath.Join(out, "*.hl7"))
	if len(files) != 1 || !strings.Contains(files[0], msgs[0].ControlID) {
		t.Fatalf("out folder: %v", files)
	}
	sess := ui.h.Session()
	rec, _ := sess.Outbox().Recent(5)
	if len(rec) != 2 || rec[0].Status != model.OutboundCancelled || rec[1].Status != model.OutboundSent || rec[1].Attempts != 2 {
		t.Fatalf("outbox after: %+v", rec)
	}
}

// closeOverlays closes the dialogs on screen.
func closeOverlays(ui *UI) {
	onUI(ui, func() {
		for ui.win.Canvas().Overlays().Top() != nil {
			ui.win.Canvas().Overlays().Remove(ui.win.Canvas().Overlays().Top())
		}
	})
}
