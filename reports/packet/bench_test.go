package packet

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchRelease is a 300-page packet: 200 scanned A4 pages at 300 dpi and
// ten typed records of about ten pages each. Each scanned page is stamped
// so no two are alike. With decode, Open decodes the page from an
// office-scan-like JPEG (quality 85, 1.7 MB), as the application will from
// the stored original; without, Open hands over a copy of a ready bitmap,
// so only Build's own work is timed.
func benchRelease(tb testing.TB, password string, decode bool) Release {
	const distinct = 6
	var stored [distinct][]byte // what the caller would hold, encrypted, on disk
	var bitmaps [distinct]*image.Gray
	var wg sync.WaitGroup
	for k := range stored {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bitmaps[k] = synthPage(int64(k+1), 300)
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, bitmaps[k], &jpeg.Options{Quality: 85}); err != nil {
				panic(err)
			}
			stored[k] = buf.Bytes()
		}()
	}
	wg.Wait()
	if decode {
		bitmaps = [distinct]*image.Gray{}
	}

	var items []Item
	page := 0
	for d := 0; d < 10; d++ {
		var pages []ScannedPage
		for j := 0; j < 20; j++ {
			n := page
			page++
			pages = append(pages, ScannedPage{
				Open: func() (image.Image, error) {
					if !decode {
						b := bitmaps[n%distinct]
						img := &image.Gray{Pix: bytes.Clone(b.Pix), Stride: b.Stride, Rect: b.Rect}
						stampNumber(img, n)
						return img, nil
					}
					img, err := jpeg.Decode(bytes.NewReader(stored[n%distinct]))
					if err != nil {
						return nil, err
					}
					stampNumber(img.(*image.Gray), n)
					return img, nil
				},
				WidthMM: 210, HeightMM: 297,
				Source: fmt.Sprintf("box%d.pdf p%d", d+1, j+1),
			})
		}
		items = append(items, Item{Title: fmt.Sprintf("Scanned chart volume %d", d+1), Scanned: &ScannedDoc{Pages: pages}})
		items = append(items, Item{Title: fmt.Sprintf("Typed notes, part %d", d+1), Typed: &TypedRecord{
			Heading: fmt.Sprintf("Clinical notes %d", d+1),
			Fields:  [][2]string{{"Ward", "Medical"}, {"Clinician", "Dr. Ama Mensah"}, {"Diagnosis", "Community-acquired pneumonia"}},
			Text:    longText(d, 125),
		}})
	}
	r := sampleRelease()
	r.Items = items
	r.Password = password
	return r
}

// stampNumber marks page n in its margin (a row of bits) so every page's
// bitmap differs.
func stampNumber(g *image.Gray, n int) {
	for bit := 0; bit < 12; bit++ {
		if n>>bit&1 == 0 {
			continue
		}
		for y := 60; y < 90; y++ {
			for x := 60 + bit*40; x < 90+bit*40; x++ {
				g.Pix[y*g.Stride+x] = 0
			}
		}
	}
}

func longText(seed, paragraphs int) string {
	var b strings.Builder
	for p := 0; p < paragraphs; p++ {
		fmt.Fprintf(&b, "%d. ", p+1)
		for i := 0; i < 30+(p*7+seed)%25; i++ {
			b.WriteString(words[(i*13+p*5+seed)%len(words)] + " ")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func BenchmarkPacket300(b *testing.B) {
	for _, mode := range []string{"decode-plain", "decode-aes256", "bitmap-plain", "bitmap-aes256"} {
		b.Run(mode, func(b *testing.B) {
			pw := ""
			if strings.HasSuffix(mode, "aes256") {
				pw = "s3cret-pass"
			}
			r := benchRelease(b, pw, strings.HasPrefix(mode, "decode"))
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base) // the setup's own data: stored JPEGs, bitmaps, typed text
			resetPeakRSS()
			var maxInuse, maxSys uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() { // sample the heap every 5 ms
				defer close(done)
				var ms runtime.MemStats
				tick := time.NewTicker(5 * time.Millisecond)
				defer tick.Stop()
				for {
					runtime.ReadMemStats(&ms)
					maxInuse = max(maxInuse, ms.HeapInuse)
					maxSys = max(maxSys, ms.HeapSys)
					select {
					case <-stop:
						return
					case <-tick.C:
					}
				}
			}()
			b.ResetTimer()
			start := time.Now()
			var res Result
			for i := 0; i < b.N; i++ {
				var err error
				res, err = Build(context.Background(), io.Discard, r, nil)
				if err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			close(stop)
			<-done
			if res.Pages < 300 {
				b.Fatalf("only %d pages", res.Pages)
			}
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/packet")
			b.ReportMetric(float64(maxInuse)/1e6, "MB-peak-HeapInuse")
			b.ReportMetric(float64(maxSys)/1e6, "MB-peak-HeapSys")
			b.ReportMetric(float64(base.HeapInuse)/1e6, "MB-setup-HeapInuse")
			if rss := peakRSS(); rss > 0 {
				b.ReportMetric(rss/1e6, "MB-peak-RSS")
			}
			b.ReportMetric(float64(res.Bytes)/1e6, "MB-file")
			b.ReportMetric(float64(res.Pages), "pages")
		})
	}
}

// resetPeakRSS resets the kernel's peak-RSS mark (Linux), so peakRSS covers
// the build only and not the setup.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is VmHWM in bytes, or 0 where /proc is missing.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024
		}
	}
	return 0
}
