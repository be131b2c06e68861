package printing

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os/exec"
	"strconv"
	"strings"

	"dossier/model"
)

// RenderPage draws page n (from 1) of a PDF as an image for the preview,
// at dpi dots per inch. Go has no PDF renderer, so this uses poppler's
// pdftoppm (poppler-utils on Linux; on Windows pdftoppm.exe on the PATH),
// fed through pipes: the PDF goes in on its standard input and the PNG
// comes back on its standard output, and nothing is written to disk.
// Without pdftoppm the preview says so; saving and printing still work.
func RenderPage(pdf []byte, n, dpi int) (image.Image, error) {
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil, ErrNoPreview
	}
	cmd := exec.Command(bin, "-png", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("draw page %d for the preview: %s", n, firstLine(stderr.String(), err))
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		return nil, fmt.Errorf("draw page %d for the preview: %w", n, err)
	}
	return img, nil
}

// ErrNoPreview says why there is no preview, and what to do instead.
var ErrNoPreview = model.Errorf(model.Unavailable,
	"the preview needs pdftoppm (from poppler-utils), which is not installed on this computer: save the PDF and open it in a PDF reader to look through it")

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.String()
		}
		return err.Error()
	}
	return s
}
