package hl7

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary bytes to the reader: it must never panic, and
// whatever it reads must read the same again from its own text.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.hl7")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("MSH|^~\\&\rPID|\\X41\\|\\")
	f.Add("FHS|^~\\&\rMSH#*@!$#A")
	f.Fuzz(func(t *testing.T, text string) {
		ms, err := ParseAll(text)
		if err != nil {
			return
		}
		for _, m := range ms {
			again, err := Parse(m.Text())
			if err != nil {
				t.Fatalf("own text does not read: %v\n%q", err, m.Text())
			}
			if again.ControlID() != m.ControlID() || again.Type() != m.Type() {
				t.Fatalf("text round trip changed the header")
			}
			ReadEvent(m, time.UTC)
			ACK(m, AckError, "x", time.Time{}, "1")
		}
	})
}
