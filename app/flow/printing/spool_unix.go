//go:build !windows

package printing

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"dossier/model"
)

// On Linux (and macOS) printing goes through CUPS: lpstat lists the
// queues, lp takes the PDF on its standard input. The PDF is never written
// to a file of Dossier's; CUPS keeps its own copy in its spool folder
// until the job is done (README: PreserveJobFiles No).

// Printers lists the system's print queues, the default one marked.
func Printers() ([]Printer, error) {
	if _, err := exec.LookPath("lpstat"); err != nil {
		return nil, model.Errorf(model.Unavailable, "no printing system found (CUPS is not installed): save the PDF instead")
	}
	out, err := lpstat("-e")
	if err != nil {
		return nil, err
	}
	def := defaultPrinter()
	var ps []Printer
	for _, line := range strings.Split(string(out), "\n") {
		if name := strings.TrimSpace(line); name != "" {
			ps = append(ps, Printer{Name: name, Default: name == def})
		}
	}
	return ps, nil
}

// defaultPrinter is the system's default queue ("" when none is set).
func defaultPrinter() string {
	out, err := lpstat("-d")
	if err != nil {
		return ""
	}
	// "system default destination: Office"
	if _, name, ok := strings.Cut(string(out), ":"); ok {
		return strings.TrimSpace(name)
	}
	return ""
}

func lpstat(args ...string) ([]byte, error) {
	cmd := exec.Command("lpstat", args...)
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, model.Errorf(model.Unavailable, "the printing system did not answer: %s", msg)
		}
		return nil, model.Errorf(model.Unavailable, "the printing system did not answer: %v", err)
	}
	return out, nil
}

func printerExists(name string) error {
	ps, err := Printers()
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Name == name {
			return nil
		}
	}
	return model.Errorf(model.NotFound, "there is no printer called %q: choose one from the list", name)
}

// spool hands pdf to lp through a pipe.
func spool(pdf []byte, title string, o PrintOptions, actualSize bool) error {
	args := []string{"-d", o.Printer, "-n", strconv.Itoa(o.Copies), "-t", title}
	if o.Pages != "" {
		args = append(args, "-P", o.Pages)
	}
	if actualSize {
		args = append(args, "-o", "print-scaling=none", "-o", "fit-to-page=false")
	}
	cmd := exec.Command("lp", args...)
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=C")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if msg := strings.TrimSpace(stderr.String()); msg != "" && errors.As(err, &exit) {
			return fmt.Errorf("lp: %s", msg)
		}
		return fmt.Errorf("lp: %w", err)
	}
	return nil
}
