package model

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"

	"dossier/model/calendar"
)

// User is a member of staff who signs in to Dossier.
type User struct {
	ID       ID        `json:"id"`
	Username string    `json:"username"`
	FullName string    `json:"fullName"`
	Role     Role      `json:"role"`
	Disabled bool      `json:"disabled,omitempty"`
	Created  time.Time `json:"created"`
	// Keys are the user's Ed25519 public signing keys, oldest first; the
	// last is the one in use. Each is certified by the key that issued it.
	Keys []SigningKey `json:"keys,omitempty"`
}

// SigningKey is one public signing key of a user and its certificate: an
// Ed25519 signature by Issuer (an administrator's key, the store's root
// key, or the recovery key's signing key) over the user's ID, username,
// role and this key. Issuer is empty while no administrator has certified
// the key yet (a key made at the first sign-in after signing keys began).
type SigningKey struct {
	Pub     []byte    `json:"pub"`
	Issuer  []byte    `json:"issuer,omitempty"`
	Cert    []byte    `json:"cert,omitempty"`
	Created time.Time `json:"created"`
}

// CurrentKey is the user's signing key in use (nil when there is none).
func (u User) CurrentKey() *SigningKey {
	if len(u.Keys) == 0 {
		return nil
	}
	return &u.Keys[len(u.Keys)-1]
}

// NormalizeUsername folds case and surrounding space so "Amina " signs in as "amina".
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateUsername allows letters, digits, dot, dash and underscore.
func ValidateUsername(s string) error {
	s = NormalizeUsername(s)
	if len(s) < 2 || len(s) > 32 {
		return errors.New("a username has 2 to 32 characters")
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '-' && r != '_' {
			return errors.New("a username uses only letters, digits, '.', '-' and '_'")
		}
	}
	return nil
}

// ValidatePassword sets the minimum a clinic password must meet. Long
// passphrases beat complexity rules, so only length is required.
func ValidatePassword(p string) error {
	if len([]rune(p)) < 8 {
		return errors.New("a password needs at least 8 characters")
	}
	return nil
}

// Clinic holds the clinic's identity and settings.
type Clinic struct {
	Name      string `json:"name"`
	MRNPrefix string `json:"mrnPrefix"`
	Address   string `json:"address,omitempty"`
	// IdleLockMinutes locks the screen after this much inactivity.
	IdleLockMinutes int `json:"idleLock"`
	// BackupReminderDays: remind when the last backup is older than this.
	BackupReminderDays int `json:"backupDays"`
	// AddressLevels names the levels of an address, e.g. Region, District, Village.
	AddressLevels []string `json:"addressLevels,omitempty"`
	// DateOrder is how dates are written on the clinic's paper: "DMY"
	// (12/03/2024 is 12 March), "MDY" or "YMD". Empty means DMY.
	DateOrder string `json:"dateOrder,omitempty"`
	// DoubleEntry asks a second clerk to key the double-entry fields of
	// every transcribed document blind.
	DoubleEntry bool `json:"doubleEntry,omitempty"`
	// DoubleEntryFields chooses, per document type, the form fields keyed
	// twice; a type not listed uses its template's defaults (dates,
	// diagnoses, drugs, results).
	DoubleEntryFields map[DocType][]string `json:"doubleEntryFields,omitempty"`
	// Calendar is the calendar dates are shown and read in: "" or
	// "gregorian", or "ethiopian" (model/calendar IDs). Dates are stored
	// Gregorian whatever it is, so changing it changes no record.
	Calendar string `json:"calendar,omitempty"`
	// Language is the language of the window and printed documents, one of
	// Languages; "" follows the computer's. Applied at the next start.
	Language string `json:"language,omitempty"`
	// Interfaces are the HL7 v2 settings: the MLLP listener and ADT sent out.
	Interfaces InterfaceSettings `json:"interfaces,omitzero"`
}

// Languages are the languages Dossier speaks, as ISO 639-1 codes.
var Languages = []string{"en", "fr", "pt", "sw"}

// LanguageName is a language's name in itself, for the choice in Settings
// (a clerk who reads only that language must find it).
func LanguageName(code string) string {
	switch code {
	case "en":
		return "English"
	case "fr":
		return "Français"
	case "pt":
		return "Português"
	case "sw":
		return "Kiswahili"
	}
	return ""
}

// DefaultClinic returns settings a new clinic starts with.
func DefaultClinic(name, prefix string) Clinic {
	return Clinic{Name: name, MRNPrefix: prefix, IdleLockMinutes: 10, BackupReminderDays: 7,
		AddressLevels: []string{"Region", "District", "Village"}}
}

// Validate checks clinic settings.
func (c Clinic) Validate() error {
	if strings.TrimSpace(c.Name) == "" {
		return errors.New("enter the clinic's name")
	}
	if err := ValidPrefix(c.MRNPrefix); err != nil {
		return err
	}
	switch c.DateOrder {
	case "", "DMY", "MDY", "YMD":
	default:
		return errors.New("the date order is day-month-year (DMY), month-day-year (MDY) or year-month-day (YMD)")
	}
	if _, ok := calendar.Lookup(c.Calendar); !ok && c.Calendar != "" {
		return errors.New("the calendar is Gregorian or Ethiopian")
	}
	if c.Language != "" && !slices.Contains(Languages, c.Language) {
		return errors.New("the language is English (en), French (fr), Portuguese (pt) or Swahili (sw)")
	}
	if c.IdleLockMinutes < 1 || c.IdleLockMinutes > 240 {
		return errors.New("the idle lock is between 1 and 240 minutes")
	}
	if c.BackupReminderDays < 1 || c.BackupReminderDays > 365 {
		return errors.New("the backup reminder is between 1 and 365 days")
	}
	return nil
}
