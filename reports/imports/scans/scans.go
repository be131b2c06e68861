// Package scans turns scanned files (PDF, TIFF, JPEG, PNG) into pages
// ready to store: the original image kept losslessly, a display JPEG and a
// thumbnail, how much ink the page carries, and whether it is a Dossier
// cover sheet.
//
// Files are all or nothing: a file with one unreadable page yields no pages
// and a FileError naming the file and the page, so a clerk never files half
// a document without noticing. Pages are decoded in parallel; output keeps
// file and page order.
package scans

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"dossier/model"
)

// Sizes of the derived images (long side, pixels). The display image is
// also what release packets print from: 2400 px is 200 dpi on A4 and
// Letter, the resolution packets place scans at, so building a packet
// need not decode the 300 dpi original (which dominated its time).
const (
	DisplayMax = 2400
	ThumbMax   = 200

	displayQuality = 80
	thumbQuality   = 75
)

// Page is one decoded page, ready for storage.
type Page struct {
	Source string // file base name, with " pN" when the file has several pages
	Format string // "jpeg" or "png": the encoding of Original

	// Original is the page as scanned. JPEG data is passed through byte
	// for byte: a JPEG file (sharing the Input's memory), a JPEG inside
	// a PDF, a TIFF page stored as one JPEG strip (its tables spliced
	// in). A PNG file is kept as it is. Anything else becomes a lossless
	// PNG with the resolution recorded: bilevel pages 1-bit gray, gray
	// pages gray, palettes as palettes; a PDF Flate image with PNG
	// predictors is wrapped without recompressing.
	Original []byte

	Width, Height int
	DPI           int // from the file (JFIF, EXIF, pHYs, TIFF; PDF: pixels per inch drawn), else 0

	// Rotation is the clockwise turn (0, 90, 180, 270) a viewer should
	// apply to show the page upright as the file asks: EXIF/TIFF
	// orientation, a PDF page's /Rotate and the way the picture is drawn
	// on the page. Images are never rotated here; model.Page.Rotation
	// takes this value.
	Rotation int

	Display []byte // JPEG (gray for gray pages), long side at most DisplayMax
	Thumb   []byte // JPEG (gray for gray pages), long side at most ThumbMax

	Ink   float64 // share of dark pixels inside a 5% margin, on the display image
	Blank bool    // Ink below BlankInk

	Cover    *model.Cover // the page is a Dossier cover sheet
	CoverErr error        // the page has a Dossier cover-sheet code that does not parse
}

// BlankInk is the ink share below which a page counts as blank. Measured
// on A4 pages at 300 dpi (TestBlank): a line of a few words is about
// 0.06%, a single short word ("Nil") 0.014%; a blank sheet with sensor
// noise, dust, a dark scanner edge and punch holes in the margin stays
// under 0.002% once isolated specks are discounted. The threshold sits
// between, nearer the noise: calling a written page blank is the worse
// mistake.
const BlankInk = 0.00005

// FileError is a file that could not be read.
type FileError struct {
	File string // Input.Name as given
	Page int    // 1-based page that failed, 0 when the file as a whole did
	Err  error
}

func (e *FileError) Error() string {
	name := e.File
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var big *sizeError
	if errors.As(e.Err, &big) {
		if e.Page > 0 {
			return fmt.Sprintf("%q could not be read: page %d is too large to import: %s", name, e.Page, big.detail())
		}
		return fmt.Sprintf("%q could not be read: the page is too large to import: %s", name, big.detail())
	}
	if e.Page > 0 {
		return fmt.Sprintf("%q could not be read: page %d: %v", name, e.Page, e.Err)
	}
	return fmt.Sprintf("%q could not be read: %v", name, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// Options tune a read.
type Options struct {
	Workers  int                   // pages decoded at once; 0 means runtime.NumCPU()
	Progress func(done, total int) // pages (and unreadable files) done so far; called from worker goroutines, one call at a time
}

// Input is one file to read.
type Input struct {
	Name string
	Data []byte
}

// ReadFile decodes every page of one file. If any page fails it returns no
// pages and a *FileError naming the file and page. A cancelled ctx returns
// ctx.Err().
func ReadFile(ctx context.Context, name string, data []byte, opt Options) ([]Page, error) {
	pages, bad, err := ReadFiles(ctx, []Input{{Name: name, Data: data}}, opt)
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, &bad[0]
	}
	return pages, nil
}

// rendered is a decoded page before the shared finishing steps.
type rendered struct {
	format   string
	original []byte
	w, h     int
	dpi, rot int
	display  image.Image // at most DisplayMax: *image.Gray, *image.YCbCr (4:4:4) or *image.RGBA
}

// pageSource decodes one page of an opened file.
type pageSource func(ctx context.Context) (*rendered, error)

type openedFile struct {
	pages []pageSource
	err   error
	page  int // page the open error belongs to, 0 for the whole file
}

// open reads a file's structure: its page count and how to decode each.
func open(in Input) openedFile {
	data := in.Data
	switch Sniff(data) {
	case "jpeg":
		return openedFile{pages: []pageSource{func(ctx context.Context) (*rendered, error) { return decodeJPEG(ctx, data) }}}
	case "png":
		return openedFile{pages: []pageSource{func(ctx context.Context) (*rendered, error) { return decodePNG(ctx, data) }}}
	case "tiff":
		tp, err := tiffPages(data)
		if err != nil {
			return failed(err)
		}
		var of openedFile
		for _, p := range tp {
			of.pages = append(of.pages, p.decode)
		}
		return of
	case "pdf":
		return openPDFFile(data)
	}
	return openedFile{err: unsupported(in.Name, data)}
}

func failed(err error) openedFile {
	var pe *pageError
	if errors.As(err, &pe) {
		return openedFile{err: pe.err, page: pe.page}
	}
	return openedFile{err: err}
}

func openPDFFile(data []byte) openedFile {
	d, err := openPDF(data)
	if err != nil {
		return openedFile{err: err}
	}
	nodes, err := d.pageTree()
	if err != nil {
		return openedFile{err: err}
	}
	if len(nodes) == 0 {
		return openedFile{err: errors.New("the PDF has no pages")}
	}
	var of openedFile
	for i, n := range nodes {
		im, err := d.pageImage(n)
		if err != nil {
			return openedFile{err: err, page: i + 1}
		}
		of.pages = append(of.pages, im.decodePage)
	}
	return of
}

// recoverPanics turns a decoder panic into a page error. Fuzz tests switch
// it off so panics surface.
var recoverPanics = true

func guard(what string, err *error) {
	if !recoverPanics {
		return
	}
	if r := recover(); r != nil {
		*err = fmt.Errorf("the %s could not be decoded (internal error: %v)", what, r)
	}
}

// fileState tracks one file's pages during a read.
type fileState struct {
	name    string
	pages   []Page
	mu      sync.Mutex
	badPage int // lowest failed page, 0 if none
	err     error
	bad     atomic.Int32 // badPage, readable without the lock
}

// ReadFiles reads many files. It returns the pages of the good files in
// file order (pages in order) and one FileError per bad file; one bad file
// does not stop the others. A cancelled ctx returns ctx.Err() and nothing
// else.
func ReadFiles(ctx context.Context, files []Input, opt Options) ([]Page, []FileError, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}

	// Open every file (cheap: headers and PDF structure only).
	opened := make([]openedFile, len(files))
	parallel(ctx, workers, len(files), func(i int) {
		func() {
			var err error
			defer func() {
				if err != nil {
					opened[i] = openedFile{err: err}
				}
			}()
			defer guard("file", &err)
			opened[i] = open(files[i])
		}()
	})
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	type task struct{ f, p int }
	var tasks []task
	states := make([]*fileState, len(files))
	total := 0
	for i, of := range opened {
		st := &fileState{name: files[i].Name}
		states[i] = st
		if of.err != nil {
			st.badPage, st.err = of.page, of.err
			st.bad.Store(int32(max(of.page, 1)))
			total++
			continue
		}
		st.pages = make([]Page, len(of.pages))
		for p := range of.pages {
			tasks = append(tasks, task{i, p})
		}
		total += len(of.pages)
	}
	var pmu sync.Mutex // serialises calls, so done only grows
	done := 0
	progress := func() {
		pmu.Lock()
		defer pmu.Unlock()
		done++
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	if opt.Progress != nil {
		opt.Progress(0, total)
	}
	for _, of := range opened {
		if of.err != nil {
			progress()
		}
	}

	parallel(ctx, workers, len(tasks), func(k int) {
		t := tasks[k]
		st := states[t.f]
		defer progress()
		if b := st.bad.Load(); b != 0 && int(b) < t.p+1 {
			return // an earlier page failed: the file is lost anyway
		}
		n := len(opened[t.f].pages)
		pg, err := readPage(ctx, opened[t.f].pages[t.p], pageName(files[t.f].Name, t.p+1, n))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			st.mu.Lock()
			if st.badPage == 0 || t.p+1 < st.badPage {
				st.badPage, st.err = t.p+1, err
				st.bad.Store(int32(t.p + 1))
			}
			st.mu.Unlock()
			return
		}
		st.pages[t.p] = pg
	})
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	var pages []Page
	var bad []FileError
	for _, st := range states {
		if st.err != nil {
			bad = append(bad, FileError{File: st.name, Page: st.badPage, Err: st.err})
			continue
		}
		pages = append(pages, st.pages...)
	}
	return pages, bad, nil
}

// parallel runs fn(0..n-1) on up to workers goroutines, in index order of
// starting, and stops starting new calls once ctx is done.
func parallel(ctx context.Context, workers, n int, fn func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

func pageName(file string, page, pages int) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		file = file[i+1:]
	}
	if pages > 1 {
		return fmt.Sprintf("%s p%d", file, page)
	}
	return file
}

// readPage decodes one page and derives everything else from its display
// image. The full-size bitmap lives only inside src.
func readPage(ctx context.Context, src pageSource, name string) (pg Page, err error) {
	defer guard("page", &err)
	r, err := src(ctx)
	if err != nil {
		return Page{}, err
	}
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	pg = Page{Source: name, Format: r.format, Original: r.original, Width: r.w, Height: r.h,
		DPI: r.dpi, Rotation: r.rot}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, r.display, &jpeg.Options{Quality: displayQuality}); err != nil {
		return Page{}, err
	}
	pg.Display = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := jpeg.Encode(&buf, shrink(r.display, ThumbMax), &jpeg.Options{Quality: thumbQuality}); err != nil {
		return Page{}, err
	}
	pg.Thumb = bytes.Clone(buf.Bytes())
	b := r.display.Bounds()
	lum := luma(r.display)
	pg.Ink = ink(lum, b.Dx(), b.Dy())
	pg.Blank = pg.Ink < BlankInk
	pg.Cover, pg.CoverErr = findCover(ctx, lum, b.Dx(), b.Dy(), pg.Ink)
	return pg, nil
}

// Group is a run of pages filed together. Cover nil means the unfiled
// tray: pages before the first cover sheet, or after a damaged one.
type Group struct {
	Cover       *model.Cover
	Pages       []Page
	SheetSource string // Source of the cover sheet that starts the group ("" for leading unfiled pages)
	CoverErr    error  // the sheet that starts the group could not be read (Cover is nil)
}

// Split groups pages by the cover sheets among them. Sheets are not part
// of any group's pages. A sheet followed directly by another sheet (or by
// nothing) gives an empty group, kept so the screen can warn "cover sheet
// with no pages".
func Split(pages []Page) []Group {
	var groups []Group
	for _, p := range pages {
		switch {
		case p.Cover != nil:
			groups = append(groups, Group{Cover: p.Cover, SheetSource: p.Source})
		case p.CoverErr != nil:
			groups = append(groups, Group{SheetSource: p.Source, CoverErr: p.CoverErr})
		default:
			if len(groups) == 0 {
				groups = append(groups, Group{})
			}
			g := &groups[len(groups)-1]
			g.Pages = append(g.Pages, p)
		}
	}
	return groups
}
