package ui

import (
	"fmt"
	"image"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pageViewer shows one scanned page with zoom and pan. It draws the
// reduced display image (at most 1600 px on the long side), so zooming a
// 300 dpi scan stays smooth on a weak laptop.
type pageViewer struct {
	ui      *UI
	img     *canvas.Image
	scroll  *container.Scroll
	caption *widget.Label
	zoom    float32 // 0: fit the width of the pane
	size    fyne.Size
	page    model.Page
	loaded  int // sequence of the latest load, so a slow old load cannot replace a newer page
	root    fyne.CanvasObject
}

func newPageViewer(ui *UI, extra ...fyne.CanvasObject) *pageViewer {
	v := &pageViewer{ui: ui, caption: widget.NewLabel("No page selected.")}
	v.img = canvas.NewImageFromImage(nil)
	v.img.FillMode = canvas.ImageFillContain
	v.img.ScaleMode = canvas.ImageScaleSmooth
	v.scroll = container.NewScroll(container.New(pageLayout{v}, v.img))
	tools := container.NewHBox(
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { v.zoomBy(1 / 1.25) }),
		widget.NewButtonWithIcon("Fit", theme.ZoomFitIcon(), v.fit),
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { v.zoomBy(1.25) }),
	)
	for _, o := range extra {
		tools.Add(o)
	}
	v.root = container.NewBorder(container.NewVBox(tools, v.caption), nil, nil, nil, v.scroll)
	return v
}

// Show loads a page's display image in the background.
func (v *pageViewer) Show(p model.Page, caption string) {
	v.page = p
	v.loaded++
	seq := v.loaded
	v.caption.SetText(caption + "  (loading…)")
	background(v.ui, func() (image.Image, error) { return decodePage(v.ui.sess, p.Display, p.Rotation) },
		func(img image.Image, err error) {
			if seq != v.loaded {
				return
			}
			if err != nil {
				v.caption.SetText(caption + ": " + plain(err))
				return
			}
			v.caption.SetText(caption)
			v.img.Image = img
			b := img.Bounds()
			v.size = fyne.NewSize(float32(b.Dx()), float32(b.Dy()))
			v.apply()
		})
}

// Clear empties the viewer.
func (v *pageViewer) Clear(msg string) {
	v.loaded++
	v.page = model.Page{}
	v.img.Image = nil
	v.size = fyne.Size{}
	v.caption.SetText(msg)
	v.apply()
}

func (v *pageViewer) zoomBy(f float32) {
	if v.zoom == 0 {
		v.zoom = v.fitScale()
	}
	v.zoom = min(max(v.zoom*f, 0.1), 4)
	v.apply()
}

func (v *pageViewer) fit() { v.zoom = 0; v.apply() }

// fitScale makes the page as wide as the pane.
func (v *pageViewer) fitScale() float32 {
	if v.size.Width == 0 {
		return 1
	}
	w := v.scroll.Size().Width - theme.Padding()*4
	if w <= 0 {
		w = 600
	}
	return w / v.size.Width
}

func (v *pageViewer) apply() {
	v.img.Refresh()
	v.scroll.Refresh()
}

// scaled is the page's size at the current zoom; "fit" follows the pane
// as it is resized.
func (v *pageViewer) scaled() fyne.Size {
	z := v.zoom
	if z == 0 {
		z = v.fitScale()
	}
	return fyne.NewSize(v.size.Width*z, v.size.Height*z)
}

// pageLayout sizes the page image for the zoom and centres it across the
// pane; the scroll container pans when it is larger than the pane.
type pageLayout struct{ v *pageViewer }

func (l pageLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.v.scaled() }

func (l pageLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	s := l.v.scaled()
	objs[0].Resize(s)
	objs[0].Move(fyne.NewPos(max(0, (size.Width-s.Width)/2), 0))
}

// zoomLabel says the zoom for captions and tests.
func (v *pageViewer) zoomLabel() string {
	if v.zoom == 0 {
		return "fit"
	}
	return fmt.Sprintf("%.0f%%", v.zoom*100)
}
