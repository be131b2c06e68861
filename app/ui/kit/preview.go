package kit

import (
	"image"
	"os"

	printflow "dossier/app/flow/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// previewDPI draws a page sharp enough to read at the dialog's size.
const previewDPI = 80

// ShowPreview shows a PDF page by page (Page Up and Page Down turn pages).
// Pages are drawn off the UI goroutine and kept while the dialog is open.
func (h *Host) ShowPreview(title string, pdf []byte, pages int) {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(560, 500))
	where := widget.NewLabel("")
	msg := WrapLabel("")
	msg.Hide()
	drawn := map[int]image.Image{}
	page := 1
	var prev, next *widget.Button
	var show func(n int)
	show = func(n int) {
		if n < 1 || n > pages {
			return
		}
		page = n
		where.SetText(lang.X("kit.page_of", "Page {{.Page}} of {{.Pages}}", map[string]any{"Page": n, "Pages": pages}))
		SetEnabled(prev, n > 1)
		SetEnabled(next, n < pages)
		if im, ok := drawn[n]; ok {
			img.Image = im
			img.Refresh()
			return
		}
		Go(h, func() (image.Image, error) { return printflow.RenderPage(pdf, n, previewDPI) }, func(im image.Image, err error) {
			if err != nil {
				msg.SetText(Plain(err))
				msg.Show()
				return
			}
			drawn[n] = im
			if page == n {
				img.Image = im
				img.Refresh()
			}
		})
	}
	prev = widget.NewButtonWithIcon(lang.X("kit.previous_page", "Previous (Page Up)"), theme.NavigateBackIcon(), h.Act(func() { show(page - 1) }))
	next = widget.NewButtonWithIcon(lang.X("kit.next_page", "Next (Page Down)"), theme.NavigateNextIcon(), h.Act(func() { show(page + 1) }))
	var dlg dialog.Dialog
	closeBtn := widget.NewButton(lang.X("kit.close_esc", "Close (Esc)"), func() { dlg.Hide() })
	bar := container.NewHBox(prev, where, next, SpacerH(), closeBtn)
	dlg = dialog.NewCustomWithoutButtons(lang.X("kit.preview_of", "Preview: {{.Title}}", map[string]any{"Title": title}), container.NewBorder(msg, bar, nil, nil, img), h.Win)
	dlg.Resize(fyne.NewSize(720, MaxDialogHeight-20))
	before := h.Win.Canvas().OnTypedKey()
	dlg.SetOnClosed(func() { h.Win.Canvas().SetOnTypedKey(before) })
	h.Win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyPageUp, fyne.KeyUp, fyne.KeyLeft:
			show(page - 1)
		case fyne.KeyPageDown, fyne.KeyDown, fyne.KeyRight:
			show(page + 1)
		case fyne.KeyEscape:
			dlg.Hide()
		}
	})
	dlg.Show()
	// Keys go to the canvas only while nothing under the dialog has the focus.
	h.Win.Canvas().Unfocus()
	show(1)
}

// PreviewFile shows a PDF file of the given number of pages (a release
// packet just built) page by page.
func (h *Host) PreviewFile(title, path string, pages int) {
	Go(h, func() ([]byte, error) { return os.ReadFile(path) }, func(pdf []byte, err error) {
		if err != nil {
			h.ShowError(err)
			return
		}
		h.ShowPreview(title, pdf, pages)
	})
}
