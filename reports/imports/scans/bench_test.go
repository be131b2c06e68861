package scans

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"testing"
	"time"

	xdraw "golang.org/x/image/draw"
)

// benchInputs makes n A4 pages at 300 dpi (2480×3508) from 10 distinct
// synthetic pages (drawing and encoding 100 would dominate the run).
func benchInputs(b *testing.B, n int, ext string, enc func(img image.Image) []byte) []Input {
	b.Helper()
	distinct := make([][]byte, 10)
	size := 0
	for i := range distinct {
		distinct[i] = enc(textPage(2480, 3508, uint64(i+1), ext == "jpg"))
		size += len(distinct[i])
	}
	b.Logf("%s pages: average %d KB", ext, size/len(distinct)/1024)
	files := make([]Input, n)
	for i := range files {
		files[i] = Input{Name: fmt.Sprintf("scan%03d.%s", i, ext), Data: distinct[i%len(distinct)]}
	}
	return files
}

func runImport(b *testing.B, files []Input) {
	b.ResetTimer()
	pages := 0
	for b.Loop() {
		got, bad, err := ReadFiles(bg, files, Options{})
		if err != nil || len(bad) > 0 || len(got) != len(files) {
			b.Fatal(err, bad)
		}
		pages += len(got)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(pages)*100, "s/100pages")
}

// BenchmarkImport100A4: 100 colour A4 scans at 300 dpi, JPEG quality 85,
// through ReadFiles with default workers, thumbnails and cover detection
// included. Target: 100 pages in at most 30 s on 2 cores.
func BenchmarkImport100A4(b *testing.B) {
	files := benchInputs(b, 100, "jpg", func(img image.Image) []byte { return withJFIF(encJPEG(b, img, 85), 300) })
	runImport(b, files)
}

// BenchmarkImport100A4Bilevel: the same pages as 300 dpi line-art PNGs
// (1-bit), as scanners write in black-and-white mode.
func BenchmarkImport100A4Bilevel(b *testing.B) {
	files := benchInputs(b, 100, "png", func(img image.Image) []byte { return png1bit(threshold(img), 300) })
	runImport(b, files)
}

// BenchmarkImport100A4TIFF: 1-bit uncompressed TIFF pages, which are
// re-encoded as PNG originals.
func BenchmarkImport100A4TIFF(b *testing.B) {
	files := benchInputs(b, 100, "tif", func(img image.Image) []byte {
		return makeTIFF([]tiffPageSpec{{img: threshold(img), bilevel: true, dpi: 300}})
	})
	runImport(b, files)
}

// BenchmarkDownscale compares the area-average shrink used for display
// images with golang.org/x/image/draw scalers, A4 at 300 dpi to 1600 px.
func BenchmarkDownscale(b *testing.B) {
	gray := textPage(2480, 3508, 1, false)
	ycc := decodeForBench(b, encJPEG(b, textPage(2480, 3508, 1, true), 85))
	dw, dh := fit(2480, 3508, DisplayMax)
	for _, src := range []struct {
		name string
		img  image.Image
	}{{"gray", gray}, {"ycbcr", ycc}} {
		b.Run(src.name+"/box", func(b *testing.B) {
			for b.Loop() {
				shrink(src.img, DisplayMax)
			}
		})
		for _, s := range []struct {
			name string
			s    xdraw.Scaler
		}{{"ApproxBiLinear", xdraw.ApproxBiLinear}, {"CatmullRom", xdraw.CatmullRom}} {
			b.Run(src.name+"/"+s.name, func(b *testing.B) {
				for b.Loop() {
					var dst xdraw.Image = image.NewRGBA(image.Rect(0, 0, dw, dh))
					if src.name == "gray" {
						dst = image.NewGray(image.Rect(0, 0, dw, dh))
					}
					s.s.Scale(dst, dst.Bounds(), src.img, src.img.Bounds(), xdraw.Src, nil)
				}
			})
		}
	}
}

func decodeForBench(b *testing.B, jpg []byte) image.Image {
	img, _, err := image.Decode(bytes.NewReader(jpg))
	if err != nil {
		b.Fatal(err)
	}
	return img
}

// BenchmarkCover measures the QR search on display images: an ordinary
// text page (the cost every page pays) and a cover sheet.
func BenchmarkCover(b *testing.B) {
	_, payload := coverPayload()
	for _, c := range []struct {
		name string
		img  image.Image
	}{
		{"text-page", textPage(2480, 3508, 1, false)},
		{"blank-page", blankNoisyPage(2480, 3508, 1)},
		{"cover-sheet", coverPage(b, payload)},
	} {
		d := shrink(c.img, DisplayMax)
		lum := luma(d)
		w, h := d.Bounds().Dx(), d.Bounds().Dy()
		k := ink(lum, w, h)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				findCover(bg, lum, w, h, k)
			}
		})
	}
}

// BenchmarkCancel reports how long ReadFiles takes to return once a batch
// of A4 pages is cancelled (was a 2-second assertion in TestCancel).
func BenchmarkCancel(b *testing.B) {
	jpg := encJPEG(b, textPage(2480, 3508, 1, false), 85)
	files := make([]Input, 40)
	for i := range files {
		files[i] = Input{fmt.Sprintf("p%02d.jpg", i), jpg}
	}
	var lag time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		var cancelled time.Time
		_, _, err := ReadFiles(ctx, files, Options{Workers: 2, Progress: func(done, total int) {
			if done == 2 {
				cancelled = time.Now()
				cancel()
			}
		}})
		lag += time.Since(cancelled)
		if !errors.Is(err, context.Canceled) {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lag.Milliseconds())/float64(b.N), "ms-after-cancel")
}
