package hl7

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every sample written by others reads, whatever its version and line
// ends, and the supported types give an event.
func TestSamplesRead(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.hl7")
	if len(files) < 10 {
		t.Fatalf("only %d samples", len(files))
	}
	for _, f := range files {
		m, err := Parse(read(t, filepath.Base(f)))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if m.ControlID() == "" || m.Version() == "" {
			t.Errorf("%s: control ID %q version %q", f, m.ControlID(), m.Version())
		}
		if _, err := ReadEvent(m, time.UTC); err != nil {
			t.Errorf("%s (%s): %v", f, m.Type(), err)
		}
	}
}

func TestFieldsComponentsEscapes(t *testing.T) {
	m, err := Parse(read(t, "ORU-R01-written.hl7"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Type() != "ORU^R01" || m.ControlID() != "LAB000123" || m.Version() != "2.5.1" || m.Sender() != "LABSYS|CENTRAL LAB" {
		t.Fatalf("header: %s %s %s %s", m.Type(), m.ControlID(), m.Version(), m.Sender())
	}
	pid, _ := m.Seg("PID")
	reps := pid.Field(3).Reps()
	if len(reps) != 2 || reps[1].Comp(1).String() != "A1234567" || reps[1].Comp(5).String() != "NI" {
		t.Fatalf("PID-3 repetitions: %+v", reps)
	}
	ev, err := ReadEvent(m, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Trigger != "R01" || ev.Identifiers[0] != "MRN-77" || ev.Patient.NationalID != "A1234567" ||
		ev.Patient.FamilyName != "Banda" || ev.Patient.GivenName != "Grace M" || ev.Patient.BirthDate.Year != 1985 {
		t.Fatalf("event: %+v", ev)
	}
	if len(ev.Reports) != 2 || len(ev.Reports[0].Results) != 3 || len(ev.Reports[1].Results) != 1 {
		t.Fatalf("reports: %+v", ev.Reports)
	}
	hb := ev.Reports[0].Results[0]
	if hb.Code != "718-7" || hb.System != "LN" || hb.Value != "9.8" || hb.Unit != "g/dL" || hb.RefRange != "12.0-16.0" || hb.Flag != "L" || hb.Status != "F" {
		t.Fatalf("haemoglobin: %+v", hb)
	}
	if want := time.Date(2026, 3, 4, 12, 10, 0, 0, time.FixedZone("", 7200)); !hb.At.Equal(want) {
		t.Fatalf("OBX-14 %v, want %v", hb.At, want)
	}
	if got := ev.Reports[0].Results[2].Value; got != "Sample slightly haemolysed\nrepeat if & when possible" {
		t.Fatalf("escapes: %q", got)
	}
	if got := ev.Reports[1].Results[0].Value; got != "Negative" {
		t.Fatalf("coded result: %q", got)
	}
}

func TestLineEndsAndBatches(t *testing.T) {
	one := read(t, "ADT-A12-written.hl7") // LF ends
	cr := strings.ReplaceAll(one, "\n", "\r")
	crlf := strings.ReplaceAll(one, "\n", "\r\n")
	for _, text := range []string{one, cr, crlf} {
		m, err := Parse(text)
		if err != nil || len(m.Segments) != 5 {
			t.Fatalf("%q: %v %d", text[:20], err, len(m.Segments))
		}
	}
	batch := "FHS|^~\\&|HOSPADT\rBHS|^~\\&|HOSPADT\r" + cr + strings.Replace(cr, "ADT-A12-0001", "ADT-A12-0002", 1) + "BTS|2\rFTS|1\r"
	ms, err := ParseAll(batch)
	if err != nil || len(ms) != 2 || ms[1].ControlID() != "ADT-A12-0002" {
		t.Fatalf("batch: %v %d", err, len(ms))
	}
}

func TestOtherDelimiters(t *testing.T) {
	m, err := Parse("MSH#*@!$#A#B#C#D#20260101##ADT*A08#X1#P#2.3\rPID#1##77@88*x*y*z*MR##Phiri*Ann##19900101#F\r")
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := m.Seg("PID")
	if pid.Field(3).Reps()[1].Comp(1).String() != "88" || pid.Field(5).Comp(2).String() != "Ann" || m.Type() != "ADT^A08" {
		t.Fatalf("custom delimiters misread: %q", pid.Text())
	}
}

func TestRefusalsAndErrors(t *testing.T) {
	cases := []struct {
		name, text string
		refused    bool
	}{
		{"version 2.2", "MSH|^~\\&|A|B|C|D|20260101||ADT^A28|1|P|2.2\rPID|1||5^^^^MR||X^Y\r", true},
		{"version 3", "MSH|^~\\&|A|B|C|D|20260101||ADT^A28|1|P|3.0\rPID|1||5^^^^MR||X^Y\r", true},
		{"unknown type", "MSH|^~\\&|A|B|C|D|20260101||SIU^S12|1|P|2.5\rPID|1||5^^^^MR||X^Y\r", true},
		{"no MSH", "PID|1||5\r", true},
		{"short MSH", "MSH|^~\r", true},
		{"bad birth date", "MSH|^~\\&|A|B|C|D|20260101||ADT^A28|1|P|2.5\rPID|1||5^^^^MR||X^Y||19850231|F\r", false},
		{"bad event time", "MSH|^~\\&|A|B|C|D|2026013|1|ADT^A01|1|P|2.5\rPID|1||5^^^^MR||X^Y\r", false},
		{"no identifier", "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|1||||X^Y\r", false},
		{"merge without MRG", "MSH|^~\\&|A|B|C|D|20260101||ADT^A40|1|P|2.5\rPID|1||5^^^^MR||X^Y\r", false},
	}
	for _, c := range cases {
		m, err := Parse(c.text)
		if err == nil {
			_, err = ReadEvent(m, time.UTC)
		}
		if err == nil || IsRefusal(err) != c.refused {
			t.Errorf("%s: err %v, refused %v", c.name, err, IsRefusal(err))
		}
	}
}

func TestTimes(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{"2026", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"20260304", time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), false},
		{"202603041530", time.Date(2026, 3, 4, 15, 30, 0, 0, time.UTC), false},
		{"20260304153005.25-0500", time.Date(2026, 3, 4, 20, 30, 5, 250e6, time.UTC), false},
		{"20260231", time.Time{}, true},
		{"2026030", time.Time{}, true},
		{"20260304+02", time.Time{}, true},
		{"abc", time.Time{}, true},
	}
	for _, c := range cases {
		got, err := ParseTime(c.in, time.UTC)
		if (err != nil) != c.bad || (!c.bad && !got.Equal(c.want)) {
			t.Errorf("%s: %v %v", c.in, got, err)
		}
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"a|b^c~d\\e&f", "line one\nline two", "plain"} {
		if got := Unescape(Escape(s, Standard), Standard); got != s {
			t.Errorf("%q came back %q", s, got)
		}
	}
}

func TestACK(t *testing.T) {
	m, _ := Parse(read(t, "ORU-R01-written.hl7"))
	ack, err := Parse(ACK(m, AckError, "patient MRN-77 is not registered | check", time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), "ACK1"))
	if err != nil {
		t.Fatal(err)
	}
	code, text := AckCode(ack)
	msa, _ := ack.Seg("MSA")
	if code != "AE" || text != "patient MRN-77 is not registered | check" || msa.Field(2).String() != "LAB000123" {
		t.Fatalf("ACK: %q", ack.Text())
	}
	if h := ack.header(); h.Field(5).String() != "LABSYS" || ack.Type() != "ACK^R01" {
		t.Fatalf("ACK header: %q", h.Text())
	}
}

func TestMLLPFrames(t *testing.T) {
	stream := append([]byte("\n"), Frame("MSH|one\r")...)
	stream = append(stream, Frame("MSH|two\x1cstill\r")...)
	stream = append(stream, Frame("MSH|cut")[:6]...)
	r := NewFrameReader(strings.NewReader(string(stream)))
	for _, want := range []string{"MSH|one\r", "MSH|two\x1cstill\r"} {
		got, err := r.Next()
		if err != nil || got != want {
			t.Fatalf("got %q %v, want %q", got, err, want)
		}
	}
	if got, err := r.Next(); err == nil {
		t.Fatalf("a frame cut mid-stream was returned: %q", got)
	}
}
