package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	scanin "dossier/reports/imports/scans"
)

// ErrNoSANE explains how to get scanner support where it is missing.
var ErrNoSANE = errors.New("scanning straight from a scanner needs SANE's scanimage, which is not installed. " +
	"On Debian or Ubuntu: sudo apt-get install sane-utils (then check the scanner with: scanimage -L). " +
	"Until then, scan to the scanner inbox folder or import the files")

// Scanner drives SANE's scanimage. Pages come back on its standard output,
// so no plain image file is ever written to disk.
type Scanner struct {
	Device     string // "" for the default device
	Resolution int    // dpi; 0 means 300
	Gray       bool
	Feeder     bool // automatic document feeder: scan until it is empty
}

// FindScanner reports the scanimage program, or ErrNoSANE.
func FindScanner() (string, error) {
	p, err := exec.LookPath("scanimage")
	if err != nil {
		return "", ErrNoSANE
	}
	return p, nil
}

func (s Scanner) args() []string {
	res := s.Resolution
	if res == 0 {
		res = 300
	}
	a := []string{"--format=png", "--resolution", strconv.Itoa(res)}
	if s.Device != "" {
		a = append(a, "--device-name", s.Device)
	}
	if s.Gray {
		a = append(a, "--mode", "Gray")
	}
	if s.Feeder {
		a = append(a, "--source", "ADF")
	}
	return a
}

// Scan takes one page, or with Feeder every page in the feeder (up to
// max). scanimage exits with status 7 when the feeder is empty.
func (s Scanner) Scan(ctx context.Context, max int, progress func(pages int)) ([]scanin.Input, error) {
	prog, err := FindScanner()
	if err != nil {
		return nil, err
	}
	var pages []scanin.Input
	for len(pages) < max {
		var out, stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, prog, s.args()...)
		cmd.Stdout, cmd.Stderr = &out, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.As(err, &exit) && exit.ExitCode() == 7 && len(pages) > 0:
			return pages, nil // feeder empty
		case err != nil:
			msg := strings.TrimSpace(stderr.String())
			if msg == "" {
				msg = err.Error()
			}
			return nil, fmt.Errorf("the scanner reported: %s", msg)
		}
		pages = append(pages, scanin.Input{Name: fmt.Sprintf("scanner page %d", len(pages)+1), Data: out.Bytes()})
		if progress != nil {
			progress(len(pages))
		}
		if !s.Feeder {
			break
		}
	}
	return pages, nil
}
