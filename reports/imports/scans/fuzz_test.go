package scans

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"image"
	"os"
	"runtime/debug"
	"strconv"
	"testing"
	"time"
)

// TestMain shortens the fuzzer's minimisation of each new input from its
// default of a minute to 2 s (unless -fuzzminimizetime is given): with the
// default, a 30 s run spends its whole time shrinking the first
// interesting input instead of exploring.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.fuzzminimizetime" })
	if !set {
		flag.Set("test.fuzzminimizetime", "2s")
	}
	os.Exit(m.Run())
}

// FuzzReadFile: any bytes give pages or a *FileError, never a panic, a
// hang or a huge allocation. Inputs are capped at 64 KB and decoded pages
// at 16 MB so each call stays quick; panics are not recovered here.
func FuzzReadFile(f *testing.F) {
	small := textPage(120, 160, 1, false).(*image.Gray)
	seeds := [][]byte{
		encJPEG(f, small, 70),
		withOrientation(withJFIF(encJPEG(f, textPage(64, 48, 2, true), 70), 300), 6),
		encPNG(f, small),
		withPHYs(png1bit(threshold(small), 300), 300),
		makeTIFF([]tiffPageSpec{{img: small, dpi: 100}, {img: threshold(small), bilevel: true, dpi: 100}}),
		makePDF([]pdfPage{flateGrayPDFPage(small, 50), jpegPDFPage(encJPEG(f, small, 70), 120, 160, true)}),
		makePDF([]pdfPage{{img: "/Type /XObject /Subtype /Image /Width 120 /Height 160 /ImageMask true", data: packedRows(threshold(small)), w: 86, h: 115}}),
		makePDF([]pdfPage{{w: 612, h: 792, fontRes: true, content: "BT /F1 12 Tf 72 720 Td (Hello) Tj ET"}}),
		hugePNG(10000, 10000, 16, 6), // refused from its header
		hugePNG(2000, 2000, 16, 0),
	}
	g4 := readTestdata(f, "linn-g4.tif")
	data, w, h, _ := g4Strip(f, g4, 0)
	seeds = append(seeds, makePDF([]pdfPage{{
		img:  "/Type /XObject /Subtype /Image /Width " + strconv.Itoa(w) + " /Height " + strconv.Itoa(h) + " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns " + strconv.Itoa(w) + " /Rows " + strconv.Itoa(h) + " >>",
		data: data, w: 612, h: 240}}))
	for _, name := range []string{"linn.png", "typewriter.png", "linn-g4.tif", "multipage.pdf"} {
		b := readTestdata(f, name)
		for _, n := range []int{512, 4096, 16384, 65536} {
			seeds = append(seeds, b[:min(n, len(b))])
		}
	}
	for _, s := range seeds {
		if len(s) <= 64<<10 {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			data = data[:64<<10]
		}
		recoverPanics = false
		oldMax := maxDecodedBytes
		maxDecodedBytes = 16 << 20
		defer func() { recoverPanics, maxDecodedBytes = true, oldMax }()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		// A hang is a bug too: crash with every goroutine's stack so the
		// fuzzer keeps the input.
		watchdog := time.AfterFunc(20*time.Second, func() {
			debug.SetTraceback("all")
			panic("ReadFile hung for 20 s")
		})
		pages, err := ReadFile(ctx, "fuzz.bin", data, Options{Workers: 1})
		watchdog.Stop()
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) && !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %T %v is not a *FileError", err, err)
			}
			if pages != nil {
				t.Fatal("pages and an error")
			}
			return
		}
		if len(pages) == 0 {
			t.Fatal("no pages and no error")
		}
		for _, p := range pages {
			if len(p.Display) == 0 || len(p.Thumb) == 0 || len(p.Original) == 0 || p.Width <= 0 || p.Height <= 0 {
				t.Fatalf("incomplete page %+v", p.Source)
			}
			if (p.Format == "jpeg") != bytes.HasPrefix(p.Original, []byte{0xFF, 0xD8}) {
				t.Fatalf("%s: format %s does not match the original", p.Source, p.Format)
			}
		}
	})
}
