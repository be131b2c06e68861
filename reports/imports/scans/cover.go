package scans

import (
	"context"
	"slices"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"dossier/model"
)

// Cover sheets carry a QR code at least 60 mm wide near the top right and a
// smaller copy turned 180° near the bottom left. On an A4 display image
// (1131×1600) the large code's modules are about 10 pixels, so one plain
// pass of the QR reader finds it whichever way up the sheet was fed. That
// pass is what every page pays: about 6 ms on a page of text
// (BenchmarkCover), against some 70 ms to decode an A4 JPEG.
//
// Only when it finds nothing on a mostly white page do we look harder
// (TRY_HARDER, another 10 ms), on the image turned 180°: the small copy then
// sits where the large one would, which helps when a staple or a fold
// spoils the large code (TestCoverSmallCopy).

// coverMaxInk: a cover sheet (two codes, a heading, a few lines) measures
// 3–6% ink; pages above this never get the slower second pass.
const coverMaxInk = 0.08

func findCover(ctx context.Context, lum []byte, w, h int, inkShare float64) (c *model.Cover, err error) {
	defer func() {
		if r := recover(); r != nil { // the reader must never lose a page
			c, err = nil, nil
		}
	}()
	text, ok := readQR(lum, w, h, nil)
	if !ok && inkShare < coverMaxInk && ctx.Err() == nil {
		hard := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
		rot := slices.Clone(lum)
		slices.Reverse(rot) // 180°: reversing a row-major image turns it half round
		text, ok = readQR(rot, w, h, hard)
	}
	if !ok || !strings.HasPrefix(strings.TrimSpace(text), model.CoverPrefix) {
		return nil, nil
	}
	cover, isCover, perr := model.ParseCover(text)
	if !isCover {
		return nil, nil
	}
	if perr != nil {
		return nil, perr
	}
	return &cover, nil
}

func readQR(lum []byte, w, h int, hints map[gozxing.DecodeHintType]any) (string, bool) {
	src, err := gozxing.NewPlanarYUVLuminanceSource(lum, w, h, 0, 0, w, h, false)
	if err != nil {
		return "", false
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return "", false
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", false
	}
	return res.GetText(), true
}
