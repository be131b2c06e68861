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
		{"stats", "--from YYYY-MM-DD [--to YYYY-MM-DD] | --period P [--ward W] [--top N] [--by category|block|chapter] [--all-diagnoses] [--new year|ever] [--members KEY] --format table|csv|json", "the facility's statistics for a period: inpatient service statistics by ward, maternity, outpatients by sex and age, top diagnoses, deaths by cause, notifiable diseases; --members lists the patients a figure counts (audited)", runStats},
		{"device", "enrol --out FILE | revoke --reason TEXT", "enrol a new desk: a one-time enrolment file with the clinic's keys, a device ID and an MRN block, protected by a passphrase (DOSSIER_ENROL_PASSPHRASE or the prompt; administrators); or revoke this desk's replication", runDevice},
		{"join", "--from FILE --db PATH", "make a new desk's store from an enrolment file (passphrase from DOSSIER_ENROL_PASSPHRASE or the prompt); its first sync brings the records", runJoin},
		{"sync", "[--url URL [--ca FILE] [--proxy URL]] [--once] | status", "replicate with the clinic's CouchDB server, end to end encrypted (server user and password from DOSSIER_SYNC_USER and DOSSIER_SYNC_PASSWORD, stored sealed); every minute until stopped, or --once; status: last sync, what waits, problems", runSync},
		{"deficiencies", "[--clinician U] [--role R] [--delinquent] [--summary | --figures [--from YYYY-MM] [--to YYYY-MM]] --format table|csv", "list open chart deficiencies (what each record still lacks and who must complete it), oldest first; --summary counts them by person; --figures prints the delinquency rate by month and clinician, median days to complete and deficiencies by type (supervisors); CSV output is an audited export", runDeficiencies},
		{"record-audit", "list | show ID | draw --from DAY --to DAY [--ward W] [--n N] [--seed S] | report ID --out FILE.pdf [--compare ID2]  [--format table|csv]", "record audits (records supervisors): list those kept, show one's score by question and ward, draw a new seeded sample of the stays discharged in a period, or print the report; CSV output is an audited export", runRecordAudit},
		{"report", "monthly --period YYYY-MM --out FILE.pdf | dhis2 --period YYYY-MM [--out FILE [--adx]] [--send] [--org-unit UID] | dhis2 --definition FILE.json | dhis2 --server URL --server-user U | dhis2 --history [--period P] | dhis2 --example", "the ministry's monthly return (DHIS2): prints the month's values under the imported report definition, the rows not filled and what changed since the period was last sent; --out saves dataValueSet JSON (or ADX XML with --adx), --send posts it (dry run first, then the import) and prints the import summary; every return saved or sent is kept (--history); administrators import the definition and set the server; report monthly writes the Monthly statistics report (figures, top diagnoses, charts; an audited print)", runReport},
		{"registers", "disease|procedure|clinician|admissions|deaths|births --period YYYY-MM | --from DAY --to DAY [--code C] [--format table|csv|pdf] [--out FILE]", "print a register or index of a period: disease, procedure or clinician index, admission and discharge, death or birth register (opening audited; CSV is an audited export, PDF an audited print, landscape)", runRegisters},
		{"dedupe", "--csv FILE [--csv FILE2] [--map col=field,…] [--accept-broken] [--without national_id]", "find likely duplicates in CSV lists of people, or link two lists (no store needed)", runDedupe},
		{"worklist", "[--for U] [--limit N] [--list NAME]", "print what waits for the signed-in user (records supervisors: for U), list by list with counts, oldest first", runWorklist},
		{"casenotes", `--mrn MRN --out FILE|--printer P [--print-copies N] [--pages 1-3] --for "Ward 3"`, "print a patient's case notes to PDF or a printer for a ward or clinician (audited)", runCaseNotes},
		{"export", export.Names() + " --out FILE.csv | fhir (--mrn M | --all | --since DAY) --out PATH [--for WHOM]", "write a list as CSV for a spreadsheet, or records as FHIR R4 (one patient's Bundle, or Bulk Data NDJSON); audited; records supervisors and administrators", runExport},
		{"printers", "", "list the printers this computer offers (for --printer)", runPrinters},
		{"scan", "[--batch LABEL] FILE…", "import scanned pages (JPEG, PNG, TIFF, PDF); cover sheets file them, the rest go to the unfiled tray", runScan},
		{"labels", "--mrn MRN --kind folder|id --out FILE|--printer P [--layout NAME] [--skip N] [--copies N]", "print folder labels (colour-coded terminal digits) or patient ID labels (barcode) on a label sheet", runLabels},
		{"coversheet", "--mrn MRN --type lab --date YYYY-MM-DD --out FILE|--printer P", "print a cover sheet: pages scanned behind it are filed to the patient automatically", runCoverSheet},
		{"codes", `search [--system icd10cm|icd10pcs|all] [--limit N] "query"`, "search the ICD-10-CM and ICD-10-PCS code sets shipped with Dossier", runCodes},
		{"import", importNames() + " …", "bring records in: FHIR R4 Bundles or NDJSON (fhir FILE|FOLDER… [--dry-run] [--details]), HL7 v2 messages (hl7), an old patient register (register); dossier import help lists each", runImport},
		{"listen", "--mllp PORT", "answer HL7 v2 messages over MLLP (ACK AA/AE/AR) until Ctrl-C; this computer only unless an administrator allowed the LAN", runListen},
		{"bench", "[--patients N]", "measure store performance on a scratch store and print a table", runBench},
		{"bench-pages", "[--pages N]", "measure scanned-page import, page opening and saves on a scratch store holding N pages", runBenchPages},
		{"bench-verify", "[--patients N] [--pages P]", "build a scratch store of N patients and P scanned pages and time verifying it (dossier verify), with its memory", runBenchVerify},
		{"bench-rotate", "[--patients N] [--pages P]", "build a scratch store of N patients and P scanned pages and time rotating its keys (dossier rotate-keys), then verify it", runBenchRotate},
		{"bench-export", "[--patients N]", "build a scratch store of N patients, each with an encounter, and time the FHIR NDJSON export of it, with its memory", runBenchExport},
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
