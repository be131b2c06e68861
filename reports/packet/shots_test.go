package packet

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestShots renders pages to /tmp/packetshots for a person to look at:
// PACKETSHOTS=1 go test -run Shots ./reports/packet/
func TestShots(t *testing.T) {
	if os.Getenv("PACKETSHOTS") == "" {
		t.Skip("set PACKETSHOTS=1 to render pages to /tmp/packetshots")
	}
	needTools(t, "pdftoppm")
	dir := "/tmp/packetshots"
	os.MkdirAll(dir, 0o755)
	shoot := func(name string, pdf []byte, pages ...int) {
		path := filepath.Join(dir, name+".pdf")
		os.WriteFile(path, pdf, 0o600)
		for _, p := range pages {
			out := filepath.Join(dir, fmt.Sprintf("%s-%d", name, p))
			if b, err := exec.Command("pdftoppm", "-r", "60", "-png", "-singlefile", "-f", fmt.Sprint(p), "-l", fmt.Sprint(p), path, out).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v %s", err, b)
			}
		}
	}
	r := testRelease()
	r.Watermark = "COPY — CONFIDENTIAL"
	r.Items[1].Scanned.Pages[0].Redact = []Rect{{X: 300, Y: 400, W: 600, H: 120}}
	var buf bytes.Buffer
	res, err := Build(context.Background(), &buf, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	shoot("packet", buf.Bytes(), 1, 2, 3, 8, 9, 10, res.Pages)
	r.Password = "pw"
	buf.Reset()
	if _, err := Build(context.Background(), &buf, r, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "packet-aes.pdf")
	os.WriteFile(path, buf.Bytes(), 0o600)
	if b, err := exec.Command("pdftoppm", "-upw", "pw", "-r", "60", "-png", "-singlefile", "-f", "9", "-l", "9", path, filepath.Join(dir, "packet-aes-9")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}

	var ab bytes.Buffer
	if err := WriteAccounting(&ab, sampleAccounting(12)); err != nil {
		t.Fatal(err)
	}
	shoot("accounting", ab.Bytes(), 1, 2)
	ab.Reset()
	if err := WriteAccounting(&ab, Accounting{Letterhead: r.Letterhead, Patient: r.Patient,
		From: time.Date(2020, 3, 14, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC),
		Printed: time.Now(), PrintedBy: "Records officer"}); err != nil {
		t.Fatal(err)
	}
	shoot("accounting-none", ab.Bytes(), 1)
}
