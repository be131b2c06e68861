package hl7in

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/reports/imports/hl7"
	"dossier/storage"
)

const pw = "a long password"

// store makes a store and signs in a supervisor: the interface's user.
func store(t *testing.T) *storage.Session {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := admin.Admin().CreateUser(model.User{Username: "iface", FullName: "Interface", Role: model.RoleSupervisor}, pw); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	sess, err := s.SignIn("iface", pw)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func day(n, h int) string {
	return time.Now().AddDate(0, 0, -n).Format("20060102") + time.Date(0, 1, 1, h, 0, 0, 0, time.UTC).Format("1504")
}

func adt(trigger, ctl, id, extra string) string {
	return "MSH|^~\\&|HOSPADT|DISTRICT|DOSSIER|CLINIC|" + day(0, 8) + "||ADT^" + trigger + "|" + ctl + "|P|2.5.1\r" +
		"EVN|" + trigger + "|" + day(0, 8) + "\r" +
		"PID|1||" + id + "^^^HOSP^MR||Phiri^Ann||19900101|F\r" + extra
}

func patients(t *testing.T, sess *storage.Session) int {
	t.Helper()
	l, err := sess.Patients().List(false)
	if err != nil {
		t.Fatal(err)
	}
	return len(l)
}

func TestMLLPEndToEnd(t *testing.T) {
	sess := store(t)
	l, err := Listen(sess, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.Addr(), "127.0.0.1:") {
		t.Fatalf("listening on %s without the LAN allowed", l.Addr())
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Serve(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	send := func(msg string) (string, string) {
		t.Helper()
		ack, err := Send(ctx, l.Addr(), msg)
		if err != nil {
			t.Fatal(err)
		}
		return hl7.AckCode(ack)
	}
	admitA := adt("A01", "M1", "H-1", "PV1|1|I|Medical^2^B"+strings.Repeat("|", 41)+day(1, 10)+"\r")
	cases := []struct {
		name, msg, code, text string
	}{
		{"admission", admitA, "AA", ""},
		{"the same admission again", admitA, "AA", "already applied"},
		{"result for an unknown patient", "MSH|^~\\&|LAB|L|D|C|" + day(0, 9) + "||ORU^R01|L1|P|2.3\rPID|1||NOBODY^^^^MR||X^Y\rOBR|1||9|HB^Haemoglobin\rOBX|1|NM|HB^Haemoglobin||9.8|g/dL\r", "AE", "unknown patient"},
		{"a discharge before the admission", adt("A03", "M2", "H-1", "PV1|1|I|Medical"+strings.Repeat("|", 42)+day(3, 10)+"\r"), "AE", "discharge"},
		{"a type Dossier does not take", "MSH|^~\\&|S|F|D|C|" + day(0, 9) + "||SIU^S12|S1|P|2.5\r", "AR", "SIU^S12"},
		{"not HL7 at all", "hello", "AR", "MSH"},
	}
	for _, c := range cases {
		code, text := send(c.msg)
		if code != c.code || !strings.Contains(text, c.text) {
			t.Errorf("%s: %s %q, want %s %q", c.name, code, text, c.code, c.text)
		}
	}
	if n := patients(t, sess); n != 1 {
		t.Fatalf("%d patients after one admission sent twice", n)
	}

	// A message cut mid-stream is not applied and gets no ACK.
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	frame := hl7.Frame(adt("A28", "M3", "H-2", ""))
	c.Write(frame[:len(frame)-20])
	c.(*net.TCPConn).CloseWrite()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := hl7.NewFrameReader(c).Next(); err == nil {
		t.Fatal("an ACK came for a cut message")
	}
	c.Close()
	// The sender sends it again, whole: applied once.
	if code, _ := send(adt("A28", "M3", "H-2", "")); code != "AA" {
		t.Fatalf("resent after the cut: %s", code)
	}
	if n := patients(t, sess); n != 2 {
		t.Fatalf("%d patients after the cut message was resent", n)
	}
	st := l.Status()
	if st.Received != 7 || st.Applied != 3 || st.Errors != 2 || st.Refused != 2 {
		t.Fatalf("status %+v", st)
	}
	q, _ := sess.Interfaces().InterfaceQueue()
	if len(q) != 2 {
		t.Fatalf("Interface errors holds %d, want 2", len(q))
	}
}

func TestImportFilesAndReplay(t *testing.T) {
	sess := store(t)
	dir := t.TempDir()
	batch := "FHS|^~\\&|HOSPADT\nBHS|^~\\&|HOSPADT\n" +
		strings.ReplaceAll(adt("A28", "F1", "H-9", "")+adt("A08", "F2", "H-10", "")+adt("A02", "F3", "H-9", "PV1|1|I|Surgical\r"), "\r", "\n") +
		"BTS|3\nFTS|1\n"
	path := filepath.Join(dir, "batch.hl7")
	if err := os.WriteFile(path, []byte(batch), 0o600); err != nil {
		t.Fatal(err)
	}
	dry, err := ImportFiles(context.Background(), sess, []string{path}, true, nil)
	if err != nil || dry.Messages != 3 || dry.Applied != 3 || patients(t, sess) != 0 {
		t.Fatalf("dry run %+v %v", dry, err)
	}
	var seen int
	s, err := ImportFiles(context.Background(), sess, []string{path}, false, func(done, total int) { seen = done })
	if err != nil || s.Applied != 1 || s.Failed != 2 || seen != 3 || len(s.Problems) != 2 {
		t.Fatalf("import %+v %v", s, err)
	}
	again, _ := ImportFiles(context.Background(), sess, []string{path}, false, nil)
	if again.Duplicates != 1 || patients(t, sess) != 1 {
		t.Fatalf("imported twice: %+v", again)
	}
	q, _ := sess.Interfaces().InterfaceQueue()
	var upd model.InboundMessage
	for _, m := range q {
		if m.ControlID == "F2" {
			upd = m
		}
	}
	// The supervisor fixes the identifier the sender got wrong and replays.
	fixed := strings.Replace(upd.Raw, "H-10^", "H-9^", 1)
	r, err := Replay(sess, upd.ID, fixed, "identifier corrected")
	if err != nil || r.Code != "AA" {
		t.Fatalf("replay %+v %v", r, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if c, _ := ImportFiles(ctx, sess, []string{path}, false, nil); c.Messages != 0 || len(c.Problems) != 1 {
		t.Fatalf("cancelled import %+v", c)
	}
}
