package pages

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"image"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pageViewer shows one scanned page with zoom and pan. It draws the
// reduced display image (at most 1600 px on the long side), so zooming a
// 300 dpi scan stays smooth on a weak laptop.
type Viewer struct {
	h       *kit.Host
	img     *canvas.Image
	scroll  *container.Scroll
	Caption *widget.Label
	zoom    float32 // 0: fit the width of the pane
	size    fyne.Size
	page    model.Page
	loaded  int // sequence of the latest load, so a slow old load cannot replace a newer page
	Root    fyne.CanvasObject
}

func NewViewer(h *kit.Host, extra ...fyne.CanvasObject) *Viewer {
	v := &Viewer{h: h, Caption: widget.NewLabel(lang.X("pages.no_page_selected", "No page selected."))}
	// A caption names the scanned file, which can be long: it is cut
	// rather than making the pane (and the window) wider.
	v.Caption.Truncation = fyne.TextTruncateEllipsis
	v.img = canvas.NewImageFromImage(nil)
	v.img.FillMode = canvas.ImageFillContain
	v.img.ScaleMode = canvas.ImageScaleSmooth
	v.scroll = container.NewScroll(container.New(viewerLayout{v}, v.img))
	// The page's own tools fold into "More…" when the pane is narrow.
	tools := kit.Tools(append([]fyne.CanvasObject{
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { v.zoomBy(1 / 1.25) }),
		widget.NewButtonWithIcon(lang.X("pages.fit", "Fit"), theme.ZoomFitIcon(), v.fit),
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { v.zoomBy(1.25) }),
	}, extra...)...)
	v.Root = container.NewBorder(container.NewVBox(tools, v.Caption), nil, nil, nil, v.scroll)
	return v
}

// Show loads a page's display image in the background.
func (v *Viewer) Show(p model.Page, caption string) {
	v.page = p
	v.loaded++
	seq := v.loaded
	v.Caption.SetText(caption + "  " + lang.X("pages.loading", "(loading…)"))
	kit.Run(v.h, func(sess *storage.Session) (image.Image, error) { return Decode(sess, p.Display, p.Rotation) },
		func(img image.Image, err error) {
			if seq != v.loaded {
				return
			}
			if err != nil {
				v.Caption.SetText(caption + ": " + kit.Plain(err))
				return
			}
			v.Caption.SetText(caption)
			v.img.Image = img
			b := img.Bounds()
			v.size = fyne.NewSize(float32(b.Dx()), float32(b.Dy()))
			v.apply()
		})
}

// Clear empties the viewer.
func (v *Viewer) Clear(msg string) {
	v.loaded++
	v.page = model.Page{}
	v.img.Image = nil
	v.size = fyne.Size{}
	v.Caption.SetText(msg)
	v.apply()
}

func (v *Viewer) zoomBy(f float32) {
	if v.zoom == 0 {
		v.zoom = v.fitScale()
	}
	v.zoom = min(max(v.zoom*f, 0.1), 4)
	v.apply()
}

func (v *Viewer) fit() { v.zoom = 0; v.apply() }

// fitScale makes the page as wide as the pane.
func (v *Viewer) fitScale() float32 {
	if v.size.Width == 0 {
		return 1
	}
	w := v.scroll.Size().Width - theme.Padding()*4
	if w <= 0 {
		w = 600
	}
	return w / v.size.Width
}

func (v *Viewer) apply() {
	v.img.Refresh()
	v.scroll.Refresh()
}

// scaled is the page's size at the current zoom; "fit" follows the pane
// as it is resized.
func (v *Viewer) scaled() fyne.Size {
	z := v.zoom
	if z == 0 {
		z = v.fitScale()
	}
	return fyne.NewSize(v.size.Width*z, v.size.Height*z)
}

// pageLayout sizes the page image for the zoom and centres it across the
// pane; the scroll container pans when it is larger than the pane.
type viewerLayout struct{ v *Viewer }

func (l viewerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.v.scaled() }

func (l viewerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	s := l.v.scaled()
	objs[0].Resize(s)
	objs[0].Move(fyne.NewPos(max(0, (size.Width-s.Width)/2), 0))
}

// zoomLabel says the zoom for captions and tests.
func (v *Viewer) zoomLabel() string {
	if v.zoom == 0 {
		return "fit"
	}
	return fmt.Sprintf("%.0f%%", v.zoom*100)
}
