//go:build windows

package printing

import (
	"fmt"
	"unsafe"

	"dossier/model"

	"golang.org/x/sys/windows"
)

// On Windows the PDF goes to the print spooler through its API
// (winspool: StartDocPrinter, WritePrinter) from memory, as a RAW job: no
// file is written. A RAW PDF prints on printers that take PDF directly
// (most network laser printers); on others, save the PDF and print it from
// a PDF reader. Page ranges need a PDF reader too: the spooler sends the
// document as it is.

var (
	winspool             = windows.NewLazySystemDLL("winspool.drv")
	procEnumPrinters     = winspool.NewProc("EnumPrintersW")
	procGetDefault       = winspool.NewProc("GetDefaultPrinterW")
	procOpenPrinter      = winspool.NewProc("OpenPrinterW")
	procClosePrinter     = winspool.NewProc("ClosePrinter")
	procStartDocPrinter  = winspool.NewProc("StartDocPrinterW")
	procEndDocPrinter    = winspool.NewProc("EndDocPrinter")
	procStartPagePrinter = winspool.NewProc("StartPagePrinter")
	procEndPagePrinter   = winspool.NewProc("EndPagePrinter")
	procWritePrinter     = winspool.NewProc("WritePrinter")
)

const (
	printerEnumLocal       = 0x2
	printerEnumConnections = 0x4
)

// printerInfo4 is PRINTER_INFO_4W.
type printerInfo4 struct {
	name       *uint16
	server     *uint16
	attributes uint32
}

// docInfo1 is DOC_INFO_1W.
type docInfo1 struct {
	docName    *uint16
	outputFile *uint16
	datatype   *uint16
}

// Printers lists the local and connected printers, the default one marked.
func Printers() ([]Printer, error) {
	if err := procEnumPrinters.Find(); err != nil {
		return nil, model.Errorf(model.Unavailable, "the print spooler is not available: save the PDF instead")
	}
	flags := uintptr(printerEnumLocal | printerEnumConnections)
	var needed, returned uint32
	procEnumPrinters.Call(flags, 0, 4, 0, 0, uintptr(unsafe.Pointer(&needed)), uintptr(unsafe.Pointer(&returned)))
	if needed == 0 {
		return nil, nil
	}
	buf := make([]byte, needed)
	r, _, err := procEnumPrinters.Call(flags, 0, 4, uintptr(unsafe.Pointer(&buf[0])), uintptr(needed),
		uintptr(unsafe.Pointer(&needed)), uintptr(unsafe.Pointer(&returned)))
	if r == 0 {
		return nil, model.Errorf(model.Unavailable, "the print spooler did not list its printers: %v", err)
	}
	def := defaultPrinter()
	infos := unsafe.Slice((*printerInfo4)(unsafe.Pointer(&buf[0])), returned)
	ps := make([]Printer, 0, returned)
	for _, in := range infos {
		name := windows.UTF16PtrToString(in.name)
		ps = append(ps, Printer{Name: name, Default: name == def})
	}
	return ps, nil
}

func defaultPrinter() string {
	var n uint32
	procGetDefault.Call(0, uintptr(unsafe.Pointer(&n)))
	if n == 0 {
		return ""
	}
	buf := make([]uint16, n)
	if r, _, _ := procGetDefault.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); r == 0 {
		return ""
	}
	return windows.UTF16ToString(buf)
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

// spool writes pdf to the printer as one RAW job per copy.
func spool(pdf []byte, title string, o PrintOptions, _ bool) error {
	if o.Pages != "" {
		return model.Errorf(model.Invalid, "on Windows Dossier prints every page: to print some pages, save the PDF and print it from a PDF reader")
	}
	name, err := windows.UTF16PtrFromString(o.Printer)
	if err != nil {
		return err
	}
	var h windows.Handle
	if r, _, err := procOpenPrinter.Call(uintptr(unsafe.Pointer(name)), uintptr(unsafe.Pointer(&h)), 0); r == 0 {
		return fmt.Errorf("open printer %s: %v", o.Printer, err)
	}
	defer procClosePrinter.Call(uintptr(h))
	doc, _ := windows.UTF16PtrFromString(title)
	raw, _ := windows.UTF16PtrFromString("RAW")
	for range o.Copies {
		di := docInfo1{docName: doc, datatype: raw}
		if r, _, err := procStartDocPrinter.Call(uintptr(h), 1, uintptr(unsafe.Pointer(&di))); r == 0 {
			return fmt.Errorf("start the print job: %v", err)
		}
		err := writeJob(h, pdf)
		procEndDocPrinter.Call(uintptr(h))
		if err != nil {
			return err
		}
	}
	return nil
}

func writeJob(h windows.Handle, pdf []byte) error {
	if r, _, err := procStartPagePrinter.Call(uintptr(h)); r == 0 {
		return fmt.Errorf("start the page: %v", err)
	}
	defer procEndPagePrinter.Call(uintptr(h))
	for len(pdf) > 0 {
		var written uint32
		r, _, err := procWritePrinter.Call(uintptr(h), uintptr(unsafe.Pointer(&pdf[0])), uintptr(len(pdf)), uintptr(unsafe.Pointer(&written)))
		if r == 0 || written == 0 {
			return fmt.Errorf("send the document to the printer: %v", err)
		}
		pdf = pdf[written:]
	}
	return nil
}
