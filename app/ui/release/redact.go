package release

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"image"
	"image/color"

	"dossier/app/ui/kit"
	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// redactPad shows a page and lets the user drag boxes over what must not
// leave the clinic. Boxes are kept in thousandths of the page, so they
// apply to the full-resolution scan when the packet is built.
type redactPad struct {
	widget.BaseWidget
	img      *canvas.Image
	boxes    []model.Rect
	dragFrom *fyne.Position
	dragTo   fyne.Position
	changed  func()
}

func newRedactPad(changed func()) *redactPad {
	p := &redactPad{img: canvas.NewImageFromImage(nil), changed: changed}
	p.img.FillMode = canvas.ImageFillContain
	p.ExtendBaseWidget(p)
	return p
}

// area is where the page is drawn inside the widget.
func (p *redactPad) area() (x, y, w, h float32) {
	size := p.Size()
	if p.img.Image == nil {
		return 0, 0, size.Width, size.Height
	}
	b := p.img.Image.Bounds()
	iw, ih := float32(b.Dx()), float32(b.Dy())
	s := min(size.Width/iw, size.Height/ih)
	w, h = iw*s, ih*s
	return (size.Width - w) / 2, (size.Height - h) / 2, w, h
}

func (p *redactPad) toPage(pos fyne.Position) (int, int) {
	x, y, w, h := p.area()
	cx := min(max((pos.X-x)/w, 0), 1)
	cy := min(max((pos.Y-y)/h, 0), 1)
	return int(cx * 1000), int(cy * 1000)
}

// Dragged draws the box being made.
func (p *redactPad) Dragged(e *fyne.DragEvent) {
	if p.dragFrom == nil {
		from := e.Position.Subtract(e.Dragged)
		p.dragFrom = &from
	}
	p.dragTo = e.Position
	p.Refresh()
}

// DragEnd keeps the box.
func (p *redactPad) DragEnd() {
	if p.dragFrom == nil {
		return
	}
	x1, y1 := p.toPage(*p.dragFrom)
	x2, y2 := p.toPage(p.dragTo)
	p.dragFrom = nil
	r := model.Rect{X: min(x1, x2), Y: min(y1, y2), W: abs(x2 - x1), H: abs(y2 - y1)}
	if r.W >= 5 && r.H >= 5 {
		p.boxes = append(p.boxes, r)
		p.changed()
	}
	p.Refresh()
}

func abs(v int) int { return max(v, -v) }

func (p *redactPad) CreateRenderer() fyne.WidgetRenderer {
	return &redactRenderer{pad: p}
}

type redactRenderer struct {
	pad   *redactPad
	rects []fyne.CanvasObject
}

func (r *redactRenderer) Layout(size fyne.Size) {
	r.pad.img.Resize(size)
	r.pad.img.Move(fyne.NewPos(0, 0))
	r.Refresh()
}

func (r *redactRenderer) MinSize() fyne.Size { return fyne.NewSize(300, 400) }

func (r *redactRenderer) Refresh() {
	p := r.pad
	x, y, w, h := p.area()
	r.rects = r.rects[:0]
	box := func(b model.Rect, fill color.Color) {
		rect := canvas.NewRectangle(fill)
		rect.StrokeColor = color.NRGBA{R: 220, A: 255}
		rect.StrokeWidth = 2
		rect.Move(fyne.NewPos(x+w*float32(b.X)/1000, y+h*float32(b.Y)/1000))
		rect.Resize(fyne.NewSize(w*float32(b.W)/1000, h*float32(b.H)/1000))
		r.rects = append(r.rects, rect)
	}
	for _, b := range p.boxes {
		box(b, color.NRGBA{A: 200})
	}
	if p.dragFrom != nil {
		x1, y1 := p.toPage(*p.dragFrom)
		x2, y2 := p.toPage(p.dragTo)
		box(model.Rect{X: min(x1, x2), Y: min(y1, y2), W: abs(x2 - x1), H: abs(y2 - y1)}, color.NRGBA{A: 90})
	}
	p.img.Refresh()
	for _, o := range r.rects {
		o.Refresh()
	}
}

func (r *redactRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.pad.img}, r.rects...)
}

func (r *redactRenderer) Destroy() {}

// redactDialog walks the pages of the chosen documents.
type redactDialog struct {
	rq     *requestScreen
	pages  []storage.PageView
	labels []string
	boxes  map[string][]model.Rect
	pad    *redactPad
	list   *widget.List
	at     int
	status *widget.Label
	dlg    dialog.Dialog
}

func (rq *requestScreen) redact() {
	d := &redactDialog{rq: rq, boxes: map[string][]model.Rect{}, at: -1, status: widget.NewLabel("")}
	for k, v := range rq.m.Request.Redactions {
		d.boxes[k] = append([]model.Rect(nil), v...)
	}
	for _, dv := range rq.m.Documents {
		if !rq.chosen[dv.Doc.ID] {
			continue
		}
		for i, p := range dv.Pages {
			if p.Discarded {
				continue
			}
			d.pages = append(d.pages, p)
			d.labels = append(d.labels, fmt.Sprintf(lang.X("release.page_label", "%s %s p%d"), dv.Doc.Date, kit.DocTypeName(dv.Doc.Type), i+1))
		}
	}
	if len(d.pages) == 0 {
		rq.h.ShowError(fmt.Errorf("no scanned pages are chosen for release; tick the documents first"))
		return
	}
	d.pad = newRedactPad(d.padChanged)
	d.list = widget.NewList(func() int { return len(d.pages) },
		func() fyne.CanvasObject {
			return widget.NewLabel(lang.X("release.2016_03_02_discharge", "2016-03-02 Discharge summary p12 ■ 3"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := d.labels[i]
			if n := len(d.boxes[d.pages[i].ID.String()]); n > 0 {
				l += fmt.Sprintf("  ■ %d", n)
			}
			o.(*widget.Label).SetText(l)
		})
	d.list.OnSelected = func(i widget.ListItemID) { d.show(i) }
	tools := container.NewHBox(
		widget.NewButton(lang.X("release.undo_last_box", "Undo last box"), func() { d.undo() }),
		widget.NewButton(lang.X("release.clear_this_page", "Clear this page"), func() { d.clearPage() }),
		kit.SpacerH(), widget.NewButton(lang.X("common.cancel", "Cancel"), func() { d.dlg.Hide() }),
		widget.NewButton(lang.X("release.save_redactions", "Save redactions"), rq.h.Act(d.save)))
	help := widget.NewLabel(lang.X("release.drag_a_box_over", "Drag a box over anything that must not be released. The pixels under it are removed from the packet, not covered."))
	help.Wrapping = fyne.TextWrapWord
	split := container.NewHSplit(d.list, container.NewBorder(nil, d.status, nil, nil, d.pad))
	split.Offset = 0.3
	d.dlg = dialog.NewCustomWithoutButtons(lang.X("release.redact_pages", "Redact pages"), container.NewBorder(help, tools, nil, nil, split), rq.h.Win)
	d.dlg.Resize(rq.h.Fit(1000, 720))
	d.dlg.Show()
	d.list.Select(0)
}

func (d *redactDialog) show(i int) {
	d.store()
	d.at = i
	p := d.pages[i]
	d.pad.boxes = append([]model.Rect(nil), d.boxes[p.ID.String()]...)
	d.status.SetText(lang.X("common.loading", "Loading…"))
	kit.Run(d.rq.h, func(sess *storage.Session) (image.Image, error) { return pages.Decode(sess, p.Display, p.Rotation) }, func(img image.Image, err error) {
		if d.at != i {
			return
		}
		if err != nil {
			d.status.SetText(kit.Plain(err))
			return
		}
		d.status.SetText(fmt.Sprintf("%s · %s", d.labels[i], p.Source))
		d.pad.img.Image = img
		d.pad.Refresh()
	})
}

// store keeps the current page's boxes.
func (d *redactDialog) store() {
	if d.at < 0 {
		return
	}
	key := d.pages[d.at].ID.String()
	if len(d.pad.boxes) == 0 {
		delete(d.boxes, key)
	} else {
		d.boxes[key] = append([]model.Rect(nil), d.pad.boxes...)
	}
}

func (d *redactDialog) padChanged() { d.store(); d.list.RefreshItem(d.at) }

func (d *redactDialog) undo() {
	if n := len(d.pad.boxes); n > 0 {
		d.pad.boxes = d.pad.boxes[:n-1]
		d.pad.Refresh()
		d.padChanged()
	}
}

func (d *redactDialog) clearPage() {
	d.pad.boxes = nil
	d.pad.Refresh()
	d.padChanged()
}

func (d *redactDialog) save() {
	d.store()
	rq := d.rq
	r := rq.work()
	r.Redactions = d.boxes
	rev := rq.m.Rev
	kit.Run(rq.h, func(sess *storage.Session) (uint32, error) {
		return sess.Release().SaveWork(r, rev, "redactions marked")
	}, func(_ uint32, err error) {
		if err != nil {
			d.status.SetText(kit.Plain(err))
			return
		}
		d.dlg.Hide()
		rq.reload()
	})
}
