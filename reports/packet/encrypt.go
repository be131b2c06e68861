package packet

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var pdfcpuConfig sync.Once

// encrypt reads a finished PDF 2.0 file from plain, puts the scanned page
// images into it (it holds placeholders) and writes it to w encrypted with
// AES-256, security handler revision 6. The recipient opens it with
// password; the owner password is random and thrown away, so the
// permissions (view and print) cannot be lifted.
//
// This is what api.Encrypt does — read, validate and optimise into a
// context, then write the context with conf.Cmd = ENCRYPT — in its two
// halves, so that the images can be added between them without pdfcpu
// reading a copy of each.
func encrypt(plain io.ReadSeeker, im *images, w io.Writer, password string) (err error) {
	// pdfcpu would otherwise install a configuration directory (config.yml,
	// fonts, certificates) under the user's profile the first time it is
	// used, and panic if it cannot. Nothing here needs it; leave any choice
	// the application made alone.
	pdfcpuConfig.Do(func() {
		if model.ConfigPath == "default" {
			api.DisableConfigDir()
		}
	})
	defer func() { // pdfcpu reports some failures by panicking
		if p := recover(); p != nil {
			err = fmt.Errorf("pdfcpu: %v", p)
		}
	}()
	owner := make([]byte, 24)
	if _, err := rand.Read(owner); err != nil {
		return err
	}
	conf := model.NewAESConfiguration(password, hex.EncodeToString(owner), 256)
	conf.Permissions = model.PermissionsPrint
	conf.Cmd = model.ENCRYPT
	ctx, err := api.ReadValidateAndOptimize(plain, conf)
	if err != nil {
		return err
	}
	if err := im.inject(ctx); err != nil {
		return err
	}
	collectIfNeeded()
	return api.WriteContext(ctx, &gcWriter{w: w})
}

// inject replaces each placeholder image in ctx with its page image.
func (im *images) inject(ctx *model.Context) error {
	marker := []byte("DOSSIER-IMG-" + im.nonce + "-")
	found := 0
	for _, e := range ctx.XRefTable.Table {
		if e == nil || e.Free {
			continue
		}
		sd, ok := e.Object.(types.StreamDict)
		if !ok || !sd.Image() {
			continue
		}
		p := bytes.Index(sd.Raw, marker)
		if p < 0 {
			continue
		}
		rest := sd.Raw[p+len(marker):]
		end := bytes.IndexByte(rest, '.')
		k, err := strconv.Atoi(string(rest[:max(0, end)]))
		if end < 0 || err != nil || k < 0 || k >= len(im.jpg) || im.jpg[k] == nil {
			return errors.New("unknown image marker")
		}
		if len(sd.FilterPipeline) != 1 || sd.FilterPipeline[0].Name != "DCTDecode" {
			return errors.New("placeholder image lost its filter")
		}
		jpg, px := im.jpg[k], im.px[k]
		l := int64(len(jpg))
		sd.Raw, sd.Content, sd.StreamLength = jpg, nil, &l
		sd.Update("Length", types.Integer(l))
		sd.Update("Width", types.Integer(px[0]))
		sd.Update("Height", types.Integer(px[1]))
		sd.Update("ColorSpace", types.Name("DeviceGray"))
		sd.Update("BitsPerComponent", types.Integer(8))
		e.Object = sd
		found++
	}
	placed := 0
	for _, j := range im.jpg {
		if j != nil {
			placed++
		}
	}
	if found != placed {
		return fmt.Errorf("%d images placed, %d found in the document", placed, found)
	}
	return nil
}

// relabelPDF20 changes a "%PDF-1.x" header to "%PDF-2.0" in place. pdfcpu
// writes revision 6 (the PDF 2.0 handler) only into PDF 2.0 files, and
// revision 5 (Adobe's withdrawn interim, with a weaker password check) into
// older ones. Nothing gofpdf writes was removed in PDF 2.0, and the label
// has the same length, so no offset moves.
func relabelPDF20(doc []byte) error {
	if !bytes.HasPrefix(doc, []byte("%PDF-1.")) || len(doc) < 9 {
		return errors.New("not a PDF 1.x file")
	}
	copy(doc[5:8], "2.0")
	return nil
}
