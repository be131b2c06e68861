package packet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"dossier/model"

	"github.com/jung-kurt/gofpdf"
)

// prepared is a Release made ready to print: strings cleaned, typed records
// redacted, defaults filled in.
type prepared struct {
	Release
	items      []prepItem
	header     string
	batesStart int
}

type prepItem struct {
	title     string
	typed     *prepTyped
	scans     []ScannedPage
	firstScan int // index of its first page among all scanned pages
}

type prepTyped struct {
	heading    string
	fields     [][2]string
	text       string
	redactions int
}

func prepareRelease(r Release) (*prepared, error) {
	p := &prepared{Release: r}
	p.Letterhead = Letterhead{Clinic: line(r.Letterhead.Clinic), Address: clean(r.Letterhead.Address), Phone: line(r.Letterhead.Phone)}
	p.RequestNo, p.Recipient, p.Purpose = line(r.RequestNo), line(r.Recipient), line(r.Purpose)
	p.RecipientAddress, p.ReleasedBy, p.Authority = clean(r.RecipientAddress), line(r.ReleasedBy), line(r.Authority)
	p.Patient = PatientLine{Name: line(r.Patient.Name), MRN: line(r.Patient.MRN), Born: line(r.Patient.Born)}
	p.BatesPrefix, p.Watermark = line(r.BatesPrefix), line(r.Watermark)
	switch {
	case p.Recipient == "":
		return nil, errors.New("packet: no recipient")
	case p.Purpose == "":
		return nil, errors.New("packet: no purpose")
	case r.Date.IsZero():
		return nil, errors.New("packet: no release date")
	case r.BatesStart < 0:
		return nil, fmt.Errorf("packet: Bates numbers cannot start at %d", r.BatesStart)
	case len(r.Items) == 0:
		return nil, errors.New("packet: nothing to release")
	}
	p.batesStart = max(1, r.BatesStart)
	p.header = r.Words.T("packet.header", p.Recipient, p.Purpose, r.Date.Format("2006-01-02"), orDash(p.RequestNo))

	scans := 0
	for i, it := range r.Items {
		pi := prepItem{title: line(it.Title), firstScan: scans}
		switch {
		case (it.Typed == nil) == (it.Scanned == nil):
			return nil, fmt.Errorf("packet: item %d (%q) must be either typed or scanned", i+1, it.Title)
		case it.Typed != nil:
			t, title, err := prepareTyped(*it.Typed, pi.title)
			if err != nil {
				return nil, fmt.Errorf("packet: item %d: %w", i+1, err)
			}
			pi.typed, pi.title = t, title
		default:
			if len(it.Scanned.Pages) == 0 {
				return nil, fmt.Errorf("packet: item %d (%q) has no pages", i+1, it.Title)
			}
			pi.scans = it.Scanned.Pages
			scans += len(pi.scans)
		}
		if pi.title == "" {
			pi.title = r.Words.T("packet.item", i+1)
		}
		p.items = append(p.items, pi)
	}
	return p, nil
}

// prepareTyped applies the record's text redactions to every string of the
// item, and checks that none of the omitted passages survived.
func prepareTyped(t TypedRecord, title string) (*prepTyped, string, error) {
	omits := make([]string, 0, len(t.Omit))
	for _, o := range t.Omit {
		if o = line(o); o != "" {
			omits = append(omits, o)
		}
	}
	out := &prepTyped{}
	red := func(s string) string {
		s, n := redactText(s, omits)
		out.redactions += n
		return s
	}
	title = red(title)
	out.heading = red(line(t.Heading))
	for _, f := range t.Fields {
		out.fields = append(out.fields, [2]string{red(line(f[0])), red(clean(f[1]))})
	}
	out.text = red(clean(t.Text))
	all := []string{title, out.heading, out.text}
	for _, f := range out.fields {
		all = append(all, f[0], f[1])
	}
	for _, s := range all {
		if o, bad := leaks(s, omits); bad {
			return nil, "", fmt.Errorf("a redacted passage (%d characters) survives redaction", len([]rune(o)))
		}
	}
	return out, title, nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (p *prepared) bates(page int) string {
	return fmt.Sprintf("%s%06d", p.BatesPrefix, p.batesStart+page-1)
}

// batesRange is "FIRST – LAST", or one number for one page.
func (p *prepared) batesRange(first, n int) string {
	if n <= 1 {
		return p.bates(first)
	}
	return p.bates(first) + " – " + p.bates(first+n-1)
}

// plan is the page count of each part of the packet.
type plan struct {
	cover, contents int
	items           []int
}

func (p *prepared) guess() plan {
	pl := plan{cover: 1, contents: 1, items: make([]int, len(p.items))}
	for i, it := range p.items {
		pl.items[i] = max(1, len(it.scans))
	}
	return pl
}

func (p plan) equal(q plan) bool {
	if p.cover != q.cover || p.contents != q.contents || len(p.items) != len(q.items) {
		return false
	}
	for i := range p.items {
		if p.items[i] != q.items[i] {
			return false
		}
	}
	return true
}

func (p plan) total() int {
	n := p.cover + p.contents
	for _, c := range p.items {
		n += c
	}
	return n
}

// itemFirst is the packet page number of item i's first page.
func (p plan) itemFirst(i int) int {
	n := p.cover + p.contents + 1
	for _, c := range p.items[:i] {
		n += c
	}
	return n
}

func (p plan) String() string { return fmt.Sprintf("%d+%d+%v", p.cover, p.contents, p.items) }

// Text pages: A4 portrait, these margins (mm).
const (
	marginL   = 20.0
	marginR   = 20.0
	contentT  = 22.0
	contentB  = 277.0 // 297 - 20: the footer sits below
	headFootM = 15.0  // header and footer run closer to the edge
)

// renderer lays out one pass. In a dry run (pipe == nil) scanned pages are
// blank pages: only the page count matters.
type renderer struct {
	ctx      context.Context
	pdf      *gofpdf.Fpdf
	rel      *prepared
	plan     plan
	pipe     *scanPipeline
	images   *images // the real run's scanned pages, swapped in at the end
	progress func(done, total int)
	labels   map[int][2]string // footer label (two small lines) per page
	cur      [2]string         // label for continuation pages
	onBreak  func()            // redraws a table's head after a page break
	err      error
}

func render(ctx context.Context, rel *prepared, pl plan, pipe *scanPipeline, im *images, progress func(int, int)) (plan, *gofpdf.Fpdf, error) {
	r := &renderer{ctx: ctx, pdf: newPDF("P"), rel: rel, plan: pl, pipe: pipe, images: im, progress: progress, labels: map[int][2]string{}}
	pdf := r.pdf
	pdf.SetCompression(false) // assemble compresses the pages: see there
	pdf.SetTitle(rel.Words.T("packet.pdf_title", rel.RequestNo, rel.Patient.Name), true)
	pdf.SetSubject(rel.Words.T("packet.pdf_subject", rel.Recipient, rel.Purpose), true)
	pdf.SetAuthor(rel.ReleasedBy, true)
	pdf.SetCreationDate(rel.Date)
	pdf.SetCatalogSort(true)
	pdf.SetMargins(marginL, contentT, marginR)
	pdf.SetHeaderFuncMode(r.drawHeader, false)
	pdf.SetFooterFunc(r.drawFooter)

	got := plan{items: make([]int, len(rel.items))}
	r.coverLetter()
	got.cover = pdf.PageNo()
	r.contentsPage()
	got.contents = pdf.PageNo() - got.cover
	for i, it := range rel.items {
		if r.err != nil {
			break
		}
		before := pdf.PageNo()
		if it.typed != nil {
			r.typedItem(i, it)
		} else {
			r.scannedItem(i, it)
		}
		got.items[i] = pdf.PageNo() - before
	}
	if r.err != nil {
		return plan{}, nil, r.err
	}
	if err := pdf.Error(); err != nil {
		return plan{}, nil, fmt.Errorf("packet: make the PDF: %w", err)
	}
	return got, pdf, nil
}

func (r *renderer) dry() bool { return r.pipe == nil }

func (r *renderer) newPage(label [2]string, landscape bool) {
	if r.err == nil {
		r.err = r.ctx.Err()
	}
	r.cur = label
	r.labels[r.pdf.PageNo()+1] = label
	if landscape {
		r.pdf.AddPageFormat("L", r.pdf.GetPageSizeStr("A4"))
	} else {
		r.pdf.AddPageFormat("P", r.pdf.GetPageSizeStr("A4"))
	}
	r.pdf.SetXY(marginL, contentT)
}

// need starts a new page unless h mm still fit on this one.
func (r *renderer) need(h float64) {
	if r.pdf.GetY()+h > contentB+0.01 {
		r.newPage(r.cur, false)
		if r.onBreak != nil {
			r.onBreak()
		}
	}
}

func (r *renderer) drawHeader() {
	pdf := r.pdf
	w, _ := pdf.GetPageSize()
	width := w - 2*headFootM
	size := 8.0
	pdf.SetFont("sans", "", size)
	for size > 6 && pdf.GetStringWidth(r.rel.header) > width {
		size -= 0.5
		pdf.SetFont("sans", "", size)
	}
	lines := []string{r.rel.header}
	if pdf.GetStringWidth(r.rel.header) > width {
		lines = wrap(pdf, r.rel.header, width)
		if len(lines) > 2 {
			lines = []string{lines[0], fit(pdf, strings.Join(lines[1:], " "), width)}
		}
	}
	pdf.SetTextColor(60, 60, 60)
	y := 9.0
	if len(lines) > 1 {
		y = 7.5
	}
	for _, l := range lines {
		pdf.SetXY(headFootM, y)
		pdf.CellFormat(width, 3.6, l, "", 0, "C", false, 0, "")
		y += 3.6
	}
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	pdf.Line(headFootM, 15.5, w-headFootM, 15.5)
	pdf.SetTextColor(0, 0, 0)
}

func (r *renderer) drawFooter() {
	pdf := r.pdf
	n := pdf.PageNo()
	w, h := pdf.GetPageSize()
	y := h - 13
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	pdf.Line(headFootM, y-1.5, w-headFootM, y-1.5)

	// Right: "Page X of Y" then the Bates number in mono; left: what the
	// page is, in two small lines.
	bates := r.rel.bates(n)
	pdf.SetFont("mono", "", 9)
	pdf.SetTextColor(0, 0, 0)
	bw := pdf.GetStringWidth(bates)
	pdf.SetXY(w-headFootM-bw, y)
	pdf.CellFormat(bw, 4.5, bates, "", 0, "R", false, 0, "")
	pageOf := r.rel.Words.T("common.page_of", n, strconv.Itoa(r.plan.total()))
	pdf.SetFont("sans", "", 8)
	pw := pdf.GetStringWidth(pageOf)
	pdf.SetXY(w-headFootM-bw-5-pw, y)
	pdf.CellFormat(pw, 4.5, pageOf, "", 0, "R", false, 0, "")

	pdf.SetFont("sans", "", 6.5)
	pdf.SetTextColor(90, 90, 90)
	lw := w - 2*headFootM - bw - 5 - pw - 5
	for i, l := range r.labels[n] {
		if l != "" {
			pdf.SetXY(headFootM, y-0.5+float64(i)*3.2)
			pdf.CellFormat(lw, 3.2, fit(pdf, l, lw), "", 0, "L", false, 0, "")
		}
	}
	pdf.SetTextColor(0, 0, 0)

	if r.rel.Watermark != "" {
		r.drawWatermark(w, h)
	}
	if !r.dry() && r.progress != nil && n < r.plan.total() {
		r.progress(n, r.plan.total())
	}
}

// drawWatermark lays the watermark corner to corner, light and translucent,
// over whatever the page holds (scanned images included).
func (r *renderer) drawWatermark(w, h float64) {
	pdf := r.pdf
	text := r.rel.Watermark
	angle := math.Atan2(h, w) * 180 / math.Pi
	diag := math.Hypot(w, h) * 0.75
	size := 54.0
	pdf.SetFont("sans", "B", size)
	if tw := pdf.GetStringWidth(text); tw > diag {
		size *= diag / tw
		pdf.SetFont("sans", "B", size)
	}
	tw := pdf.GetStringWidth(text)
	cx, cy := w/2, h/2
	pdf.SetAlpha(0.16, "Normal")
	pdf.SetTextColor(120, 120, 120)
	pdf.TransformBegin()
	pdf.TransformRotate(angle, cx, cy)
	pdf.Text(cx-tw/2, cy+size*25.4/72*0.35, text)
	pdf.TransformEnd()
	pdf.SetAlpha(1, "Normal")
	pdf.SetTextColor(0, 0, 0)
}

// text draws wrapped text from x over width, line by line, breaking pages.
func (r *renderer) text(x, width, lh float64, font, style string, size float64, s string) {
	pdf := r.pdf
	pdf.SetFont(font, style, size)
	for _, l := range wrap(pdf, s, width) {
		if l == "" {
			r.need(lh / 2)
			pdf.SetY(pdf.GetY() + lh/2)
			continue
		}
		r.need(lh)
		pdf.SetFont(font, style, size) // a page break may have changed it
		y := pdf.GetY()
		pdf.SetXY(x, y)
		pdf.CellFormat(width, lh, l, "", 0, "L", false, 0, "")
		pdf.SetY(y + lh)
	}
}

func (r *renderer) gap(h float64) { r.pdf.SetY(r.pdf.GetY() + h) }

func (r *renderer) rule() {
	y := r.pdf.GetY()
	r.pdf.SetDrawColor(15, 110, 110)
	r.pdf.SetLineWidth(0.4)
	r.pdf.Line(marginL, y, 210-marginR, y)
	r.pdf.SetLineWidth(0.2)
}

// column is one column of a table.
type column struct {
	title string
	w     float64
	mono  bool
	align string
}

// table draws rows whose cells wrap; a row that does not fit on the page
// goes to the next one whole (with the table's head repeated), and a row
// taller than a page breaks between its lines.
type table struct {
	r    *renderer
	cols []column
	size float64
	lh   float64
}

func (t *table) head() {
	pdf := t.r.pdf
	pdf.SetFont("sans", "B", t.size)
	pdf.SetFillColor(226, 240, 240)
	y := pdf.GetY()
	x := marginL
	for _, c := range t.cols {
		pdf.SetXY(x, y)
		pdf.CellFormat(c.w, t.lh+1.5, "", "", 0, "L", true, 0, "")
		pdf.SetXY(x+1, y)
		pdf.CellFormat(c.w-2, t.lh+1.5, c.title, "", 0, c.align, false, 0, "")
		x += c.w
	}
	pdf.SetY(y + t.lh + 1.5)
}

func (t *table) begin() {
	t.r.need(2*t.lh + 3)
	t.head()
	t.r.onBreak = t.head
}

func (t *table) end() { t.r.onBreak = nil }

func (t *table) row(cells ...string) {
	pdf := t.r.pdf
	lines := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		t.font(c)
		lines[i] = wrap(pdf, cells[i], c.w-2)
		n = max(n, len(lines[i]))
	}
	h := float64(n)*t.lh + 1.5
	if pdf.GetY()+h > contentB && h <= contentB-contentT-t.lh-3 {
		t.r.need(h) // the whole row on the next page
	}
	y := pdf.GetY()
	pdf.SetDrawColor(200, 200, 200)
	pdf.Line(marginL, y, 210-marginR, y)
	pdf.SetY(y + 0.75)
	for k := 0; k < n; k++ {
		t.r.need(t.lh)
		y := pdf.GetY()
		x := marginL
		for i, c := range t.cols {
			if k < len(lines[i]) {
				t.font(c)
				pdf.SetXY(x+1, y)
				pdf.CellFormat(c.w-2, t.lh, lines[i][k], "", 0, c.align, false, 0, "")
			}
			x += c.w
		}
		pdf.SetY(y + t.lh)
	}
	pdf.SetY(pdf.GetY() + 0.75)
}

func (t *table) font(c column) {
	if c.mono {
		t.r.pdf.SetFont("mono", "", t.size-1)
	} else {
		t.r.pdf.SetFont("sans", "", t.size)
	}
}

// batesColumn is wide enough for the longest range on one line (in the mono
// font a table of the given size uses: see font), but no wider than most.
func (r *renderer) batesColumn(size, most float64) float64 {
	r.pdf.SetFont("mono", "", size-1)
	longest := r.rel.batesRange(1, r.plan.total()) // every number has as many digits as the last
	return min(most, r.pdf.GetStringWidth(longest)+3)
}

// The cover letter's confidentiality notice is packet.confidentiality in
// the printed words; packet.to_patient is the notice when the records go
// to the patient: they are theirs to share, so the letter says how to keep
// them safe instead of forbidding disclosure.

func (r *renderer) coverLetter() {
	pdf := r.pdf
	rel := r.rel
	w := rel.Words
	r.newPage([2]string{w.T("packet.cover_letter"), w.T("packet.release", orDash(rel.RequestNo))}, false)
	width := 210 - marginL - marginR

	// Letterhead
	pdf.SetTextColor(15, 110, 110)
	r.text(marginL, width, 7.5, "sans", "B", 16, orDash(rel.Letterhead.Clinic))
	pdf.SetTextColor(60, 60, 60)
	contact := joinLines(rel.Letterhead.Address)
	if rel.Letterhead.Phone != "" {
		contact = strings.TrimPrefix(contact+" · "+w.T("packet.tel", rel.Letterhead.Phone), " · ")
	}
	if contact != "" {
		r.text(marginL, width, 4.5, "sans", "", 9, contact)
	}
	pdf.SetTextColor(0, 0, 0)
	r.gap(1.5)
	r.rule()
	r.gap(6)

	pdf.SetFont("sans", "", 10)
	y := pdf.GetY()
	pdf.SetXY(marginL, y)
	pdf.CellFormat(width, 5, w.Long(model.DateOf(rel.Date), rel.DateOrder), "", 0, "R", false, 0, "")
	pdf.SetY(y)
	r.text(marginL, width*0.6, 5, "sans", "B", 10, rel.Recipient)
	if rel.RecipientAddress != "" {
		r.text(marginL, width*0.6, 5, "sans", "", 10, rel.RecipientAddress)
	}
	r.gap(7)

	re := w.T("packet.re", orDash(rel.Patient.Name), orDash(rel.Patient.MRN), orDash(rel.RequestNo))
	r.text(marginL, width, 5.5, "sans", "B", 11, re)
	if rel.Patient.Born != "" {
		r.text(marginL, width, 5, "sans", "", 10, w.T("packet.patient_born", rel.Patient.Born))
	}
	r.gap(4)
	r.text(marginL, width, 5, "sans", "", 10, w.T("packet.enclose", orDash(rel.Letterhead.Clinic), rel.Purpose))
	r.gap(2.5)
	r.text(marginL, width, 5, "sans", "", 10, w.T("packet.authority", orDash(rel.Authority)))
	r.gap(5)

	r.text(marginL, width, 6, "sans", "B", 11, w.T("packet.enclosed"))
	r.gap(1)
	bw := r.batesColumn(9, 66)
	t := &table{r: r, size: 9, lh: 4.4, cols: []column{
		{title: w.T("packet.col_no"), w: 11, align: "R"}, {title: w.T("packet.col_record"), w: width - 11 - 15 - bw},
		{title: w.T("packet.col_pages"), w: 15, align: "R"}, {title: w.T("packet.col_bates"), w: bw, mono: true, align: "L"},
	}}
	t.begin()
	for i, it := range rel.items {
		n := r.plan.items[i]
		t.row(strconv.Itoa(i+1)+".", it.title, strconv.Itoa(n), rel.batesRange(r.plan.itemFirst(i), n))
	}
	t.end()
	r.gap(2)
	total := r.plan.total()
	r.text(marginL, width, 5, "sans", "B", 10, w.T("packet.total", total, rel.bates(1), rel.bates(total),
		w.N("packet.pages", r.plan.cover, r.plan.cover), w.N("packet.pages", r.plan.contents, r.plan.contents)))
	r.gap(5)

	// Confidentiality statement, boxed, kept on one page.
	pdf.SetFont("sans", "", 9)
	notice, heading := w.T("packet.confidentiality"), w.T("packet.confidentiality_heading")
	if r.rel.ToPatient {
		notice, heading = w.T("packet.to_patient"), w.T("packet.to_patient_heading")
	}
	lines := wrap(pdf, notice, width-8)
	boxH := 5.5 + float64(len(lines))*4.3 + 3
	r.need(boxH)
	y = pdf.GetY()
	pdf.SetFillColor(248, 240, 228)
	pdf.SetDrawColor(190, 140, 60)
	pdf.Rect(marginL, y, width, boxH, "FD")
	pdf.SetXY(marginL+4, y+2)
	pdf.SetFont("sans", "B", 9.5)
	pdf.CellFormat(width-8, 4.5, heading, "", 0, "L", false, 0, "")
	pdf.SetFont("sans", "", 9)
	for i, l := range lines {
		pdf.SetXY(marginL+4, y+6.5+float64(i)*4.3)
		pdf.CellFormat(width-8, 4.3, l, "", 0, "L", false, 0, "")
	}
	pdf.SetY(y + boxH + 6)

	// Signature, kept together.
	r.need(34)
	r.text(marginL, width, 5, "sans", "", 10, w.T("packet.yours"))
	r.gap(14)
	y = pdf.GetY()
	pdf.SetDrawColor(0, 0, 0)
	pdf.Line(marginL, y, marginL+75, y)
	r.gap(1.5)
	r.text(marginL, width, 5, "sans", "B", 10, orDash(rel.ReleasedBy))
	r.text(marginL, width, 4.5, "sans", "", 9, w.T("packet.signature", orDash(rel.Letterhead.Clinic)))
}

func (r *renderer) contentsPage() {
	rel := r.rel
	w := rel.Words
	r.newPage([2]string{w.T("packet.contents"), w.T("packet.release", orDash(rel.RequestNo))}, false)
	width := 210 - marginL - marginR
	r.text(marginL, width, 8, "sans", "B", 15, w.T("packet.contents"))
	r.text(marginL, width, 5, "sans", "", 10, w.T("packet.contents_of",
		orDash(rel.Patient.Name), orDash(rel.Patient.MRN), rel.Recipient, orDash(rel.RequestNo)))
	r.gap(4)
	bw := r.batesColumn(9, 66)
	t := &table{r: r, size: 9, lh: 4.4, cols: []column{
		{title: w.T("packet.col_no"), w: 11, align: "R"}, {title: w.T("packet.col_record"), w: width - 11 - 26 - 16 - bw},
		{title: w.T("packet.col_kind"), w: 26}, {title: w.T("packet.col_pages"), w: 16, align: "R"}, {title: w.T("packet.col_bates"), w: bw, mono: true},
	}}
	t.begin()
	t.row("", w.T("packet.cover_letter"), w.T("packet.kind_letter"), pageSpan(1, r.plan.cover), rel.batesRange(1, r.plan.cover))
	t.row("", w.T("packet.contents"), w.T("packet.kind_list"), pageSpan(r.plan.cover+1, r.plan.contents), rel.batesRange(r.plan.cover+1, r.plan.contents))
	for i, it := range rel.items {
		kind := w.T("packet.kind_typed")
		if it.typed == nil {
			kind = w.N("packet.kind_scan", len(it.scans), len(it.scans))
		}
		first, n := r.plan.itemFirst(i), r.plan.items[i]
		t.row(strconv.Itoa(i+1)+".", it.title, kind, pageSpan(first, n), rel.batesRange(first, n))
	}
	t.end()
	r.gap(3)
	r.text(marginL, width, 4.5, "sans", "", 9, w.T("packet.contents_total", r.plan.total(), rel.bates(1), rel.bates(r.plan.total())))
}

func pageSpan(first, n int) string {
	if n <= 1 {
		return strconv.Itoa(first)
	}
	return strconv.Itoa(first) + "–" + strconv.Itoa(first+n-1)
}

func (r *renderer) itemLabel(i int, it prepItem) string {
	return r.rel.Words.T("packet.item_of", i+1, len(r.rel.items), it.title)
}

func (r *renderer) typedItem(i int, it prepItem) {
	pdf := r.pdf
	t := it.typed
	r.newPage([2]string{r.itemLabel(i, it), r.rel.Words.T("packet.kind_typed")}, false)
	width := 210 - marginL - marginR
	pdf.SetTextColor(90, 90, 90)
	r.text(marginL, width, 4.5, "sans", "", 8.5, r.rel.Words.T("packet.item_typed", i+1, len(r.rel.items)))
	pdf.SetTextColor(0, 0, 0)
	heading := t.heading
	if heading == "" {
		heading = it.title
	}
	r.text(marginL, width, 7, "sans", "B", 14, heading)
	if it.title != heading {
		pdf.SetTextColor(70, 70, 70)
		r.text(marginL, width, 5, "sans", "", 10, it.title)
		pdf.SetTextColor(0, 0, 0)
	}
	r.gap(1.5)
	r.rule()
	r.gap(3)

	if len(t.fields) > 0 {
		tb := &table{r: r, size: 9.5, lh: 4.8, cols: []column{{w: 50}, {w: width - 50}}}
		for _, f := range t.fields {
			tb.rowLabelled(f[0], f[1])
		}
		r.gap(4)
	}
	if strings.TrimSpace(t.text) != "" {
		for i, para := range strings.Split(strings.TrimSpace(t.text), "\n") {
			if i > 0 {
				r.gap(1.2) // paragraphs stand apart
			}
			r.text(marginL, width, 5, "sans", "", 10, para)
		}
	}
	if t.redactions > 0 {
		r.gap(3)
		pdf.SetTextColor(120, 40, 30)
		r.text(marginL, width, 4.5, "sans", "", 8.5, fmt.Sprintf(
			"%d %s of this record %s been withheld and %s shown as [redacted].", t.redactions,
			map[bool]string{true: "passage", false: "passages"}[t.redactions == 1],
			map[bool]string{true: "has", false: "have"}[t.redactions == 1],
			map[bool]string{true: "is", false: "are"}[t.redactions == 1]))
		pdf.SetTextColor(0, 0, 0)
	}
}

// rowLabelled is a label/value row: the label bold.
func (t *table) rowLabelled(label, value string) {
	pdf := t.r.pdf
	pdf.SetFont("sans", "B", t.size)
	ll := wrap(pdf, label, t.cols[0].w-3)
	pdf.SetFont("sans", "", t.size)
	vl := wrap(pdf, value, t.cols[1].w)
	n := max(len(ll), len(vl))
	h := float64(n) * t.lh
	if pdf.GetY()+h > contentB && h <= contentB-contentT {
		t.r.need(h)
	}
	for k := 0; k < n; k++ {
		t.r.need(t.lh)
		y := pdf.GetY()
		if k < len(ll) {
			pdf.SetFont("sans", "B", t.size)
			pdf.SetXY(marginL, y)
			pdf.CellFormat(t.cols[0].w-3, t.lh, ll[k], "", 0, "L", false, 0, "")
		}
		if k < len(vl) {
			pdf.SetFont("sans", "", t.size)
			pdf.SetXY(marginL+t.cols[0].w, y)
			pdf.CellFormat(t.cols[1].w, t.lh, vl[k], "", 0, "L", false, 0, "")
		}
		pdf.SetY(y + t.lh)
	}
	pdf.SetY(pdf.GetY() + 1)
}

func (r *renderer) scannedItem(i int, it prepItem) {
	for j, sp := range it.scans {
		if r.err != nil {
			return
		}
		src := r.rel.Words.T("packet.scanned_page", j+1, len(it.scans))
		if s := line(sp.Source); s != "" {
			src += " · " + r.rel.Words.T("packet.source", s)
		}
		label := [2]string{r.itemLabel(i, it), src}
		if r.dry() {
			r.newPage(label, false)
			continue
		}
		ps, err := r.pipe.get(r.ctx, it.firstScan+j)
		if err == nil && ps.err != nil {
			err = fmt.Errorf("packet: scanned page %q (item %d %q, page %d): %w", line(sp.Source), i+1, it.title, j+1, ps.err)
		}
		if err != nil {
			r.err = err
			return
		}
		if ps.redacted > 0 {
			label[1] += fmt.Sprintf(" · %d %s redacted", ps.redacted, map[bool]string{true: "area", false: "areas"}[ps.redacted == 1])
		}
		r.newPage(label, ps.landscape)
		aw, ah := pageArea(ps.landscape)
		x := scanMarginMM + (aw-ps.wmm)/2
		y := scanTopMM + (ah-ps.hmm)/2
		pdf := r.pdf
		k := it.firstScan + j
		r.images.jpg[k], r.images.px[k] = ps.jpg, ps.px
		name := "scan" + strconv.Itoa(k)
		pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(r.images.placeholder(k)))
		pdf.ImageOptions(name, x, y, ps.wmm, ps.hmm, false, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
		pdf.SetDrawColor(200, 200, 200)
		pdf.SetLineWidth(0.1)
		pdf.Rect(x, y, ps.wmm, ps.hmm, "D")
		collectIfNeeded()
	}
}
