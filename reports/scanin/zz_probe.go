package scanin

import (
	_ "github.com/pdfcpu/pdfcpu/pkg/api"
	_ "github.com/makiuchi-d/gozxing/qrcode"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/draw"
	_ "github.com/boombuler/barcode/qr"
)
