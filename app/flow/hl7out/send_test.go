package hl7out

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"dossier/model"
	"dossier/reports/imports/hl7"
	"dossier/storage"
)

const pw = "a long password"

// clinic makes a store that sends ADT to set, and signs in a clerk.
func clinic(t *testing.T, set model.InterfaceSettings) *storage.Session {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, _ := admin.Clinic()
	c.Interfaces = set
	if err := admin.Admin().UpdateClinic(c, "send ADT"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Admin().CreateUser(model.User{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk}, pw); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	clerk, err := s.SignIn("clerk1", pw)
	if err != nil {
		t.Fatal(err)
	}
	return clerk
}

// course admits, transfers and discharges a patient: A01, A02, A03.
func course(t *testing.T, sess *storage.Session) {
	t.Helper()
	p := model.Patient{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1990, Month: 3, Day: 4}}
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	day := func(n, h int) time.Time {
		y, m, d := time.Now().Date()
		return time.Date(y, m, d-n, h, 0, 0, 0, time.Local)
	}
	e := model.Encounter{PatientID: p.ID, Start: day(3, 9), Ward: "Medical", Bed: "4"}
	if err := sess.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Admissions().Transfer(e.ID, "Surgical", "1", day(2, 9)); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Admissions().Discharge(e.ID, day(1, 9), "home", ""); err != nil {
		t.Fatal(err)
	}
}

// peer is an MLLP receiver that acknowledges everything with AA.
type peer struct {
	mu  sync.Mutex
	got []hl7.Message
	ln  net.Listener
}

func startPeer(t *testing.T, addr string) *peer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p := &peer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := hl7.NewFrameReader(c)
				for {
					text, err := r.Next()
					if err != nil {
						return
					}
					m, err := hl7.Parse(text)
					if err != nil {
						return
					}
					p.mu.Lock()
					p.got = append(p.got, m)
					p.mu.Unlock()
					c.Write(hl7.Frame(hl7.ACK(m, hl7.AckAccept, "", time.Now(), "A1")))
				}
			}()
		}
	}()
	return p
}

func TestPeerDownThenBack(t *testing.T) {
	// A free port with nobody on it: the peer is down.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	sess := clinic(t, model.InterfaceSettings{SendADT: true, PeerAddr: addr})
	course(t, sess)
	rep, err := Deliver(context.Background(), sess)
	if err != nil || rep.Sent != 0 || rep.Waiting != 3 || rep.Problem == "" {
		t.Fatalf("peer down: %+v %v", rep, err)
	}
	p := startPeer(t, addr)
	rep, err = Deliver(context.Background(), sess)
	if err != nil || rep.Sent != 3 || rep.Waiting != 0 {
		t.Fatalf("peer back: %+v %v", rep, err)
	}
	var order []string
	for _, m := range p.got {
		order = append(order, m.Type())
		if pid, _ := m.Seg("PID"); pid.Field(5).Comp(1).String() != "Nakato" {
			t.Errorf("%s: PID-5 %q", m.Type(), pid.Field(5).Raw())
		}
	}
	if len(order) != 3 || order[0] != "ADT^A01" || order[1] != "ADT^A02" || order[2] != "ADT^A03" {
		t.Fatalf("peer got %v", order)
	}
	if pv1, _ := p.got[1].Seg("PV1"); pv1.Field(3).Comp(1).String() != "Surgical" || pv1.Field(6).String() != "Medical" {
		t.Errorf("A02 PV1: %q", pv1.Text())
	}
	if pv1, _ := p.got[2].Seg("PV1"); pv1.Field(36).String() != "01" || pv1.Field(45).String() == "" {
		t.Errorf("A03 PV1: %q", pv1.Text())
	}
	if left, _ := sess.Outbox().Pending(); len(left) != 0 {
		t.Fatalf("%d still pending", len(left))
	}
	rec, _ := sess.Outbox().Recent(10)
	if rec[2].Attempts != 2 || rec[2].Status != model.OutboundSent {
		t.Errorf("the first message: %+v", rec[2])
	}
}

func TestFolderAndOff(t *testing.T) {
	dir := t.TempDir()
	sess := clinic(t, model.InterfaceSettings{SendADT: true, OutFolder: dir})
	course(t, sess)
	if rep, err := Deliver(context.Background(), sess); err != nil || rep.Sent != 3 {
		t.Fatalf("%+v %v", rep, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.hl7"))
	if len(files) != 3 {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if _, err := hl7.Parse(string(b)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	off := clinic(t, model.InterfaceSettings{})
	course(t, off)
	if rec, _ := off.Outbox().Recent(10); len(rec) != 0 {
		t.Fatalf("ADT queued with sending off: %d", len(rec))
	}
}
