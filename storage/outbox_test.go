package storage

import (
	"errors"
	"strings"
	"testing"

	"dossier/model"
)

// A message the peer refused is tried again on the clerk's word, and one
// that will never go is cancelled by a supervisor with a reason; the rules
// hold whatever the screen offers.
func TestOutboxRetryAndCancel(t *testing.T) {
	_, admin, _ := newTestStore(t)
	c, _ := admin.Clinic()
	c.Interfaces = model.InterfaceSettings{SendADT: true, OutFolder: t.TempDir()}
	if err := admin.Admin().UpdateClinic(c, "send ADT"); err != nil {
		t.Fatal(err)
	}
	clerk := addUser(t, admin, "clerk", model.RoleClerk)
	sup := addUser(t, admin, "sup", model.RoleSupervisor)
	p := grace()
	if err := clerk.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	e := model.Encounter{PatientID: p.ID, Start: stayDay(3, 9, 0), Ward: "Medical", Bed: "4"}
	if err := clerk.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Admissions().Transfer(e.ID, "Surgical", "1", stayDay(2, 9, 0)); err != nil {
		t.Fatal(err)
	}
	out, err := clerk.Outbox().Pending()
	if err != nil || len(out) != 2 {
		t.Fatalf("outbox %d %v", len(out), err)
	}
	a01, a02 := out[0], out[1]
	if err := clerk.Outbox().Delivered(a01.ID, "MLLP peer", errors.New("the peer answered AR: unknown ward"), true); err != nil {
		t.Fatal(err)
	}
	if err := clerk.Outbox().Delivered(a02.ID, "MLLP peer", errors.New("connection refused"), false); err != nil {
		t.Fatal(err)
	}
	status := func(id model.ID) model.OutboundMessage {
		t.Helper()
		rec, err := clerk.Outbox().Recent(10)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range rec {
			if o.ID == id {
				return o
			}
		}
		t.Fatalf("%s not in the outbox", id)
		return model.OutboundMessage{}
	}
	if o := status(a01.ID); o.Label() != "Failed: refused" || !strings.Contains(o.LastError, "unknown ward") {
		t.Fatalf("refused: %q %q", o.Label(), o.LastError)
	}
	if o := status(a02.ID); o.Label() != "Waiting: last try failed" {
		t.Fatalf("failed attempt: %q", o.Label())
	}

	// Retry: refused → waiting; a waiting one stays as it is.
	if o, err := clerk.Outbox().Retry(a01.ID); err != nil || o.Status != model.OutboundPending {
		t.Fatalf("retry refused: %+v %v", o, err)
	}
	if o, err := clerk.Outbox().Retry(a02.ID); err != nil || o.Status != model.OutboundPending {
		t.Fatalf("retry waiting: %+v %v", o, err)
	}
	if q, _ := clerk.Outbox().Pending(); len(q) != 2 {
		t.Fatalf("pending after retry: %d", len(q))
	}

	// Cancel: a supervisor's, with a reason.
	cases := []struct {
		name   string
		sess   *Session
		reason string
		code   model.ErrorCode
	}{
		{"clerk", clerk, "keyed wrongly", model.Denied},
		{"no reason", sup, "  ", model.Invalid},
		{"supervisor", sup, "admission keyed in the wrong ward", ""},
		{"twice", sup, "again", model.Conflict},
	}
	for _, tc := range cases {
		err := tc.sess.Outbox().Cancel(a01.ID, tc.reason)
		var me *model.Error
		switch {
		case tc.code == "" && err != nil:
			t.Fatalf("%s: %v", tc.name, err)
		case tc.code != "" && (!errors.As(err, &me) || me.Code != tc.code):
			t.Fatalf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if o := status(a01.ID); o.Status != model.OutboundCancelled || o.Reason != "admission keyed in the wrong ward" {
		t.Fatalf("cancelled: %+v", o)
	}
	if _, err := clerk.Outbox().Retry(a01.ID); err == nil {
		t.Fatal("a cancelled message was put back to send")
	}
	if q, _ := clerk.Outbox().Pending(); len(q) != 1 || q[0].ID != a02.ID {
		t.Fatalf("pending after cancel: %v", q)
	}
	hist, err := sup.History(model.KindOutboundMsg, a01.ID)
	if err != nil || !strings.Contains(hist[len(hist)-1].Reason, "cancelled: admission keyed") || hist[len(hist)-1].User != "sup" {
		t.Fatalf("history %+v %v", hist, err)
	}
	// Sent messages are neither retried nor cancelled.
	if err := clerk.Outbox().Delivered(a02.ID, "folder", nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Outbox().Retry(a02.ID); err == nil {
		t.Fatal("a sent message was put back to send")
	}
	if err := sup.Outbox().Cancel(a02.ID, "late"); err == nil {
		t.Fatal("a sent message was cancelled")
	}
}
