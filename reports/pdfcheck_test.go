package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// checkPDF runs qpdf --check and returns pdftotext's text. CI installs both
// (qpdf, poppler-utils); on a machine without them the test fails, so a
// missing tool never passes for a checked PDF.
func checkPDF(t *testing.T, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF")
	}
	for _, tool := range []string{"qpdf", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not installed: the PDF content tests need it (apt-get install qpdf poppler-utils; CI installs both)", tool)
		}
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	os.WriteFile(path, pdf, 0o600)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	text, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(text)
}

// pdfPages is the page count pdfinfo (poppler-utils) reads from pdf.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	needTool(t, "pdfinfo")
	out, err := exec.Command("pdfinfo", writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: %q", line)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}

func TestRecoverySheet(t *testing.T) {
	var buf bytes.Buffer
	key := "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST"
	err := WriteRecoverySheet(&buf, RecoverySheet{Clinic: "Centre de Santé Kasongo — Ñandú", ClinicID: "0123", Key: key,
		RootFingerprint: "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ", StoreAt: "/home/clinic/Dossier/clinic.dossier"})
	if err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, buf.Bytes())
	for _, want := range []string{"ABCD EFGH IJKL MNOP QRST UVWX YZ23", "Centre de Santé Kasongo — Ñandú", "Use recovery key", "Page 1 of 1", "Root fingerprint: ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}
