// Package cli is Dossier without a window: the same storage and reports
// behind subcommands, for administrators, scripts and tests.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"dossier/app/flow/export"
	"dossier/storage"
)

// Env is what a command runs with; tests replace the streams.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          *os.File
	Getenv         func(string) string
}

// command is one subcommand.
type command struct {
	name, args, help string
	run              func(env *Env, g *globals, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"init", "--clinic NAME --prefix ABC [--admin USER] [--recovery-pdf FILE]", "set up a new clinic store and its administrator", runInit},
		{"demo", "--patients N --seed S", "create a demo clinic (a new store marked as a demo; default dossier-demo.dossier in the data folder) with synthetic patients, encounters and notes, or add to one; refuses a clinic store", runDemo},
		{"backup", "--to FILE", "write a hot, encrypted, verified-checksum backup of the store", runBackup},
		{"verify", "[--backup FILE [--recovery-key]] [--fingerprint FP] [--against FILE.dbak]...", "check the store (or a backup): structure, every record and page image, the audit chain and every entry's signature; names what is missing or altered; --fingerprint checks the root of trust against the recovery sheet; the live trail must contain the signed audit head of every backup the store recorded and each --against backup", runVerify},
		{"fingerprint", "", "print the store's root of trust (the first administrator's signing key fingerprint) to compare with the recovery sheet", runFingerprint},
		{"restore", "--from FILE [--recovery-key] [--other-clinic]", "restore a backup into the store (an administrator of the store, or its recovery key; the old file is kept)", runRestore},
		{"rotate-keys", "", "re-seal the whole store under a new data key (administrators; after a user who may have copied the file leaves, a laptop is lost or a password leaked): users sign in as before; Ctrl-C cancels and leaves the store as it was", runRotateKeys},
		{"audit", "verify | list [--last N] [--user U] [--action A] [--flagged]", "check the audit trail's chain, or list entries", runAudit},
		{"recover", "[--user USER]", "reset a user's password with the recovery key", runRecover},
		{"users", "list | add --username U --name N --role R", "list or add staff accounts", runUsers},
		{"search", `"query" [--sex F] [--born YEAR] [--age N] [--village V]`, "find patients by name (typos and sound-alikes too), MRN, phone, national ID or chart number", runSearch},
		{"deficiencies", "[--clinician U] [--role R] [--delinquent] [--summary | --figures [--from YYYY-MM] [--to YYYY-MM]] --format table|csv", "list open chart deficiencies (what each record still lacks and who must complete it), oldest first; --summary counts them by person; --figures prints the delinquency rate by month and clinician, median days to complete and deficiencies by type (supervisors); CSV output is an audited export", runDeficiencies},
		{"record-audit", "list | show ID | draw --from DAY --to DAY [--ward W] [--n N] [--seed S] | report ID --out FILE.pdf [--compare ID2]  [--format table|csv]", "record audits (records supervisors): list those kept, show one's score by question and ward, draw a new seeded sample of the stays discharged in a period, or print the report; CSV output is an audited export", runRecordAudit},
		{"dedupe", "--csv FILE [--csv FILE2] [--map col=field,…] [--accept-broken] [--without national_id]", "find likely duplicates in CSV lists of people, or link two lists (no store needed)", runDedupe},
		{"worklist", "[--for U] [--limit N] [--list NAME]", "print what waits for the signed-in user (records supervisors: for U), list by list with counts, oldest first", runWorklist},
		{"casenotes", `--mrn MRN --out FILE|--printer P [--print-copies N] [--pages 1-3] --for "Ward 3"`, "print a patient's case notes to PDF or a printer for a ward or clinician (audited)", runCaseNotes},
		{"export", export.Names() + " --out FILE.csv", "write a list as CSV for a spreadsheet (audited; records supervisors and administrators)", runExport},
		{"printers", "", "list the printers this computer offers (for --printer)", runPrinters},
		{"scan", "[--batch LABEL] FILE…", "import scanned pages (JPEG, PNG, TIFF, PDF); cover sheets file them, the rest go to the unfiled tray", runScan},
		{"labels", "--mrn MRN --kind folder|id --out FILE|--printer P [--layout NAME] [--skip N] [--copies N]", "print folder labels (colour-coded terminal digits) or patient ID labels (barcode) on a label sheet", runLabels},
		{"coversheet", "--mrn MRN --type lab --date YYYY-MM-DD --out FILE|--printer P", "print a cover sheet: pages scanned behind it are filed to the patient automatically", runCoverSheet},
		{"codes", `search [--system icd10cm|icd10pcs|all] [--limit N] "query"`, "search the ICD-10-CM and ICD-10-PCS code sets shipped with Dossier", runCodes},
		{"bench", "[--patients N]", "measure store performance on a scratch store and print a table", runBench},
		{"bench-pages", "[--pages N]", "measure scanned-page import, page opening and saves on a scratch store holding N pages", runBenchPages},
		{"bench-verify", "[--patients N] [--pages P]", "build a scratch store of N patients and P scanned pages and time verifying it (dossier verify), with its memory", runBenchVerify},
		{"bench-rotate", "[--patients N] [--pages P]", "build a scratch store of N patients and P scanned pages and time rotating its keys (dossier rotate-keys), then verify it", runBenchRotate},
		{"bench-open", "", "", runBenchOpen},              // child process of bench
		{"bench-verify-open", "", "", runBenchVerifyOpen}, // child process of bench-verify
	}
}

// globals are flags every command accepts, before or after its name.
type globals struct {
	db   string
	user string
}

// IsCommand reports whether args name a subcommand (any word that is not a
// flag or a flag's value); without one the window opens.
func IsCommand(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return true
		}
		name := strings.TrimLeft(a, "-")
		if (name == "db" || name == "user") && !strings.Contains(a, "=") {
			i++ // skip the flag's value
		}
	}
	return false
}

// Main runs a subcommand and returns the process exit code. Errors are
// one plain line on stderr.
func Main(env *Env, args []string) int {
	if err := run(env, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(env.Stderr, "dossier: "+oneLine(err))
		return 1
	}
	return 0
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

func run(env *Env, args []string) error {
	g := &globals{}
	var rest []string
	// Global flags may come anywhere; take them out first.
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "db" || name == "user") {
			if !hasVal {
				if i+1 >= len(args) {
					return fmt.Errorf("--%s needs a value", name)
				}
				i++
				val = args[i]
			}
			if name == "db" {
				g.db = val
			} else {
				g.user = val
			}
			continue
		}
		rest = append(rest, a)
	}
	if len(rest) == 0 || rest[0] == "help" {
		usage(env.Stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == rest[0] {
			if g.db == "" && c.name == "demo" {
				// Demo data never goes into the clinic's store by default.
				p, err := storage.DefaultDemoPath()
				if err != nil {
					return err
				}
				g.db = p
			}
			if g.db == "" {
				p, err := storage.DefaultPath()
				if err != nil {
					return err
				}
				g.db = p
			}
			return c.run(env, g, rest[1:])
		}
	}
	return fmt.Errorf("unknown command %q (run dossier help)", rest[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Dossier — medical records for clinics. With no command the window opens.")
	fmt.Fprintln(w, "\nUsage: dossier [--db PATH] [--user USER] COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		if c.help == "" {
			continue
		}
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\nPasswords are asked at the prompt, or read from DOSSIER_PASSWORD (new ones from DOSSIER_NEW_PASSWORD).")
}

// newFlags makes a command's flag set that reports errors as values.
func newFlags(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parse parses flags and refuses stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
