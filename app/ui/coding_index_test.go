package ui

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"dossier/app/ui/coding"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// codingStore is a demo store with a coder and one encounter for each
// list of diagnoses as written, oldest first.
func codingStore(t *testing.T, diagnoses ...[]string) string {
	t.Helper()
	path := newDemoStore(t)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	admin, _ := s.SignIn("admin", pw)
	admin.Admin().CreateUser(model.User{Username: "coder1", FullName: "Cora Coder", Role: model.RoleCoder}, pw)
	clerk, _ := s.SignIn("clerk1", pw)
	all, _ := clerk.Patients().List(false)
	var list []storage.PatientSummary
	for _, p := range all {
		if !p.Restricted {
			list = append(list, p)
		}
	}
	for i, dx := range diagnoses {
		enc := model.Encounter{PatientID: list[i%len(list)].ID, Type: model.EncOutpatient,
			Start: time.Now().AddDate(0, 0, -10+i), Diagnoses: dx}
		if err := clerk.Encounters().Create(&enc); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// openFirstEncounter signs the coder in and opens the oldest encounter.
func openFirstEncounter(t *testing.T, path string) *UI {
	t.Helper()
	ui := openUI(t, path)
	signInAs(t, ui, "coder1")
	openSection(t, ui, "Coding")
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	ui.Wait()
	return ui
}

// boxText is what the picker's box holds.
func boxText(box any) string {
	return reflect.ValueOf(box).Elem().FieldByName("Entry").FieldByName("Text").String()
}

func press(ui *UI, box fyne.Focusable, key fyne.KeyName) {
	onUI(ui, func() { box.TypedKey(&fyne.KeyEvent{Name: key}) })
	ui.Wait()
}

func TestPickerIndexPathPrefillAndNotes(t *testing.T) {
	ui := openFirstEncounter(t, codingStore(t, []string{"sepsis of newborn"}))
	tap(ui, findButton(t, ui, "Code…"))
	wantText(t, ui, "results")
	box := pickerBox(t, ui)
	// Defect 3: the as-written text is selected, so typing replaces it.
	if sel := box.(interface{ SelectedText() string }).SelectedText(); sel != "sepsis of newborn" {
		t.Fatalf("the pre-fill is not selected: %q", sel)
	}
	onUI(ui, func() { test.Type(box, "pneumonia") })
	ui.Wait()
	if got := boxText(box); got != "pneumonia" {
		t.Fatalf("typing did not replace the pre-fill: %q", got)
	}
	// Defect 4: the pane describes the highlighted code after each change.
	wantText(t, ui, "Matched: Alphabetic Index: Pneumonia")
	resultCountAgrees(t, ui)
	onUI(ui, func() { box.SetText("sepsis of newborn") })
	ui.Wait()
	// The path read in the book: "Newborn › sepsis → P36.9" (or Sepsis ›
	// newborn, the same code).
	wantText(t, ui, "sepsis → P36.9]")
	wantText(t, ui, "Matched: Alphabetic Index: Newborn › sepsis → P36.9")
	if strings.Contains(screenText(ui), "Matched: Alphabetic Index: Pneumonia") {
		t.Fatal("the notes pane still describes the code of the previous query")
	}
	// The clinic shorthand is read first and shown expanded.
	onUI(ui, func() { box.SetText("CCF") })
	ui.Wait()
	wantText(t, ui, "read as CCF → congestive cardiac failure")
	wantText(t, ui, "I50.9")
	resultCountAgrees(t, ui)
	onUI(ui, func() { box.SetText("zzqx") })
	ui.Wait()
	resultCountAgrees(t, ui)
	onUI(ui, func() { box.SetText("sepsis of newborn") })
	ui.Wait()
	// Choosing a book's code shows its tabular entry first; Enter again accepts.
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "Accept P36.9")
	wantText(t, ui, "Check the tabular entry")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "→ P36.9 Bacterial sepsis of newborn, unspecified (ICD-10-CM 2021)")
}

func TestPickerDrugTableExternalCauseAndMissingCodes(t *testing.T) {
	ui := openFirstEncounter(t, codingStore(t, []string{"amitriptyline overdose", "fracture femur"}))
	tap(ui, findButton(t, ui, "Code…"))
	wantText(t, ui, "results")
	box := pickerBox(t, ui)
	wantText(t, ui, "Amitriptyline [Poisoning Accidental (unintentional)] → T43.011")
	// The table row opens with its six columns, the words' intent first.
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "T43.011  Poisoning Accidental (unintentional)")
	wantText(t, ui, "T43.012  Poisoning Intentional self-harm")
	wantText(t, ui, "T43.016  Underdosing")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "needs a 7th character")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "→ T43.011A Poisoning by tricyclic antidepressants, accidental (unintentional), initial encounter")
	if strings.Contains(screenText(ui), "External cause of") {
		t.Fatal("a poisoning was asked for an external cause (its intent is in the code)")
	}

	// An injury is followed by its external cause, added as its own line.
	buttons := allButtons(ui, "Code…")
	tap(ui, buttons[1])
	box = pickerBox(t, ui)
	wantText(t, ui, "S72.90")
	onUI(ui, func() { box.SetText("S72.90") })
	ui.Wait()
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "S72.90XA")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "External cause of S72.90XA")
	box = pickerBox(t, ui)
	onUI(ui, func() { box.SetText("fall from tree") })
	ui.Wait()
	wantText(t, ui, "Fall, falling › from, off, out of › tree → W14")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "W14.XXXA")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "external cause of S72.90XA")
	wantText(t, ui, "→ W14.XXXA Fall from tree, initial encounter")

	// A code the index gives that the installed release lacks is shown as
	// such and cannot be chosen.
	tap(ui, allButtons(ui, "Code…")[0])
	box = pickerBox(t, ui)
	onUI(ui, func() { box.SetText("depression") })
	ui.Wait()
	for i := 0; i < 10 && !strings.Contains(screenText(ui), "does not have it"); i++ {
		press(ui, box, fyne.KeyDown)
	}
	wantText(t, ui, "does not have it")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "F32.A is not in the installed ICD-10-CM 2021: it cannot be chosen.")
}

func allButtons(ui *UI, prefix string) []*widget.Button {
	var out []*widget.Button
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, prefix) {
			out = append(out, b)
		}
		return true
	})
	return out
}

func TestMarkCodedOnScreenSavedAndNext(t *testing.T) {
	long := "malaria " + strings.Repeat("with a long history written out in the register at length, ", 40)
	ui := openFirstEncounter(t, codingStore(t, []string{long}, []string{"typhoid"}, []string{"measles"}))
	onUI(ui, func() { ui.win.Resize(fyne.NewSize(1024, 700)) })
	ui.Wait()
	codeWith := func(code string) {
		tap(ui, findButton(t, ui, "Code…"))
		box := pickerBox(t, ui)
		onUI(ui, func() { box.SetText(code) })
		ui.Wait()
		press(ui, box, fyne.KeyReturn)
		wantText(t, ui, "→ "+code)
	}
	codeWith("B54")
	done := findButton(t, ui, "Mark coded")
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(done)
	if canvas := ui.win.Canvas().Size(); pos.Y+done.Size().Height > canvas.Height || pos.X+done.Size().Width > canvas.Width {
		t.Fatalf("Mark coded is off screen at 1024×700: at %v size %v in %v", pos, done.Size(), canvas)
	}
	tap(ui, done)
	wantText(t, ui, "marked coded.")
	wantText(t, ui, "Diagnoses as written: typhoid")
	// The shortcut (Ctrl+M in the Coding menu) marks the open one.
	codeWith("A01.00")
	ok := false
	onUI(ui, func() { ok = coding.MarkCoded(ui.h) })
	ui.Wait()
	if !ok {
		t.Fatal("Mark coded's shortcut found no open encounter")
	}
	wantText(t, ui, "Diagnoses as written: measles")
}

func TestPickerNeoplasmTableAndPCSAxes(t *testing.T) {
	ui := openFirstEncounter(t, codingStore(t, []string{"carcinoma of breast"}))
	tap(ui, findButton(t, ui, "Code…"))
	wantText(t, ui, "results")
	box := pickerBox(t, ui)
	// The morphology word chose the column; the row offers all six.
	wantText(t, ui, "Neoplasm, neoplastic › breast [Malignant Primary] → C50.9-")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "Choose the behaviour")
	wantText(t, ui, "C79.81  Malignant Secondary")
	wantText(t, ui, "Ca in situ")
	// A procedure from the PCS Index: the table, then its axes.
	onUI(ui, func() { box.SetText("appendectomy") })
	ui.Wait()
	wantText(t, ui, "0DTJ…")
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "0DTJ: choose character 5, Approach.")
	wantText(t, ui, "0DTJ4  Approach: Percutaneous Endoscopic")
	press(ui, box, fyne.KeyDown)
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "choose character 6")
	press(ui, box, fyne.KeyReturn)
	press(ui, box, fyne.KeyReturn)
	press(ui, box, fyne.KeyReturn)
	wantText(t, ui, "→ 0DTJ4ZZ")
}

// resultCountAgrees checks the picker's count of results speaks plainly:
// "1 result", "0 results", "12 results", never "1 results".
func resultCountAgrees(t *testing.T, ui *UI) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^(\d+) (results?) in `).FindStringSubmatch(screenText(ui))
	if m == nil {
		t.Fatalf("the picker gives no count of results: %s", screenText(ui))
	}
	if (m[1] == "1") != (m[2] == "result") {
		t.Fatalf("the picker says %q", m[0])
	}
}
