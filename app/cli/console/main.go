// dossier-cli is Dossier's command line alone, for a Windows console.
// dossier.exe is linked as a window program (-H=windowsgui) so that
// opening it from the Start menu shows no console; such a program has no
// standard streams in cmd.exe or PowerShell, which also do not wait for it
// to finish. Attaching to the parent console instead would print, but the
// shell's prompt would come back at once and read the same keyboard as the
// password prompt, and redirection and %ERRORLEVEL% would not work. So the
// installer ships this console program beside it: the same subcommands
// (app/cli) without the window, hence without cgo.
package main

import (
	"os"
	"runtime/debug"

	"dossier/app/cli"
	_ "dossier/app/plainlocale"
	"dossier/storage"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0"

func main() {
	storage.AppVersion = version
	// As in dossier's main: keep near 300 MiB on a 4 GB laptop.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(300 << 20)
	}
	os.Exit(cli.Main(&cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv}, os.Args[1:]))
}
