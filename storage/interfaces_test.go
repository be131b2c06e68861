package storage

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

// inbound is a received message with a fresh control ID unless one is given.
var inboundSeq int

func receive(t *testing.T, sess *Session, ev model.InboundEvent, ctl string) (model.InboundMessage, bool) {
	t.Helper()
	if ctl == "" {
		inboundSeq++
		ctl = fmt.Sprintf("CTL%d", inboundSeq)
	}
	in := model.InboundMessage{Sender: "HOSP|WARDS", ControlID: ctl, Type: "ADT^" + ev.Trigger, Raw: "MSH|^~\\&|HOSP|WARDS\r"}
	out, dup, err := sess.Interfaces().Receive(in, &ev)
	if err != nil {
		t.Fatalf("%s: %v", ev.Trigger, err)
	}
	return out, dup
}

func grace() model.Patient {
	return model.Patient{GivenName: "Grace", FamilyName: "Banda", Sex: model.SexFemale, BirthDate: model.Date{Year: 1985, Month: 3, Day: 12}}
}

func TestInterfaceADTCourse(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "iface", model.RoleClerk)
	ids := []string{"H-77"}
	ev := func(trigger string, at time.Time, ward string) model.InboundEvent {
		return model.InboundEvent{Trigger: trigger, Identifiers: ids, Patient: grace(), At: at, Ward: ward, Disposition: "home"}
	}
	steps := []struct {
		ev   model.InboundEvent
		want model.InboundStatus
		why  string
	}{
		{ev("A02", stayDay(3, 9, 0), "Surgical"), model.InboundFailed, "unknown patient"},
		{ev("A28", time.Time{}, ""), model.InboundApplied, ""},
		{ev("A03", stayDay(3, 9, 0), ""), model.InboundFailed, "not admitted"},
		{ev("A01", stayDay(4, 10, 0), "Medical"), model.InboundApplied, ""},
		{ev("A01", stayDay(4, 11, 0), "Medical"), model.InboundFailed, "still admitted"},
		{ev("A02", stayDay(3, 9, 0), "Surgical"), model.InboundApplied, ""},
		{ev("A12", stayDay(3, 9, 30), ""), model.InboundApplied, ""},
		{ev("A12", stayDay(3, 9, 40), ""), model.InboundFailed, "no transfer"},
		{ev("A03", stayDay(5, 9, 0), ""), model.InboundFailed, "before"},
		{ev("A03", stayDay(1, 9, 0), ""), model.InboundApplied, ""},
		{ev("A13", stayDay(1, 9, 5), ""), model.InboundApplied, ""},
		{ev("A03", stayDay(1, 10, 0), ""), model.InboundApplied, ""},
	}
	for i, s := range steps {
		got, _ := receive(t, clerk, s.ev, "")
		if got.Status != s.want || !strings.Contains(strings.ToLower(got.Reason), s.why) {
			t.Fatalf("step %d %s: %s %q, want %s %q", i, s.ev.Trigger, got.Status, got.Reason, s.want, s.why)
		}
	}
	found, _ := clerk.Patients().FindByIdentifier("H-77")
	if len(found) != 1 {
		t.Fatalf("patient by the sender's identifier: %v", found)
	}
	ch, err := clerk.Encounters().Chart(found[0])
	if err != nil || len(ch.Encounters) != 1 {
		t.Fatalf("chart %v %v", ch.Encounters, err)
	}
	e := ch.Encounters[0]
	if len(e.Transfers) != 0 || !e.End.Equal(stayDay(1, 10, 0)) || e.Disposition != "home" || e.Ward != "Medical" {
		t.Fatalf("stay after the messages: %+v", e)
	}
	sup := addUser(t, admin, "sup", model.RoleSupervisor)
	q, err := sup.Interfaces().InterfaceQueue()
	if err != nil || len(q) != 5 {
		t.Fatalf("queue %d %v", len(q), err)
	}
	if _, err := clerk.Interfaces().InterfaceQueue(); err == nil {
		t.Fatal("a clerk read the Interface errors queue")
	}
}

// A message sent twice is applied once; a failed one sent again is tried
// again on the same record.
func TestInterfaceAppliedOnce(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "iface", model.RoleClerk)
	ev := model.InboundEvent{Trigger: "A28", Identifiers: []string{"X1"}, Patient: grace()}
	first, dup := receive(t, clerk, ev, "SAME")
	again, dup2 := receive(t, clerk, ev, "SAME")
	if dup || !dup2 || again.ID != first.ID {
		t.Fatalf("dup %v %v, ids %v %v", dup, dup2, first.ID, again.ID)
	}
	list, _ := clerk.Patients().List(false)
	if len(list) != 1 {
		t.Fatalf("%d patients after the same A28 twice", len(list))
	}
	r := model.InboundEvent{Trigger: "R01", Identifiers: []string{"NOBODY"}, Reports: []model.LabReport{{Test: "Hb", Results: []model.LabResult{{Name: "Hb", Value: "9.8"}}}}}
	a, _ := receive(t, clerk, r, "LAB1")
	if a.Status != model.InboundFailed || !strings.Contains(a.Reason, "unknown patient") {
		t.Fatalf("result for an unknown patient: %+v", a)
	}
	r.Identifiers = []string{"X1"}
	b, dup := receive(t, clerk, r, "LAB1")
	if dup || b.ID != a.ID || b.Status != model.InboundApplied || b.Attempts != 2 {
		t.Fatalf("sent again after fixing the patient: %+v dup %v", b, dup)
	}
	reps, err := clerk.Interfaces().LabReports(b.Patient)
	if err != nil || len(reps) != 1 || reps[0].Results[0].Value != "9.8" || reps[0].Message != b.ID {
		t.Fatalf("laboratory reports %+v %v", reps, err)
	}
}

// Nothing is half-applied: an admission refused by the stay rules leaves
// no new patient behind either.
func TestInterfaceAllOrNothing(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "iface", model.RoleClerk)
	ev := model.InboundEvent{Trigger: "A01", Identifiers: []string{"NEW1"}, Patient: grace(), At: time.Now().Add(48 * time.Hour), Ward: "Medical"}
	got, _ := receive(t, clerk, ev, "")
	if got.Status != model.InboundFailed {
		t.Fatalf("admission in the future: %+v", got)
	}
	if list, _ := clerk.Patients().List(false); len(list) != 0 {
		t.Fatalf("the refused admission left %d patients", len(list))
	}
	sup := addUser(t, admin, "sup", model.RoleSupervisor)
	ev.At = stayDay(1, 8, 0)
	fixed := got
	fixed.Raw += "fixed"
	if _, err := sup.Interfaces().Replay(fixed, &ev, ""); err == nil {
		t.Fatal("a changed message replayed with no reason")
	}
	out, err := sup.Interfaces().Replay(fixed, &ev, "admission time corrected")
	if err != nil || out.Status != model.InboundApplied || out.ID != got.ID {
		t.Fatalf("replay: %+v %v", out, err)
	}
	if q, _ := sup.Interfaces().InterfaceQueue(); len(q) != 0 {
		t.Fatalf("queue after replay: %d", len(q))
	}
	if err := sup.Interfaces().Dismiss(out.ID, "test"); err == nil {
		t.Fatal("an applied message was dismissed")
	}
}

func TestInterfaceMerge(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "iface", model.RoleClerk)
	sup := addUser(t, admin, "sup", model.RoleSupervisor)
	a := grace()
	b := grace()
	b.GivenName = "Gracie"
	receive(t, clerk, model.InboundEvent{Trigger: "A28", Identifiers: []string{"KEEP"}, Patient: a}, "")
	receive(t, clerk, model.InboundEvent{Trigger: "A01", Identifiers: []string{"GONE"}, Patient: b, At: stayDay(2, 8, 0), Ward: "Medical"}, "")
	m := model.InboundEvent{Trigger: "A40", Identifiers: []string{"KEEP"}, Patient: a, MergeFrom: []string{"GONE"}}
	if got, _ := receive(t, clerk, m, ""); got.Status != model.InboundFailed || !strings.Contains(got.Reason, "supervisor") {
		t.Fatalf("merge by a clerk's interface: %+v", got)
	}
	if got, _ := receive(t, sup, m, ""); got.Status != model.InboundApplied {
		t.Fatalf("merge: %+v", got)
	}
	ids, _ := sup.Patients().FindByIdentifier("GONE")
	keep, _ := sup.Patients().FindByIdentifier("KEEP")
	if len(ids) != 1 || len(keep) != 1 || ids[0] != keep[0] {
		t.Fatalf("the merged identifier finds %v, the survivor is %v", ids, keep)
	}
	ch, _ := sup.Encounters().Chart(keep[0])
	if len(ch.Encounters) != 1 {
		t.Fatalf("the stay did not move: %d", len(ch.Encounters))
	}
	if ms, _ := sup.Duplicates().MergesInto(keep[0]); len(ms) != 1 {
		t.Fatalf("merges recorded: %d (the merge must be undoable)", len(ms))
	}
}

func TestInterfaceRefusedKept(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "iface", model.RoleClerk)
	in := model.InboundMessage{Sender: "X", ControlID: "1", Type: "SIU^S12", Raw: "MSH|...", Status: model.InboundRefused, Reason: "not taken"}
	out, _, err := clerk.Interfaces().Receive(in, nil)
	if err != nil || out.Status != model.InboundRefused {
		t.Fatalf("%+v %v", out, err)
	}
	sup := addUser(t, admin, "sup", model.RoleSupervisor)
	rec, _ := sup.Interfaces().Received(10)
	if len(rec) != 1 || rec[0].Raw != "MSH|..." {
		t.Fatalf("refused message not kept: %+v", rec)
	}
}
