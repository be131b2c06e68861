// Dossier: offline medical records for clinics. main only wires the parts:
// a subcommand runs headless, otherwise the window opens.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"

	"dossier/app/cli"
	_ "dossier/app/plainlocale" // before Fyne reads the locale
	"dossier/app/ui"
	"dossier/storage"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0"

func main() {
	storage.AppVersion = version
	// Weak laptops have 4 GB shared with everything else: ask the garbage
	// collector to keep Dossier near 300 MiB (a million-patient index lives
	// in about 250 MiB) unless the user chose a limit with GOMEMLIMIT.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(300 << 20)
	}
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(cli.Main(&cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv}, args))
	}
	fs := flag.NewFlagSet("dossier", flag.ExitOnError)
	db := fs.String("db", "", "the clinic store to open (default: in your data folder)")
	fs.Parse(args)
	if *db == "" {
		p, err := storage.DefaultPath()
		if err != nil {
			fmt.Fprintln(os.Stderr, "dossier: "+err.Error())
			os.Exit(1)
		}
		*db = p
	}
	ui.Run(*db, version)
}
