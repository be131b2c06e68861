package scan

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	scanin "dossier/reports/imports/scans"
	"dossier/storage"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

func testSession(t *testing.T) (*storage.Session, model.Patient) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scan.dossier")
	s, admin, _, err := storage.Create(path, model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, "a long password", storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := admin.Admin().CreateUser(model.User{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk}, "a long password"); err != nil {
		t.Fatal(err)
	}
	sess, err := s.SignIn("clerk1", "a long password")
	if err != nil {
		t.Fatal(err)
	}
	p := model.Patient{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1990, Month: 1, Day: 1}}
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	return sess, p
}

// page draws a text-like page at 150 dpi A4.
func page(t *testing.T, lines int) []byte {
	img := image.NewGray(image.Rect(0, 0, 1240, 1754))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for l := 0; l < lines; l++ {
		y := 150 + l*40
		for x := 120; x < 1100; x++ {
			if (x/30)%4 != 3 {
				for dy := 0; dy < 12; dy++ {
					img.SetGray(x, y+dy, color.Gray{Y: 30})
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// coverPage draws a cover sheet as Dossier prints it: a QR code of the
// payload in the upper part of a white page.
func coverPage(t *testing.T, payload string) []byte {
	code, err := qr.Encode(payload, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	code, err = barcode.Scale(code, 500, 500)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 1240, 1754))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(370, 200, 870, 700), code, image.Point{}, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportFilesBehindCoverSheets(t *testing.T) {
	sess, p := testSession(t)
	good := model.Cover{MRN: p.MRN, Type: model.DocLab, Date: model.Date{Year: 2019, Month: 5, Day: 2}}
	unknown := model.Cover{MRN: model.FormatMRN("TST", 999), Type: model.DocReferral, Date: good.Date}
	files := []scanin.Input{
		{Name: "loose.jpg", Data: page(t, 10)},
		{Name: "cover1.png", Data: coverPage(t, good.Payload())},
		{Name: "lab1.jpg", Data: page(t, 20)},
		{Name: "lab2.jpg", Data: page(t, 5)},
		{Name: "broken.tif", Data: []byte("II*\x00garbage")},
		{Name: "cover2.png", Data: coverPage(t, unknown.Payload())},
		{Name: "ref1.jpg", Data: page(t, 12)},
	}
	sum, err := Import(context.Background(), sess, model.ZeroID, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pages != 4 || sum.Filed != 2 || sum.Documents != 1 || sum.Unfiled != 2 || len(sum.Failed) != 1 || sum.Failed[0].File != "broken.tif" {
		t.Fatalf("summary: %+v", sum)
	}
	if !strings.Contains(sum.String(), "no patient has this MRN") || !strings.Contains(sum.String(), "broken.tif") {
		t.Fatalf("summary text: %s", sum)
	}
	docs, err := sess.Documents().OfPatient(p.ID)
	if err != nil || len(docs) != 1 || len(docs[0].Pages) != 2 || docs[0].Doc.Type != model.DocLab || docs[0].Pages[0].Source != "lab1.jpg" {
		t.Fatalf("documents: %v %+v", err, docs)
	}
	tray, _ := sess.Pages().Unfiled(false)
	if len(tray) != 2 {
		t.Fatalf("tray: %d", len(tray))
	}
}

func TestInboxTakesSettledFilesAndPutsBadOnesAside(t *testing.T) {
	dir := t.TempDir()
	in := NewInbox(dir)
	old := time.Now().Add(-time.Minute)
	for _, name := range []string{"a.jpg", "b.pdf"} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte("scan of "+name), 0o600)
		os.Chtimes(path, old, old)
	}
	os.WriteFile(filepath.Join(dir, "still-writing.jpg"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(dir, "empty.jpg"), nil, 0o600)
	got, err := in.Pending(time.Now())
	if err != nil || len(got) != 2 {
		t.Fatalf("pending: %v %v", err, got)
	}
	if err := Remove(got[0]); err != nil {
		t.Fatal(err)
	}
	if err := in.PutAside(got[1], errors.New("it is not a scan")); err != nil {
		t.Fatal(err)
	}
	if again, _ := in.Pending(time.Now().Add(time.Minute)); len(again) != 1 || filepath.Base(again[0]) != "still-writing.jpg" {
		t.Fatalf("after: %v", again)
	}
	reason, err := os.ReadFile(filepath.Join(in.FailedDir(), "b.pdf.reason.txt"))
	if err != nil || !strings.Contains(string(reason), "not a scan") {
		t.Fatalf("reason: %v %q", err, reason)
	}
	if _, err := in.Pending(time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := NewInbox(filepath.Join(dir, "missing")).Pending(time.Now()); err == nil {
		t.Fatal("a missing inbox gave no error")
	}
}

func TestScannerMissingSaysHowToGetIt(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := FindScanner(); !errors.Is(err, ErrNoSANE) || !strings.Contains(err.Error(), "sane-utils") {
		t.Fatalf("got %v", err)
	}
	if _, err := (Scanner{}).Scan(context.Background(), 1, nil); !errors.Is(err, ErrNoSANE) {
		t.Fatalf("scan: %v", err)
	}
}

// A stand-in scanimage: it prints a page on each call and reports an
// empty feeder (exit status 7) on the third, as SANE does.
func TestScannerFeederUntilEmpty(t *testing.T) {
	dir := t.TempDir()
	pagePath := filepath.Join(dir, "page.jpg")
	os.WriteFile(pagePath, page(t, 3), 0o600)
	script := "#!/bin/sh\nn=$(cat " + dir + "/count 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > " + dir + "/count\n" +
		"if [ $n -ge 3 ]; then echo 'scanimage: sane_start: Document feeder out of documents' >&2; exit 7; fi\ncat " + pagePath + "\n"
	if err := os.WriteFile(filepath.Join(dir, "scanimage"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+":/usr/bin:/bin")
	var seen []int
	pages, err := Scanner{Feeder: true, Gray: true}.Scan(context.Background(), 10, func(n int) { seen = append(seen, n) })
	if err != nil || len(pages) != 2 || len(seen) != 2 || pages[1].Name != "scanner page 2" {
		t.Fatalf("feeder: %v %d %v", err, len(pages), seen)
	}
	os.Remove(filepath.Join(dir, "count"))
	os.WriteFile(filepath.Join(dir, "count"), []byte("5\n"), 0o600)
	if _, err := (Scanner{}).Scan(context.Background(), 1, nil); err == nil || !strings.Contains(err.Error(), "out of documents") {
		t.Fatalf("empty feeder on the first page: %v", err)
	}
}
