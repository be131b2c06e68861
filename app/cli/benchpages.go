package cli

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	releaseflow "dossier/app/flow/release"
	scanflow "dossier/app/flow/scan"
	"dossier/model"
	"dossier/model/clinical"
	scanin "dossier/reports/imports/scans"
	"dossier/storage"
)

// runBenchPages measures the digitizing figures on a scratch store: import
// of 300 dpi A4 scans, opening a page, saving a small record once the
// store holds many pages, and the memory of browsing a 300-page chart.
func runBenchPages(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "bench-pages")
	total := fs.Int("pages", 10_000, "pages in the store before saves are timed")
	dir := fs.String("dir", "", "folder for the scratch store (default: a temporary folder, removed after)")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, removeScratch, err := scratchStore(dir, "dossier-bench-pages-", "pages.dossier")
	if err != nil {
		return err
	}
	defer removeScratch()
	var rows [][3]string
	add := func(what, figure, target string) {
		rows = append(rows, [3]string{what, figure, target})
		fmt.Fprintf(env.Stderr, "  %s: %s\n", what, figure)
	}
	fmt.Fprintf(env.Stderr, "Benchmarking pages on %d cores in %s\n", runtime.NumCPU(), *dir)
	s, sess, _, err := storage.Create(path, model.DefaultClinic("Bench Clinic", "BEN"),
		model.User{Username: "admin", FullName: "Bench"}, benchPassword, storage.Options{KDF: storage.CalibrateKDF(time.Second)})
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := sess.Admin().CreateUser(model.User{Username: "clerk", FullName: "Bench Clerk", Role: model.RoleSupervisor}, benchPassword); err != nil {
		return err
	}
	if sess, err = s.SignIn("clerk", benchPassword); err != nil {
		return err
	}
	pt := model.Patient{GivenName: "Amina", FamilyName: "Okello", Sex: model.SexFemale, BirthDate: model.Date{Year: 1980, Month: 1, Day: 2}}
	if err := sess.Patients().Register(&pt); err != nil {
		return err
	}

	fmt.Fprintln(env.Stderr, "  making 100 synthetic A4 pages at 300 dpi…")
	files := make([]scanin.Input, 100)
	var inBytes int
	for i := range files {
		files[i] = scanin.Input{Name: fmt.Sprintf("page%03d.jpg", i+1), Data: syntheticA4(uint64(i))}
		inBytes += len(files[i].Data)
	}
	start := time.Now()
	sum, err := scanflow.Import(context.Background(), sess, model.ZeroID, files, nil)
	if err != nil {
		return err
	}
	took := time.Since(start)
	add("Import 100 A4 pages at 300 dpi (decode, thumbnails, cover check, encrypt, store)",
		fmt.Sprintf("%.1f s (%.0f ms a page, %.0f KB a page)", took.Seconds(), float64(took.Milliseconds())/100, float64(inBytes)/100/1024), "≤ 30 s")
	if sum.Pages != 100 {
		return fmt.Errorf("imported %d pages, want 100", sum.Pages)
	}

	tray, err := sess.Pages().Unfiled(false)
	if err != nil {
		return err
	}
	// File 300 pages to one patient as a long chart: the 100 imported plus
	// 200 more made from the same images.
	proto := make([]storage.NewPage, len(tray))
	for i, p := range tray {
		o, _ := sess.Pages().Image(p.Original)
		d, _ := sess.Pages().Image(p.Display)
		t, _ := sess.Pages().Image(p.Thumb)
		proto[i] = storage.NewPage{Source: p.Source, Format: p.Format, Original: o, Display: d, Thumb: t, Width: p.Width, Height: p.Height, DPI: p.DPI, Ink: p.Ink}
	}
	for k := 0; k < 3; k++ {
		doc := model.Document{PatientID: pt.ID, Type: model.DocCaseNote, Date: model.Date{Year: 2010 + k, Month: 1, Day: 5}}
		if k == 0 {
			for _, p := range tray {
				doc.Pages = append(doc.Pages, p.ID)
			}
			err = sess.Documents().File(&doc)
		} else {
			err = sess.Documents().Import(&doc, proto)
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stderr, "  filling the store to %d pages…\n", *total)
	for n := 300; n < *total; n += len(proto) {
		if _, err := sess.Pages().Import(model.ZeroID, proto[:min(len(proto), *total-n)]); err != nil {
			return err
		}
	}
	info, _ := os.Stat(path)
	add("Store holding pages", fmt.Sprintf("%d pages, %.1f GiB", *total, float64(info.Size())/(1<<30)), "")

	for i := 0; i < 200; i++ {
		p := model.Patient{GivenName: fmt.Sprintf("Bench%d", i), FamilyName: "Person", Sex: model.SexMale, BirthDate: model.Date{Year: 1990, Month: 3, Day: 4}}
		if err := sess.Patients().Register(&p); err != nil {
			return err
		}
	}
	lat, err := timeSaves(sess, 300)
	if err != nil {
		return err
	}
	add("Save a small record with the pages in the store", fmt.Sprintf("p50 %.2f ms, p99 %.2f ms (%d saves)", ms(pct(lat, 50)), ms(pct(lat, 99)), len(lat)), "p99 ≤ 20 ms")

	var opens []time.Duration
	rng := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 100; i++ {
		p := tray[rng.IntN(len(tray))]
		start := time.Now()
		data, err := sess.Pages().Image(p.Display)
		if err != nil {
			return err
		}
		if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
			return err
		}
		opens = append(opens, time.Since(start))
	}
	sort.Slice(opens, func(i, j int) bool { return opens[i] < opens[j] })
	add("Open a page (decrypt and decode the display image)", fmt.Sprintf("p50 %.0f ms, p95 %.0f ms", ms(pct(opens, 50)), ms(pct(opens, 95))), "≤ 200 ms")

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start = time.Now()
	docs, err := sess.Documents().OfPatient(pt.ID)
	if err != nil {
		return err
	}
	listTook := time.Since(start)
	var thumbs []image.Image
	pages := 0
	for _, d := range docs {
		for _, p := range d.Pages {
			data, err := sess.Pages().Image(p.Thumb)
			if err != nil {
				return err
			}
			img, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				return err
			}
			thumbs = append(thumbs, img)
			pages++
		}
	}
	disp, _ := sess.Pages().Image(docs[0].Pages[0].Display)
	big, _, _ := image.Decode(bytes.NewReader(disp))
	runtime.GC()
	runtime.ReadMemStats(&after)
	add("Open a 300-page chart (documents and page list)", fmt.Sprintf("%.0f ms", ms(listTook)), "")
	add("Memory for a 300-page chart: every thumbnail decoded and one page shown",
		fmt.Sprintf("%.1f MB for %d thumbnails (%d px) + 1 page (%d px); the app keeps at most 400 thumbnails",
			float64(after.HeapInuse-min(before.HeapInuse, after.HeapInuse))/(1<<20), pages, thumbs[0].Bounds().Dy(), big.Bounds().Dy()), "bounded")
	runtime.KeepAlive(thumbs)

	if err := benchPacket(sess, pt, docs, add); err != nil {
		return err
	}
	if err := benchKeying(sess, docs[0].Doc.ID, add); err != nil {
		return err
	}

	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "MEASURE\tRESULT\tTARGET\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r[0], r[1], r[2])
	}
	return tw.Flush()
}

// syntheticA4 draws a page like a typed or handwritten chart page: white
// paper with lines of dark strokes, encoded as a scanner would (JPEG 85).
func syntheticA4(seed uint64) []byte {
	const w, h = 2480, 3508
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 245
	}
	r := rand.New(rand.NewPCG(seed, 99))
	for y := 250; y < h-250; y += 70 {
		for x := 200; x < w-200; {
			word := 40 + r.IntN(180)
			for dx := 0; dx < word && x+dx < w-200; dx++ {
				for dy := 0; dy < 28; dy++ {
					if r.IntN(3) == 0 {
						img.SetGray(x+dx, y+dy, color.Gray{Y: uint8(20 + r.IntN(60))})
					}
				}
			}
			x += word + 30
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	// A JFIF header saying 300 dpi, as scanners write (Go's encoder writes
	// none).
	jfif := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1, 300 >> 8, 300 & 0xFF, 300 >> 8, 300 & 0xFF, 0, 0}
	out := append([]byte{0xFF, 0xD8}, jfif...)
	return append(out, buf.Bytes()[2:]...)
}

// benchPacket builds a release packet of two scanned documents (200 pages)
// and typed notes, as the release desk does, measuring time and memory.
func benchPacket(sess *storage.Session, pt model.Patient, docs []storage.DocumentView, add func(what, figure, target string)) error {
	var notes []model.Note
	text := strings.Repeat("Reviewed on the ward round. Observations stable, afebrile, eating well. Continue treatment and review tomorrow. ", 60)
	for i := 0; i < 60; i++ {
		notes = append(notes, model.Note{PatientID: pt.ID, Title: fmt.Sprintf("Ward round day %d", i+1), Text: text,
			Written: time.Now().Add(-time.Duration(i) * 24 * time.Hour), Author: "doctor1"})
	}
	if err := sess.Encounters().CreateChartItems(nil, notes); err != nil {
		return err
	}
	r := model.Request{PatientID: pt.ID, Requester: model.ReqPatient, Name: pt.DisplayName(), Purpose: "own copy"}
	if err := sess.Release().CreateRequest(&r); err != nil {
		return err
	}
	r.Documents = []model.ID{docs[0].Doc.ID, docs[1].Doc.ID}
	for _, n := range notes {
		r.Notes = append(r.Notes, n.ID)
	}
	if _, err := sess.Release().SaveWork(r, 1, "bench"); err != nil {
		return err
	}
	m, err := sess.Release().Material(r.ID)
	if err != nil {
		return err
	}
	clinic, _ := sess.Clinic()
	rel := releaseflow.PacketRelease(sess, m, clinic, "Bench", "")
	path := filepath.Join(os.TempDir(), "bench-packet.pdf")
	defer os.Remove(path)
	runtime.GC()
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse+ms.StackInuse)
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	res, err := releaseflow.WritePacket(context.Background(), path, rel, nil)
	took := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		return err
	}
	add("Release packet: 200 scanned pages and typed notes (decrypt, redact-ready, Bates, write)",
		fmt.Sprintf("%d pages in %.1f s, peak Go memory %.0f MB, %.0f MB file", res.Pages, took.Seconds(), float64(peak)/(1<<20), float64(res.Bytes)/(1<<20)),
		"≤ 10 s, ≤ 300 MB")
	return nil
}

// benchKeying times saving a keyed form (validation, the transcript's new
// revision, the draft removed) as a clerk does many times an hour.
func benchKeying(sess *storage.Session, doc model.ID, add func(what, figure, target string)) error {
	var lat []time.Duration
	for i := 0; i < 300; i++ {
		fields := clinical.Entry{"written": "12/03/2016 09:30", "author": "Dr. Achieng", "title": "Ward round",
			"text": fmt.Sprintf("Afebrile. Eating well. Review %d.", i)}
		if err := sess.Drafts().Save("bench", fields); err != nil {
			return err
		}
		start := time.Now()
		if _, err := sess.Transcripts().Save(doc, nil, fields); err != nil {
			return err
		}
		if err := sess.Drafts().Delete("bench"); err != nil {
			return err
		}
		lat = append(lat, time.Since(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	add("Save a keyed form (check, new revision, draft removed), fsync on", fmt.Sprintf("p50 %.2f ms, p99 %.2f ms (%d saves)", ms(pct(lat, 50)), ms(pct(lat, 99)), len(lat)), "p99 ≤ 20 ms")
	return nil
}
